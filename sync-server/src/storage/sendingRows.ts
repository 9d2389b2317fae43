import type { CampaignRun, RecipientCounts, RecipientStatus } from './sendingPort'

// Row shapes of the sending tables as both dialects return them, and their mapping.

export interface CampaignRunRow {
  workspace_id: string
  campaign_id: string
  links: string
  template: string
  total: number
  suppressed: number
  duplicates: number
  created_at: number
}
export const RUN_COLUMNS = 'workspace_id, campaign_id, links, template, total, suppressed, duplicates, created_at'

export function toCampaignRun(row: CampaignRunRow): CampaignRun {
  return {
    workspaceId: row.workspace_id,
    campaignId: row.campaign_id,
    links: JSON.parse(row.links) as string[],
    templateJson: row.template,
    total: row.total,
    suppressed: row.suppressed,
    duplicates: row.duplicates,
    createdAt: row.created_at,
  }
}

export interface ClaimedRow {
  contact_id: string
  email: string
  attempts: number
}

const RECIPIENT_STATUSES: readonly RecipientStatus[] = ['queued', 'sending', 'sent', 'failed', 'bounced', 'skipped']

export function toRecipientStatus(value: string): RecipientStatus {
  const status = RECIPIENT_STATUSES.find((candidate) => candidate === value)
  if (status === undefined) throw new Error(`unknown recipient status in storage: ${value}`)
  return status
}

export function emptyRecipientCounts(): RecipientCounts {
  return { queued: 0, sending: 0, sent: 0, failed: 0, bounced: 0, skipped: 0 }
}
