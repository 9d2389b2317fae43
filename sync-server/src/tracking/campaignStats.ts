import { CAMPAIGN_LIMITS, emptyCampaignStats } from '@core/schema/campaigns'
import type { CampaignStats } from '@core/schema/campaigns'
import type { CampaignEngagement } from '../storage/trackingStore'

// Campaign stats have two writers: sending owns the delivery counters, tracking owns engagement.
// Each reads the other's part from the current document (inside the write transaction) and
// writes its own, so neither overwrites the other's figures.

const SENDING_FIELDS = ['recipients', 'suppressed', 'sent', 'delivered', 'failed', 'bounced'] as const
const URL_MAX = 2048

/**
 * The campaign's stats with engagement replaced by `engagement`: delivery counters kept from
 * `current` (zero when absent), one row per stored link (`links`; when unknown, the links
 * already in `current`), opens and clicks human-only with machine ones counted apart.
 */
export function buildCampaignStats(current: unknown, engagement: CampaignEngagement, links: readonly string[] | null, now: number): CampaignStats {
  const base = emptyCampaignStats()
  const existing = isRecord(current) ? current : {}
  const sending = Object.fromEntries(SENDING_FIELDS.map((field) => [field, count(existing[field])])) as Pick<CampaignStats, (typeof SENDING_FIELDS)[number]>
  const urls = links ?? existingLinkUrls(existing.links)
  const byIndex = new Map(engagement.links.map((link) => [link.linkIndex, link]))
  return {
    ...base,
    ...sending,
    opens: engagement.opens,
    uniqueOpens: engagement.uniqueOpens,
    machineOpens: engagement.machineOpens,
    clicks: engagement.clicks,
    uniqueClicks: engagement.uniqueClicks,
    machineClicks: engagement.machineClicks,
    unsubscribes: engagement.unsubscribes,
    links: urls.slice(0, CAMPAIGN_LIMITS.links).map((url, index) => ({
      url: url.slice(0, URL_MAX),
      clicks: byIndex.get(index)?.clicks ?? 0,
      uniqueClicks: byIndex.get(index)?.uniqueClicks ?? 0,
    })),
    timeline: engagement.timeline.slice(0, CAMPAIGN_LIMITS.timeline).map(({ at, opens, clicks }) => ({ at, opens, clicks })),
    updatedAt: now,
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0
}

function existingLinkUrls(links: unknown): string[] {
  if (!Array.isArray(links)) return []
  return links.map((link) => (isRecord(link) && typeof link.url === 'string' ? link.url : ''))
}
