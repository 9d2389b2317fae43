// Placeholder until the feature lands.
export function AnalyticsDashboardPage() {
  return <div className="p-6 text-sm text-slate-500">AnalyticsDashboardPage</div>
}
