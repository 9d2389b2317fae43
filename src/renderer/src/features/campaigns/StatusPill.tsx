import type { CampaignStatus } from '@core/schema'
import { CAMPAIGN_STATUS_LABELS, CAMPAIGN_STATUS_PILL } from './campaignDisplay'

export function StatusPill({ status }: { status: CampaignStatus }) {
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${CAMPAIGN_STATUS_PILL[status]}`}>
      {status === 'sending' ? <span aria-hidden className="h-1.5 w-1.5 animate-pulse rounded-full bg-current" /> : null}
      {CAMPAIGN_STATUS_LABELS[status]}
    </span>
  )
}
