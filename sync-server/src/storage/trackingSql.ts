import type { CampaignEngagement, TrackingEventRecord } from './trackingStore'

// SQL and row mapping shared by trackingSqlite.ts and trackingPostgres.ts. Placeholders are
// written `$1…`; SQLite accepts them as numbered parameters too.

const HOUR_MS = 3_600_000

export const INSERT_COLUMNS = 'workspace_id, campaign_id, contact_id, type, link_index, at, machine, ua_family'

export const CAMPAIGN_TOTALS_SQL = `
  SELECT
    COALESCE(SUM(CASE WHEN type = 'open' AND machine = 0 THEN 1 ELSE 0 END), 0) AS opens,
    COUNT(DISTINCT CASE WHEN type = 'open' AND machine = 0 THEN contact_id END) AS unique_opens,
    COALESCE(SUM(CASE WHEN type = 'open' AND machine = 1 THEN 1 ELSE 0 END), 0) AS machine_opens,
    COALESCE(SUM(CASE WHEN type = 'click' AND machine = 0 THEN 1 ELSE 0 END), 0) AS clicks,
    COUNT(DISTINCT CASE WHEN type = 'click' AND machine = 0 THEN contact_id END) AS unique_clicks,
    COALESCE(SUM(CASE WHEN type = 'click' AND machine = 1 THEN 1 ELSE 0 END), 0) AS machine_clicks,
    COUNT(DISTINCT CASE WHEN type = 'unsubscribe' THEN contact_id END) AS unsubscribes
  FROM tracking_events WHERE workspace_id = $1 AND campaign_id = $2`

export const CAMPAIGN_LINKS_SQL = `
  SELECT link_index, COUNT(*) AS clicks, COUNT(DISTINCT contact_id) AS unique_clicks
  FROM tracking_events WHERE workspace_id = $1 AND campaign_id = $2 AND type = 'click' AND machine = 0
  GROUP BY link_index ORDER BY link_index`

export const CAMPAIGN_TIMELINE_SQL = `
  SELECT (at / ${HOUR_MS}) * ${HOUR_MS} AS bucket,
    SUM(CASE WHEN type = 'open' THEN 1 ELSE 0 END) AS opens,
    SUM(CASE WHEN type = 'click' THEN 1 ELSE 0 END) AS clicks
  FROM tracking_events WHERE workspace_id = $1 AND campaign_id = $2 AND machine = 0 AND type IN ('open', 'click')
  GROUP BY (at / ${HOUR_MS}) ORDER BY bucket LIMIT $3`

export const FIRST_COLUMNS = 'workspace_id, campaign_id, contact_id, type, machine, link_index'

/** Adds a first-of-kind key unless present: one row changed means the event is the first of its kind. */
export const ADD_FIRST_SQL = `INSERT INTO tracking_firsts (${FIRST_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`

export interface TotalsRow {
  opens: number | string
  unique_opens: number | string
  machine_opens: number | string
  clicks: number | string
  unique_clicks: number | string
  machine_clicks: number | string
  unsubscribes: number | string
}

export interface LinkRow {
  link_index: number | string
  clicks: number | string
  unique_clicks: number | string
}

export interface TimelineRow {
  bucket: number | string
  opens: number | string
  clicks: number | string
}

// PostgreSQL returns SUM() as numeric (text); SQLite returns numbers.
const n = (value: number | string | null | undefined): number => Number(value ?? 0)

export function toEngagement(totals: TotalsRow | undefined, links: readonly LinkRow[], timeline: readonly TimelineRow[]): CampaignEngagement {
  return {
    opens: n(totals?.opens),
    uniqueOpens: n(totals?.unique_opens),
    machineOpens: n(totals?.machine_opens),
    clicks: n(totals?.clicks),
    uniqueClicks: n(totals?.unique_clicks),
    machineClicks: n(totals?.machine_clicks),
    unsubscribes: n(totals?.unsubscribes),
    links: links.map((row) => ({ linkIndex: n(row.link_index), clicks: n(row.clicks), uniqueClicks: n(row.unique_clicks) })),
    timeline: timeline.map((row) => ({ at: n(row.bucket), opens: n(row.opens), clicks: n(row.clicks) })),
  }
}

/** Key values of one event, in FIRST_COLUMNS order. */
export function firstValues(event: TrackingEventRecord): [string, string, string, string, number, number] {
  return [event.workspaceId, event.campaignId, event.contactId, event.type, event.machine ? 1 : 0, event.linkIndex]
}

/** Column values of one event, in INSERT_COLUMNS order. */
export function eventValues(event: TrackingEventRecord): [string, string, string, string, number, number, number, string] {
  return [event.workspaceId, event.campaignId, event.contactId, event.type, event.linkIndex, event.at, event.machine ? 1 : 0, event.userAgentFamily]
}

/** The email of a stored contact document's JSON, or null when deleted or without one. */
export function liveEmail(json: string | undefined): string | null {
  if (json === undefined) return null
  const doc = JSON.parse(json) as { email?: unknown; _deleted?: unknown }
  return doc._deleted === true || typeof doc.email !== 'string' ? null : doc.email
}
