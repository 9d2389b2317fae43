import { describe, expect, it } from 'vitest'
import { checkDocument } from '../replication/documentValidation'
import type { CampaignEngagement } from '../storage/trackingStore'
import { buildCampaignStats } from './campaignStats'

const engagement: CampaignEngagement = {
  opens: 5,
  uniqueOpens: 3,
  machineOpens: 2,
  clicks: 4,
  uniqueClicks: 2,
  machineClicks: 1,
  unsubscribes: 1,
  links: [{ linkIndex: 1, clicks: 4, uniqueClicks: 2 }],
  timeline: [{ at: 3_600_000, opens: 5, clicks: 4 }],
}

describe('buildCampaignStats', () => {
  it("keeps the sending side's counters and replaces engagement", () => {
    const current = { recipients: 100, suppressed: 3, sent: 90, delivered: 88, failed: 1, bounced: 2, opens: 1, clicks: 99, links: [], timeline: [], updatedAt: 1 }
    const stats = buildCampaignStats(current, engagement, ['https://a.example/', 'https://b.example/'], 42)
    expect(stats).toEqual({
      recipients: 100,
      suppressed: 3,
      sent: 90,
      delivered: 88,
      failed: 1,
      bounced: 2,
      opens: 5,
      uniqueOpens: 3,
      machineOpens: 2,
      clicks: 4,
      uniqueClicks: 2,
      machineClicks: 1,
      unsubscribes: 1,
      links: [
        { url: 'https://a.example/', clicks: 0, uniqueClicks: 0 },
        { url: 'https://b.example/', clicks: 4, uniqueClicks: 2 },
      ],
      timeline: [{ at: 3_600_000, opens: 5, clicks: 4 }],
      updatedAt: 42,
    })
  })

  it('starts from zero delivery counters when the campaign has no stats yet', () => {
    const stats = buildCampaignStats(undefined, engagement, [], 1)
    expect([stats.recipients, stats.sent, stats.delivered, stats.failed, stats.bounced, stats.suppressed]).toEqual([0, 0, 0, 0, 0, 0])
    expect(stats.links).toEqual([])
  })

  it('keeps the link urls it already had when the stored links are unknown', () => {
    const current = { links: [{ url: 'https://kept.example/', clicks: 0, uniqueClicks: 0 }, { url: 'https://b.example/', clicks: 1, uniqueClicks: 1 }] }
    expect(buildCampaignStats(current, engagement, null, 1).links.map((link) => link.url)).toEqual(['https://kept.example/', 'https://b.example/'])
  })

  it('produces stats the campaign schema accepts', () => {
    const stats = buildCampaignStats({ sent: 'garbage', delivered: -4 }, engagement, ['https://a.example/'], 7)
    const campaign = {
      id: '01J0000000000000000000000C',
      name: 'Spring',
      status: 'sent',
      segmentId: '',
      templateId: '',
      scheduledAt: 0,
      timeZone: 'UTC',
      stats,
      createdAt: 1,
      updatedAt: 1,
      _clock: {},
    }
    expect(checkDocument('campaigns', campaign)).toEqual({ ok: true, doc: expect.anything() })
  })
})
