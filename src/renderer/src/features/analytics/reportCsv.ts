import type { Campaign, CampaignStats } from '@core/schema'
import { toCsv } from '@core/csv/csv'
import { campaignRates, ratio, type EngagedContact } from './campaignMetrics'
import type { CampaignRow, DashboardTotals, DailyEngagement } from './dashboardData'

// CSV keeps raw numbers (rates as fractions with 4 decimals) so spreadsheets can compute with them;
// toCsv escapes cells a spreadsheet would run as formulas (a link like "=HYPERLINK(…)").

const iso = (at: number) => (at > 0 ? new Date(at).toISOString() : '')
const rate = (value: number | null) => (value === null ? '' : value.toFixed(4))

export function summaryCsv(campaign: Campaign, stats: CampaignStats): string {
  const rates = campaignRates(stats)
  const rows: [string, string][] = [
    ['Campaign', campaign.name],
    ['Status', campaign.status],
    ['Started', iso(campaign.startedAt ?? 0)],
    ['Completed', iso(campaign.completedAt ?? 0)],
    ['Recipients', String(stats.recipients)],
    ['Suppressed', String(stats.suppressed)],
    ['Sent', String(stats.sent)],
    ['Delivered', String(stats.delivered)],
    ['Failed', String(stats.failed)],
    ['Bounced', String(stats.bounced)],
    ['Unique opens', String(stats.uniqueOpens)],
    ['Human opens', String(stats.opens)],
    ['Machine opens', String(stats.machineOpens)],
    ['Unique clicks', String(stats.uniqueClicks)],
    ['Human clicks', String(stats.clicks)],
    ['Machine clicks', String(stats.machineClicks)],
    ['Unsubscribes', String(stats.unsubscribes)],
    ['Open rate', rate(rates.openRate)],
    ['Click rate (CTR)', rate(rates.clickRate)],
    ['Click-to-open rate', rate(rates.clickToOpenRate)],
    ['Delivery rate', rate(ratio(stats.delivered, stats.sent))],
  ]
  return toCsv(['Metric', 'Value'], rows)
}

export function linksCsv(links: CampaignStats['links']): string {
  return toCsv(
    ['URL', 'Clicks', 'Unique clicks'],
    links.map((link) => [link.url, String(link.clicks), String(link.uniqueClicks)]),
  )
}

export function engagedContactsCsv(rows: readonly EngagedContact[], nameOf: (contactId: string) => string, type: 'open' | 'click'): string {
  return toCsv(
    ['Name', 'Email', type === 'open' ? 'First opened' : 'First clicked', 'Last', 'Count', 'Likely machine', ...(type === 'click' ? ['Links'] : [])],
    rows.map((row) => [
      nameOf(row.contactId),
      row.email,
      iso(row.firstAt),
      iso(row.lastAt),
      String(row.count),
      row.machineOnly ? 'yes' : 'no',
      ...(type === 'click' ? [row.urls.join(' ')] : []),
    ]),
  )
}

export function dashboardCsv(totals: DashboardTotals, rows: readonly CampaignRow[], daily: DailyEngagement): string {
  const campaigns = toCsv(
    ['Campaign', 'Sent at', 'Sent', 'Delivered', 'Open rate', 'Click rate', 'Click-to-open rate', 'Unsubscribes', 'Bounced'],
    rows.map((row) => [
      row.name,
      iso(row.sentAt),
      String(row.sent),
      String(row.delivered),
      rate(row.rates.openRate),
      rate(row.rates.clickRate),
      rate(row.rates.clickToOpenRate),
      String(row.unsubscribes),
      String(row.bounced),
    ]),
  )
  const total = toCsv(
    ['Total', 'Campaigns', 'Sent', 'Delivered', 'Open rate', 'Click rate', 'Unsubscribes', 'Bounced'],
    [['All campaigns in range', String(totals.campaigns), String(totals.sent), String(totals.delivered), rate(totals.openRate), rate(totals.clickRate), String(totals.unsubscribes), String(totals.bounced)]],
  )
  const days = toCsv(
    ['Day', 'Opens', 'Clicks', 'Machine opens', 'Machine clicks'],
    daily.days.map((day, index) => [day, String(daily.opens[index] ?? 0), String(daily.clicks[index] ?? 0), String(daily.machineOpens[index] ?? 0), String(daily.machineClicks[index] ?? 0)]),
  )
  // One file, three blocks separated by a blank line: what a spreadsheet user expects from "export report".
  return [total, campaigns, days].map((block) => block.replace(/\r?\n$/, '')).join('\r\n\r\n') + '\r\n'
}
