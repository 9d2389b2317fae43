import { describe, expect, it } from 'vitest'
import type { Activity, CustomFieldDefinition, Deal, EngagementEvent } from '../schema'
import { aContact } from '../testing/contactFixture'
import { buildContactExport, CONTACT_EXPORT_FORMAT, contactServerHistorySchema, type ContactServerHistory } from './contactExport'

const contact = aContact({ id: 'c1', companyId: 'co1', customFields: { shoe: 38 }, stageHistory: [{ stage: 'customer', at: Date.UTC(2025, 3, 1), source: 'deal' }], createdAt: Date.UTC(2025, 0, 1), updatedAt: Date.UTC(2025, 0, 2), _clock: { email: 'stamp' } })
const shoe = { key: 'shoe', label: 'Shoe size' } as CustomFieldDefinition
const activity = { id: 'a1', kind: 'task', contactId: 'c1', companyId: '', subject: 'Call back', body: '', occurredAt: Date.UTC(2025, 1, 1), dueAt: Date.UTC(2025, 1, 2), createdAt: 1, updatedAt: 1, _clock: {} } as Activity
const event = { id: 'e1', type: 'open', campaignId: 'camp1', contactId: 'c1', email: 'ada@example.com', linkIndex: -1, url: '', machine: false, at: Date.UTC(2025, 2, 1), updatedAt: 1, _clock: {} } as EngagementEvent
const deal = {
  id: 'd1', name: 'Renewal', pipelineId: 'p', stageId: 's', status: 'won', amount: 120_000, currency: 'EUR', closeDate: '2025-04-01', ownerId: '', contactId: 'c1',
  companyId: 'co1', lostReason: '', closedAt: Date.UTC(2025, 3, 1), stageHistory: [{ stageId: 's', at: Date.UTC(2025, 2, 1) }], position: 0, createdAt: 1, updatedAt: 1, _clock: {},
} as Deal
const server: ContactServerHistory = {
  contactId: 'c1',
  exportedAt: 1,
  history: {
    trackingEvents: [{ campaignId: 'camp1', type: 'click', linkIndex: 0, at: Date.UTC(2025, 2, 2), machine: false, userAgentFamily: 'browser' }],
    recipients: [{ campaignId: 'camp1', email: 'ada@example.com', status: 'sent', attempts: 1, messageId: '<m@x>', sentAt: Date.UTC(2025, 2, 1), lastError: null }],
    suppressions: [],
    outboxMessages: [],
  },
}

const input = {
  contact,
  companyName: 'Analytical Engines',
  customFields: [shoe],
  activities: [activity],
  deals: [deal],
  events: [event],
  campaignNames: new Map([['camp1', 'March news']]),
  exportedAt: Date.UTC(2026, 0, 1),
  workspaceId: 'W1',
}

describe('buildContactExport', () => {
  it('gathers the fields (custom ones by label), activities, events and the server history, with readable dates and campaign names', () => {
    const doc = buildContactExport({ ...input, server, serverUnavailableReason: null })
    expect(doc).toMatchObject({
      format: CONTACT_EXPORT_FORMAT,
      version: 1,
      exportedAt: '2026-01-01T00:00:00.000Z',
      contact: {
        id: 'c1',
        email: 'ada@example.com',
        companyName: 'Analytical Engines',
        customFields: { 'Shoe size': 38 },
        createdAt: '2025-01-01T00:00:00.000Z',
        stageHistory: [{ stage: 'customer', at: '2025-04-01T00:00:00.000Z', source: 'deal' }],
      },
      activities: [{ id: 'a1', subject: 'Call back', dueAt: '2025-02-02T00:00:00.000Z' }],
      deals: [{ id: 'd1', name: 'Renewal', amount: 120_000, closedAt: '2025-04-01T00:00:00.000Z', stageHistory: [{ stageId: 's', at: '2025-03-01T00:00:00.000Z' }] }],
      engagementEvents: [{ id: 'e1', campaignName: 'March news', at: '2025-03-01T00:00:00.000Z' }],
      server: {
        included: true,
        trackingEvents: [{ type: 'click', campaignName: 'March news', at: '2025-03-02T00:00:00.000Z' }],
        campaignsSent: [{ status: 'sent', campaignName: 'March news', sentAt: '2025-03-01T00:00:00.000Z' }],
      },
    })
    expect(JSON.stringify(doc)).not.toContain('_clock')
  })

  it('says why the server history is missing when it could not be fetched', () => {
    const doc = buildContactExport({ ...input, server: null, serverUnavailableReason: 'offline' })
    expect(doc.server).toEqual({ included: false, reason: 'offline' })
  })

  it('checks the server answer’s shape', () => {
    expect(contactServerHistorySchema.safeParse(server).success).toBe(true)
    expect(contactServerHistorySchema.safeParse({ contactId: 'c1', history: {} }).success).toBe(false)
  })
})
