// Placeholder until the feature lands.
export function CampaignReportPage({ id }: { id: string }) {
  return <div className="p-6 text-sm text-slate-500">CampaignReportPage {id}</div>
}
