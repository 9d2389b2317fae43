// Placeholder until the feature lands.
export function SegmentsPage() {
  return <div className="p-6 text-sm text-slate-500">SegmentsPage</div>
}
