import type { Campaign, EngagementEvent } from '@core/schema'
import type { DateRange } from '@core/dashboard/period'
import { campaignRates, dayKeys, localDayKey, ratio, type CampaignRates } from './campaignMetrics'

// Presets and ranges live in core (shared with the home dashboard).
export { customRange, presetRange, RANGE_PRESETS, type DateRange, type RangePresetId } from '@core/dashboard/period'

/** When a campaign went out: the server's start time, else (older data) its schedule. */
export function campaignSentAt(campaign: Campaign): number {
  return campaign.startedAt && campaign.startedAt > 0 ? campaign.startedAt : campaign.scheduledAt
}

function hasSent(campaign: Campaign): boolean {
  return campaign.status === 'sending' || campaign.status === 'paused' || campaign.status === 'sent' || (campaign.status === 'cancelled' && (campaign.startedAt ?? 0) > 0)
}

/** Campaigns that started sending inside the range, newest first. */
export function campaignsInRange(campaigns: readonly Campaign[], range: DateRange): Campaign[] {
  return campaigns
    .filter((campaign) => hasSent(campaign) && campaignSentAt(campaign) >= range.from && campaignSentAt(campaign) <= range.to)
    .sort((a, b) => campaignSentAt(b) - campaignSentAt(a))
}

export interface DashboardTotals {
  campaigns: number
  sent: number
  delivered: number
  uniqueOpens: number
  uniqueClicks: number
  unsubscribes: number
  bounced: number
  openRate: number | null
  clickRate: number | null
}

export function dashboardTotals(campaigns: readonly Campaign[]): DashboardTotals {
  const totals = { campaigns: campaigns.length, sent: 0, delivered: 0, uniqueOpens: 0, uniqueClicks: 0, unsubscribes: 0, bounced: 0 }
  for (const { stats } of campaigns) {
    if (!stats) continue
    totals.sent += stats.sent
    totals.delivered += stats.delivered
    totals.uniqueOpens += stats.uniqueOpens
    totals.uniqueClicks += stats.uniqueClicks
    totals.unsubscribes += stats.unsubscribes
    totals.bounced += stats.bounced
  }
  return { ...totals, openRate: ratio(totals.uniqueOpens, totals.delivered), clickRate: ratio(totals.uniqueClicks, totals.delivered) }
}

export interface CampaignRow {
  id: string
  name: string
  sentAt: number
  sent: number
  delivered: number
  rates: CampaignRates
  unsubscribes: number
  bounced: number
}

export function campaignRows(campaigns: readonly Campaign[]): CampaignRow[] {
  return campaigns.map((campaign) => {
    const stats = campaign.stats
    return {
      id: campaign.id,
      name: campaign.name,
      sentAt: campaignSentAt(campaign),
      sent: stats?.sent ?? 0,
      delivered: stats?.delivered ?? 0,
      rates: stats ? campaignRates(stats) : { openRate: null, clickRate: null, clickToOpenRate: null, bounceRate: null, unsubscribeRate: null },
      unsubscribes: stats?.unsubscribes ?? 0,
      bounced: stats?.bounced ?? 0,
    }
  })
}

export interface DailyEngagement {
  days: string[]
  opens: number[]
  clicks: number[]
  machineOpens: number[]
  machineClicks: number[]
}

/** Opens and clicks per local day of the range, people and machines apart. */
export function dailyEngagement(events: readonly EngagementEvent[], range: DateRange): DailyEngagement {
  const days = dayKeys(range.from, range.to)
  const position = new Map(days.map((day, index) => [day, index]))
  const series: DailyEngagement = {
    days,
    opens: days.map(() => 0),
    clicks: days.map(() => 0),
    machineOpens: days.map(() => 0),
    machineClicks: days.map(() => 0),
  }
  for (const event of events) {
    if (event.at < range.from || event.at > range.to) continue
    const index = position.get(localDayKey(event.at))
    if (index === undefined) continue
    if (event.type === 'open') (event.machine ? series.machineOpens : series.opens)[index]! += 1
    else if (event.type === 'click') (event.machine ? series.machineClicks : series.clicks)[index]! += 1
  }
  return series
}
