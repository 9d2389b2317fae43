import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { newId } from '@core/ids'
import { CHROME, givenTrackedCampaign } from '../tracking/trackingFixture'
import { createTestApp, type TestApp } from '../testing/testApp'

// Engagement reaches webhooks: a contact's first human open and first click per link, and an
// unsubscribe, each queued once per subscribed endpoint however often the link is hit.

describe('webhook events from tracking', () => {
  let test: TestApp

  beforeEach(async () => {
    test = await createTestApp()
  })

  afterEach(() => test.close())

  it('queues email.opened, email.clicked and contact.unsubscribed once each', async () => {
    const tracked = await givenTrackedCampaign(test)
    const endpointId = newId()
    await test.storage.webhooks.createEndpoint({
      id: endpointId,
      workspaceId: tracked.workspaceId,
      url: 'https://hooks.example.com/outpost',
      description: '',
      events: ['email.opened', 'email.clicked', 'contact.unsubscribed'],
      secretCipher: 'sealed',
      enabled: true,
      createdAt: 1,
      createdBy: 'u',
    })
    const hit = (url: string, method: 'GET' | 'POST' = 'GET') => test.app.inject({ method, url, headers: { 'user-agent': CHROME } })
    for (let i = 0; i < 3; i += 1) await hit(`/t/o/${tracked.token('o')}`)
    await hit(`/t/c/${tracked.token('c', 1)}`)
    await hit(`/t/c/${tracked.token('c', 1)}`)
    await test.tracking.recorder.settle()
    expect((await hit(`/u/${tracked.token('u')}`, 'POST')).statusCode).toBe(200)
    await hit(`/u/${tracked.token('u')}`, 'POST')

    const { deliveries } = await test.storage.webhooks.listDeliveries(tracked.workspaceId, endpointId, { limit: 10 })
    expect(deliveries.map((delivery) => delivery.eventType).sort()).toEqual(['contact.unsubscribed', 'email.clicked', 'email.opened'])
    const clicked = JSON.parse(deliveries.find((delivery) => delivery.eventType === 'email.clicked')?.payloadJson ?? '{}') as { data: Record<string, unknown> }
    expect(clicked.data).toMatchObject({ campaignId: tracked.campaignId, contactId: tracked.contactId, email: tracked.email, linkIndex: 1, url: tracked.links[1], machine: false })
  })
})
