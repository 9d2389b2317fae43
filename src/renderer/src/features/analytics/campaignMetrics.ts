import type { Campaign, CampaignStats, EngagementEvent } from '@core/schema'
import { dayKeys, dayStart, localDayKey } from '@core/dashboard/period'

// Figures derived from a campaign's server-written stats. `opens`/`clicks` count people's
// (human) opens and clicks; `machineOpens`/`machineClicks` are counted apart (privacy proxies,
// link scanners), so totals are the sum of both.

/** part / whole, or null when there is nothing to divide by (shown as "—", never as 0%). */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null
}

export interface CampaignRates {
  /** Unique opens / delivered. */
  openRate: number | null
  /** Unique clicks / delivered (CTR). */
  clickRate: number | null
  /** Unique clicks / unique opens (CTO). */
  clickToOpenRate: number | null
  bounceRate: number | null
  unsubscribeRate: number | null
}

export function campaignRates(stats: CampaignStats): CampaignRates {
  return {
    openRate: ratio(stats.uniqueOpens, stats.delivered),
    clickRate: ratio(stats.uniqueClicks, stats.delivered),
    clickToOpenRate: ratio(stats.uniqueClicks, stats.uniqueOpens),
    bounceRate: ratio(stats.bounced, stats.sent),
    unsubscribeRate: ratio(stats.unsubscribes, stats.delivered),
  }
}

const percentFormat = new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 })
const numberFormat = new Intl.NumberFormat('en-US')

export function formatPercent(value: number | null): string {
  return value === null ? '—' : percentFormat.format(value)
}

export function formatNumber(value: number): string {
  return numberFormat.format(value)
}

export interface ReportFigure {
  label: string
  value: string
  /** A second line under the figure: the split or the formula. */
  detail?: string
}

/** The report's KPI cards, in display order (also the rows of the summary CSV). */
export function reportFigures(stats: CampaignStats): ReportFigure[] {
  const rates = campaignRates(stats)
  return [
    { label: 'Sent', value: formatNumber(stats.sent), detail: `of ${formatNumber(stats.recipients)} · ${formatNumber(stats.suppressed)} suppressed` },
    { label: 'Delivered', value: formatNumber(stats.delivered), detail: `${formatPercent(ratio(stats.delivered, stats.sent))} of sent` },
    { label: 'Bounced', value: formatNumber(stats.bounced), detail: `${formatPercent(rates.bounceRate)} of sent · ${formatNumber(stats.failed)} failed` },
    {
      label: 'Unique opens',
      value: formatNumber(stats.uniqueOpens),
      detail: `${formatPercent(rates.openRate)} of delivered`,
    },
    {
      label: 'Total opens',
      value: formatNumber(stats.opens + stats.machineOpens),
      detail: `${formatNumber(stats.opens)} human · ${formatNumber(stats.machineOpens)} machine`,
    },
    {
      label: 'Clicks',
      value: `${formatNumber(stats.uniqueClicks)} / ${formatNumber(stats.clicks + stats.machineClicks)}`,
      detail: `unique / total · ${formatNumber(stats.machineClicks)} machine`,
    },
    { label: 'Click rate (CTR)', value: formatPercent(rates.clickRate), detail: 'unique clicks / delivered' },
    { label: 'Click-to-open', value: formatPercent(rates.clickToOpenRate), detail: 'unique clicks / unique opens' },
    { label: 'Unsubscribes', value: formatNumber(stats.unsubscribes), detail: `${formatPercent(rates.unsubscribeRate)} of delivered` },
  ]
}

export interface TimelineSeries {
  labels: string[]
  opens: number[]
  clicks: number[]
  /** 'hour' for a short campaign, 'day' once it spans more than three days. */
  bucket: 'hour' | 'day'
}

const HOUR = 3_600_000
const hourLabel = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: 'numeric' })
const dayLabel = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric' })

/** The hourly timeline as chart series, gaps filled with zeros; days when it spans more than 72 hours. */
export function timelineSeries(timeline: CampaignStats['timeline']): TimelineSeries {
  if (timeline.length === 0) return { labels: [], opens: [], clicks: [], bucket: 'hour' }
  const sorted = [...timeline].sort((a, b) => a.at - b.at)
  const first = sorted[0]!.at
  const last = sorted[sorted.length - 1]!.at
  if (last - first <= 72 * HOUR) {
    const byHour = new Map(sorted.map((point) => [point.at, point]))
    const series: TimelineSeries = { labels: [], opens: [], clicks: [], bucket: 'hour' }
    for (let at = first; at <= last; at += HOUR) {
      const point = byHour.get(at)
      series.labels.push(hourLabel.format(at))
      series.opens.push(point?.opens ?? 0)
      series.clicks.push(point?.clicks ?? 0)
    }
    return series
  }
  const days = dayKeys(first, last)
  const index = new Map(days.map((day, position) => [day, position]))
  const opens = days.map(() => 0)
  const clicks = days.map(() => 0)
  for (const point of sorted) {
    const position = index.get(localDayKey(point.at))
    if (position === undefined) continue
    opens[position]! += point.opens
    clicks[position]! += point.clicks
  }
  return { labels: days.map((day) => dayLabel.format(dayStart(day))), opens, clicks, bucket: 'day' }
}

// Day arithmetic lives in core (shared with the home dashboard).
export { dayKeys, dayStart, localDayKey } from '@core/dashboard/period'

export interface EngagedContact {
  contactId: string
  email: string
  /** First and last event of this kind. */
  firstAt: number
  lastAt: number
  count: number
  /** True when every event was flagged as a machine (proxy prefetch, link scanner). */
  machineOnly: boolean
  /** Clicked links, in first-click order (clicks only). */
  urls: string[]
}

/** Who opened (or clicked): one row per contact, most recent first. */
export function engagedContacts(events: readonly EngagementEvent[], type: 'open' | 'click'): EngagedContact[] {
  const byContact = new Map<string, EngagedContact>()
  for (const event of events) {
    if (event.type !== type) continue
    const key = event.contactId || event.email
    const row = byContact.get(key)
    if (!row) {
      byContact.set(key, {
        contactId: event.contactId,
        email: event.email,
        firstAt: event.at,
        lastAt: event.at,
        count: 1,
        machineOnly: event.machine,
        urls: type === 'click' && event.url ? [event.url] : [],
      })
      continue
    }
    row.count++
    row.firstAt = Math.min(row.firstAt, event.at)
    row.lastAt = Math.max(row.lastAt, event.at)
    row.machineOnly = row.machineOnly && event.machine
    if (type === 'click' && event.url && !row.urls.includes(event.url)) row.urls.push(event.url)
  }
  return [...byContact.values()].sort((a, b) => b.lastAt - a.lastAt)
}

/** A file name part from a campaign name: letters, digits and dashes only. */
export function fileSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
  return slug || 'campaign'
}

export function exportFileName(campaign: Pick<Campaign, 'name'> | null, part: string, now: number): string {
  return `${campaign ? `${fileSlug(campaign.name)}-` : ''}${part}-${localDayKey(now)}.csv`
}
