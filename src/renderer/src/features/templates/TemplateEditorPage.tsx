// Placeholder until the feature lands.
export function TemplateEditorPage({ id }: { id: string }) {
  return <div className="p-6 text-sm text-slate-500">TemplateEditorPage {id}</div>
}
