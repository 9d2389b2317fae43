// Placeholder until the feature lands.
export function SegmentEditorPage({ id }: { id: string }) {
  return <div className="p-6 text-sm text-slate-500">SegmentEditorPage {id}</div>
}
