// Placeholder until the feature lands.
export function CampaignsPage() {
  return <div className="p-6 text-sm text-slate-500">CampaignsPage</div>
}
