import { emptyCampaignStats, type Campaign, type CampaignStats, type EngagementEvent } from '@core/schema'
import { campaignsInRange, dailyEngagement, dashboardTotals, presetRange } from './dashboardData'

const DAY = 86_400_000

function campaign(id: string, fields: Omit<Partial<Campaign>, 'stats'> & { stats?: Partial<CampaignStats> }): Campaign {
  const { stats, ...rest } = fields
  return {
    id,
    name: id,
    status: 'sent',
    segmentId: '',
    templateId: '',
    scheduledAt: 0,
    timeZone: 'UTC',
    createdAt: 0,
    updatedAt: 0,
    _clock: {},
    ...rest,
    stats: { ...emptyCampaignStats(), ...stats },
  }
}

describe('campaignsInRange and dashboardTotals', () => {
  it('keeps campaigns that started in the range (not drafts or scheduled ones) and sums their figures', () => {
    const now = new Date(2025, 4, 10, 12).getTime()
    const range = presetRange(7, now)
    const campaigns = [
      campaign('recent', { startedAt: now - DAY, stats: { sent: 100, delivered: 100, uniqueOpens: 50, uniqueClicks: 10, unsubscribes: 1, bounced: 0 } }),
      campaign('sending', { status: 'sending', startedAt: now - 2 * DAY, stats: { sent: 100, delivered: 100, uniqueOpens: 30, uniqueClicks: 10, bounced: 4 } }),
      campaign('old', { startedAt: now - 30 * DAY, stats: { sent: 1_000, delivered: 1_000 } }),
      campaign('scheduled', { status: 'scheduled', scheduledAt: now - DAY }),
      campaign('cancelled-before-start', { status: 'cancelled', scheduledAt: now - DAY }),
    ]
    const inRange = campaignsInRange(campaigns, range)
    expect(inRange.map((entry) => entry.id)).toEqual(['recent', 'sending'])
    const totals = dashboardTotals(inRange)
    expect(totals).toMatchObject({ campaigns: 2, sent: 200, unsubscribes: 1, bounced: 4, openRate: 0.4, clickRate: 0.1 })
  })
})

describe('dailyEngagement', () => {
  it('counts human opens and clicks per day, machines apart, and ignores events outside the range', () => {
    const range = { from: new Date(2025, 4, 1).getTime(), to: new Date(2025, 4, 4).getTime() - 1 }
    const at = (day: number) => new Date(2025, 4, day, 10).getTime()
    const event = (fields: Partial<EngagementEvent>): EngagementEvent => ({
      id: 'e',
      type: 'open',
      campaignId: 'c',
      contactId: 'a',
      email: '',
      linkIndex: -1,
      url: '',
      machine: false,
      at: 0,
      updatedAt: 0,
      _clock: {},
      ...fields,
    })
    const series = dailyEngagement(
      [event({ at: at(1) }), event({ at: at(1), machine: true }), event({ at: at(3), type: 'click' }), event({ at: at(3), type: 'unsubscribe' }), event({ at: at(9) })],
      range,
    )
    expect(series.days).toEqual(['2025-05-01', '2025-05-02', '2025-05-03'])
    expect(series.opens).toEqual([1, 0, 0])
    expect(series.machineOpens).toEqual([1, 0, 0])
    expect(series.clicks).toEqual([0, 0, 1])
  })
})
