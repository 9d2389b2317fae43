import { emptyCampaignStats, type CampaignStats, type EngagementEvent } from '@core/schema'
import { campaignRates, dayKeys, engagedContacts, exportFileName, formatPercent, reportFigures, timelineSeries } from './campaignMetrics'

const HOUR = 3_600_000

function stats(fields: Partial<CampaignStats>): CampaignStats {
  return { ...emptyCampaignStats(), ...fields }
}

function event(fields: Partial<EngagementEvent>): EngagementEvent {
  return { id: 'e', type: 'open', campaignId: 'c', contactId: 'a', email: 'a@x.io', linkIndex: -1, url: '', machine: false, at: 0, updatedAt: 0, _clock: {}, ...fields }
}

describe('campaignRates', () => {
  it('divides unique clicks by delivered (CTR) and by unique opens (click-to-open)', () => {
    const rates = campaignRates(stats({ sent: 1_000, delivered: 800, uniqueOpens: 400, uniqueClicks: 100, bounced: 200, unsubscribes: 8 }))
    expect(rates.openRate).toBe(0.5)
    expect(rates.clickRate).toBe(0.125)
    expect(rates.clickToOpenRate).toBe(0.25)
    expect(rates.bounceRate).toBe(0.2)
    expect(rates.unsubscribeRate).toBe(0.01)
  })

  it('has no rate (not 0%) before anything was delivered or opened', () => {
    const rates = campaignRates(stats({ sent: 10 }))
    expect(rates.clickRate).toBeNull()
    expect(rates.clickToOpenRate).toBeNull()
    expect(formatPercent(rates.clickRate)).toBe('—')
  })
})

describe('reportFigures', () => {
  it('shows total opens as people plus machines, with the split', () => {
    const figures = reportFigures(stats({ sent: 100, delivered: 90, opens: 50, uniqueOpens: 40, machineOpens: 30, clicks: 12, uniqueClicks: 9, machineClicks: 3 }))
    const byLabel = new Map(figures.map((figure) => [figure.label, figure]))
    expect(byLabel.get('Total opens')).toMatchObject({ value: '80', detail: '50 human · 30 machine' })
    expect(byLabel.get('Clicks')).toMatchObject({ value: '9 / 15' })
    expect(byLabel.get('Click rate (CTR)')?.value).toBe('10.0%')
    expect(byLabel.get('Click-to-open')?.value).toBe('22.5%')
  })
})

describe('timelineSeries', () => {
  it('fills hours without engagement with zeros', () => {
    const start = new Date(2025, 4, 6, 9).getTime()
    const series = timelineSeries([
      { at: start + 3 * HOUR, opens: 1, clicks: 0 },
      { at: start, opens: 5, clicks: 2 },
    ])
    expect(series.bucket).toBe('hour')
    expect(series.opens).toEqual([5, 0, 0, 1])
    expect(series.clicks).toEqual([2, 0, 0, 0])
  })

  it('sums into days once the campaign spans more than three days', () => {
    const start = new Date(2025, 4, 6, 9).getTime()
    const series = timelineSeries([
      { at: start, opens: 5, clicks: 2 },
      { at: start + 2 * HOUR, opens: 1, clicks: 1 },
      { at: start + 5 * 24 * HOUR, opens: 3, clicks: 0 },
    ])
    expect(series.bucket).toBe('day')
    expect(series.labels).toHaveLength(6)
    expect(series.opens).toEqual([6, 0, 0, 0, 0, 3])
  })
})

describe('dayKeys', () => {
  it('lists every local day once, across a DST change', () => {
    const days = dayKeys(new Date(2025, 2, 28, 12).getTime(), new Date(2025, 3, 2, 1).getTime())
    expect(days).toEqual(['2025-03-28', '2025-03-29', '2025-03-30', '2025-03-31', '2025-04-01', '2025-04-02'])
  })
})

describe('engagedContacts', () => {
  it('gives one row per contact with their count, first time and whether only machines showed up', () => {
    const rows = engagedContacts(
      [
        event({ contactId: 'a', at: 300 }),
        event({ contactId: 'a', at: 100, machine: true }),
        event({ contactId: 'b', at: 200, machine: true }),
        event({ contactId: 'b', type: 'click', url: 'https://x.io', at: 250 }),
      ],
      'open',
    )
    expect(rows).toEqual([
      expect.objectContaining({ contactId: 'a', count: 2, firstAt: 100, lastAt: 300, machineOnly: false }),
      expect.objectContaining({ contactId: 'b', count: 1, machineOnly: true }),
    ])
  })
})

describe('exportFileName', () => {
  it('names the file after the campaign, the table and the day', () => {
    expect(exportFileName({ name: 'Spring Sale: 20% off!' }, 'links', new Date(2025, 4, 6).getTime())).toBe('spring-sale-20-off-links-2025-05-06.csv')
  })
})
