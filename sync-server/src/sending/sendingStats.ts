import { CAMPAIGN_LIMITS, emptyCampaignStats } from '@core/schema/campaigns'
import type { CampaignStats } from '@core/schema/campaigns'
import type { CampaignRun, RecipientCounts } from '../storage/sendingPort'

// Campaign stats have two writers (see tracking/campaignStats.ts): sending owns the delivery
// counters and writes only those, keeping the engagement figures of the current document.

const URL_MAX = 2048

export function withDeliveryStats(current: unknown, run: CampaignRun, counts: RecipientCounts, now: number): CampaignStats {
  const existing = typeof current === 'object' && current !== null && !Array.isArray(current) ? (current as Partial<CampaignStats>) : {}
  const stats: CampaignStats = { ...emptyCampaignStats(), ...existing }
  return {
    ...stats,
    recipients: run.total,
    suppressed: run.suppressed + counts.skipped,
    sent: counts.sent,
    // Accepted by the SMTP server and not bounced (bounces reported later are not seen here).
    delivered: counts.sent,
    failed: counts.failed,
    bounced: counts.bounced,
    links:
      stats.links.length > 0
        ? stats.links
        : run.links.slice(0, CAMPAIGN_LIMITS.links).map((url) => ({ url: url.slice(0, URL_MAX), clicks: 0, uniqueClicks: 0 })),
    updatedAt: now,
  }
}
