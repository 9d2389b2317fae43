import type { AbVariantFigures, CampaignRun, ClaimedRecipient, RecipientCounts, RecipientStatus } from './sendingPort'

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
  ab_test: string | null
  ab_winner_id: string | null
  ab_decided_by: string | null
  ab_decided_at: number | string | null
}
/** The columns a run is written with (the A/B decision is written later, by decideAbWinner). */
export const RUN_COLUMNS = 'workspace_id, campaign_id, links, template, total, suppressed, duplicates, created_at, ab_test'
export const RUN_READ_COLUMNS = `${RUN_COLUMNS}, ab_winner_id, ab_decided_by, ab_decided_at`

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
    ...(row.ab_test === null ? {} : { abTestJson: row.ab_test }),
    ...(row.ab_winner_id === null
      ? {}
      : { abDecision: { winnerId: row.ab_winner_id, decidedBy: row.ab_decided_by ?? '', decidedAt: Number(row.ab_decided_at ?? 0) } }),
  }
}

export interface ClaimedRow {
  contact_id: string
  email: string
  attempts: number
  variant: string
}

export function toClaimedRecipient(row: ClaimedRow): ClaimedRecipient {
  return { contactId: row.contact_id, email: row.email, attempts: row.attempts, ...(row.variant === '' ? {} : { variant: row.variant }) }
}

/** Per-variant figures of an A/B test share (queue side and engagement side), as both dialects return them. */
export interface AbQueueRow {
  variant: string
  recipients: number | string
  sent: number | string
  pending: number | string
  first_sent_at: number | string | null
}
export interface AbEngagementRow {
  variant: string
  unique_opens: number | string
  unique_clicks: number | string
}

// `$1` workspace, `$2` campaign. Only test-share rows carry a variant.
export const AB_QUEUE_SQL = `
  SELECT variant, COUNT(*) AS recipients,
    SUM(CASE WHEN status = 'sent' THEN 1 ELSE 0 END) AS sent,
    SUM(CASE WHEN status IN ('queued', 'sending') THEN 1 ELSE 0 END) AS pending,
    MIN(sent_at) AS first_sent_at
  FROM recipients WHERE workspace_id = $1 AND campaign_id = $2 AND variant <> ''
  GROUP BY variant`
// `$1`/`$3` workspace, `$2`/`$4` campaign. Driven from the campaign's events (one row per person
// who engaged), each joined to its recipient row by primary key: never a scan of the events per
// recipient. CROSS JOIN keeps that order on SQLite (its planner otherwise picked the other one).
export const AB_ENGAGEMENT_SQL = `
  SELECT r.variant, SUM(e.opened) AS unique_opens, SUM(e.clicked) AS unique_clicks
  FROM (
    SELECT contact_id,
      MAX(CASE WHEN type = 'open' THEN 1 ELSE 0 END) AS opened,
      MAX(CASE WHEN type = 'click' THEN 1 ELSE 0 END) AS clicked
    FROM tracking_events
    WHERE workspace_id = $1 AND campaign_id = $2 AND machine = 0 AND type IN ('open', 'click')
    GROUP BY contact_id) e
  CROSS JOIN recipients r
  WHERE r.workspace_id = $3 AND r.campaign_id = $4 AND r.contact_id = e.contact_id AND r.variant <> ''
  GROUP BY r.variant`

export function toAbVariantFigures(queue: readonly AbQueueRow[], engagement: readonly AbEngagementRow[]): AbVariantFigures[] {
  const engaged = new Map(engagement.map((row) => [row.variant, row]))
  return queue
    .map((row) => ({
      variantId: row.variant,
      recipients: Number(row.recipients),
      sent: Number(row.sent ?? 0),
      pending: Number(row.pending ?? 0),
      firstSentAt: row.first_sent_at === null ? null : Number(row.first_sent_at),
      uniqueOpens: Number(engaged.get(row.variant)?.unique_opens ?? 0),
      uniqueClicks: Number(engaged.get(row.variant)?.unique_clicks ?? 0),
    }))
    .sort((a, b) => (a.variantId < b.variantId ? -1 : a.variantId > b.variantId ? 1 : 0))
}

const RECIPIENT_STATUSES: readonly RecipientStatus[] = ['queued', 'sending', 'sent', 'failed', 'bounced', 'skipped', 'held']

export function toRecipientStatus(value: string): RecipientStatus {
  const status = RECIPIENT_STATUSES.find((candidate) => candidate === value)
  if (status === undefined) throw new Error(`unknown recipient status in storage: ${value}`)
  return status
}

export function emptyRecipientCounts(): RecipientCounts {
  return { queued: 0, sending: 0, sent: 0, failed: 0, bounced: 0, skipped: 0, held: 0 }
}
