// Placeholder until the feature lands.
export function TemplatesPage() {
  return <div className="p-6 text-sm text-slate-500">TemplatesPage</div>
}
