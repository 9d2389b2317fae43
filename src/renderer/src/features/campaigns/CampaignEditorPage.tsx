// Placeholder until the feature lands.
export function CampaignEditorPage({ id }: { id: string }) {
  return <div className="p-6 text-sm text-slate-500">CampaignEditorPage {id}</div>
}
