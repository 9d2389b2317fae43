import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp } from '../testing/testApp'
import type { TestApp } from '../testing/testApp'
import { CHROME, givenTrackedCampaign, parsedDocuments } from './trackingFixture'
import type { TrackedCampaign } from './trackingFixture'
import { PIXEL_GIF } from './trackingRoutes'

let testApp: TestApp
let campaign: TrackedCampaign

beforeEach(async () => {
  testApp = await createTestApp()
  campaign = await givenTrackedCampaign(testApp)
})

afterEach(async () => {
  await testApp.close()
})

const hit = (url: string, userAgent = CHROME, method: 'GET' | 'HEAD' = 'GET') => testApp.app.inject({ method, url, headers: { 'user-agent': userAgent } })

async function contact(): Promise<Record<string, unknown>> {
  const contacts = await parsedDocuments(testApp, campaign.workspaceId, 'contacts')
  return contacts.find((doc) => doc.id === campaign.contactId) ?? {}
}

async function stats(): Promise<Record<string, unknown>> {
  const [doc] = await parsedDocuments(testApp, campaign.workspaceId, 'campaigns')
  return (doc?.stats ?? {}) as Record<string, unknown>
}

describe('open pixel', () => {
  it('answers a 1×1 GIF that is never cached, then records the open for the contact, the events and the campaign', async () => {
    const response = await hit(`/t/o/${campaign.token('o')}`)
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('image/gif')
    expect(response.headers['cache-control']).toContain('no-store')
    expect(response.rawPayload.equals(PIXEL_GIF)).toBe(true)

    await testApp.tracking.recorder.settle()
    expect(await testApp.storage.tracking.countEvents(campaign.workspaceId)).toBe(1)
    expect(await contact()).toMatchObject({ openCount: 1, lastOpenedAt: expect.any(Number) })
    const events = await parsedDocuments(testApp, campaign.workspaceId, 'events')
    expect(events).toEqual([expect.objectContaining({ type: 'open', campaignId: campaign.campaignId, contactId: campaign.contactId, email: campaign.email, machine: false })])
    expect(await stats()).toMatchObject({ opens: 1, uniqueOpens: 1, machineOpens: 0, timeline: [expect.objectContaining({ opens: 1, clicks: 0 })] })
  })

  it('publishes only the first open as an event document, counting every open', async () => {
    await hit(`/t/o/${campaign.token('o')}`)
    await testApp.tracking.recorder.settle()
    await hit(`/t/o/${campaign.token('o')}`)
    await hit(`/t/o/${campaign.token('o')}`)
    await testApp.tracking.recorder.settle()
    expect(await parsedDocuments(testApp, campaign.workspaceId, 'events')).toHaveLength(1)
    expect(await contact()).toMatchObject({ openCount: 3 })
    expect(await stats()).toMatchObject({ opens: 3, uniqueOpens: 1 })
  })

  it('flags a privacy-proxy open as machine: counted apart, not in the contact rollup', async () => {
    await hit(`/t/o/${campaign.token('o')}`, 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)')
    await testApp.tracking.recorder.settle()
    expect(await stats()).toMatchObject({ opens: 0, uniqueOpens: 0, machineOpens: 1 })
    expect((await contact()).openCount).toBeUndefined()
    expect(await parsedDocuments(testApp, campaign.workspaceId, 'events')).toEqual([expect.objectContaining({ type: 'open', machine: true })])
  })
})

describe('click redirect', () => {
  it('redirects to the stored link and records the click per link', async () => {
    const response = await hit(`/t/c/${campaign.token('c', 1)}`)
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe(campaign.links[1])
    await testApp.tracking.recorder.settle()
    expect(await contact()).toMatchObject({ clickCount: 1, lastClickedAt: expect.any(Number) })
    expect(await parsedDocuments(testApp, campaign.workspaceId, 'events')).toEqual([
      expect.objectContaining({ type: 'click', linkIndex: 1, url: campaign.links[1], machine: false }),
    ])
    expect(await stats()).toMatchObject({
      clicks: 1,
      uniqueClicks: 1,
      links: [
        { url: campaign.links[0], clicks: 0, uniqueClicks: 0 },
        { url: campaign.links[1], clicks: 1, uniqueClicks: 1 },
      ],
    })
  })

  it('publishes the first click on each link as an event document, counting every click', async () => {
    for (const index of [0, 0, 1, 0]) await hit(`/t/c/${campaign.token('c', index)}`)
    await testApp.tracking.recorder.settle()
    const events = await parsedDocuments(testApp, campaign.workspaceId, 'events')
    expect(events.map((event) => event.linkIndex).sort()).toEqual([0, 1])
    expect(await contact()).toMatchObject({ clickCount: 4 })
    expect(await stats()).toMatchObject({ clicks: 4, uniqueClicks: 1 })
  })

  it('takes a HEAD request for a scanner', async () => {
    const response = await hit(`/t/c/${campaign.token('c', 0)}`, CHROME, 'HEAD')
    expect(response.statusCode).toBe(302)
    await testApp.tracking.recorder.settle()
    expect(await stats()).toMatchObject({ clicks: 0, machineClicks: 1 })
  })
})

describe('unsubscribe', () => {
  const form = { 'content-type': 'application/x-www-form-urlencoded' }

  it('GET shows a confirmation page whose button posts back to the same address', async () => {
    const response = await testApp.app.inject({ method: 'GET', url: `/u/${campaign.token('u')}` })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toContain('text/html')
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(response.body).toMatch(/<form method="post">/)
    expect(response.body).toMatch(/<button type="submit">Unsubscribe<\/button>/)
    expect(response.body).not.toMatch(/<script|https?:\/\//)
  })

  it('RFC 8058 one-click POST answers 200 without a redirect, suppresses the address and marks the contact, durably before answering', async () => {
    const response = await testApp.app.inject({ method: 'POST', url: `/u/${campaign.token('u')}`, headers: form, payload: 'List-Unsubscribe=One-Click' })
    expect(response.statusCode).toBe(200)
    expect(response.headers.location).toBeUndefined()
    expect(response.body).toContain('You are unsubscribed')
    // No settle(): all of this was written before the answer.
    expect(await testApp.storage.sending.isSuppressed(campaign.workspaceId, campaign.email)).toBe(true)
    expect(await contact()).toMatchObject({ unsubscribed: true })
    expect(await parsedDocuments(testApp, campaign.workspaceId, 'events')).toEqual([
      expect.objectContaining({ type: 'unsubscribe', contactId: campaign.contactId, email: campaign.email }),
    ])
    await testApp.tracking.recorder.settle()
    expect(await stats()).toMatchObject({ unsubscribes: 1 })
  })

  it('accepts the confirmation page form and an empty body alike', async () => {
    const fromPage = await testApp.app.inject({ method: 'POST', url: `/u/${campaign.token('u')}`, headers: form, payload: 'List-Unsubscribe=One-Click' })
    const empty = await testApp.app.inject({ method: 'POST', url: `/u/${campaign.token('u')}` })
    const multipart = await testApp.app.inject({
      method: 'POST',
      url: `/u/${campaign.token('u')}`,
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--x--\r\n',
    })
    expect([fromPage.statusCode, empty.statusCode, multipart.statusCode]).toEqual([200, 200, 200])
  })

  it('unsubscribing twice is idempotent: one event, one suppression, still 200', async () => {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await testApp.app.inject({ method: 'POST', url: `/u/${campaign.token('u')}`, headers: form, payload: 'List-Unsubscribe=One-Click' })
      expect(response.statusCode).toBe(200)
    }
    expect(await testApp.storage.tracking.countEvents(campaign.workspaceId)).toBe(1)
    expect(await parsedDocuments(testApp, campaign.workspaceId, 'events')).toHaveLength(1)
    expect(await testApp.storage.sending.listSuppressedEmails(campaign.workspaceId)).toEqual(new Set([campaign.email]))
  })
})

describe('recorder', () => {
  it('closing the app writes every queued hit', async () => {
    for (let index = 0; index < 25; index += 1) await hit(`/t/o/${campaign.token('o')}`)
    await testApp.app.close()
    expect(await testApp.storage.tracking.countEvents(campaign.workspaceId)).toBe(25)
  })

  it('a listening server answers /t/ on the bare handler and everything else through fastify', async () => {
    const address = await testApp.app.listen({ host: '127.0.0.1', port: 0 })
    const pixel = await fetch(`${address}/t/o/${campaign.token('o')}`, { headers: { 'user-agent': CHROME } })
    expect(pixel.status).toBe(200)
    expect(Buffer.from(await pixel.arrayBuffer()).equals(PIXEL_GIF)).toBe(true)
    const click = await fetch(`${address}/t/c/${campaign.token('c', 0)}?url=https://evil.example/`, { redirect: 'manual', headers: { 'user-agent': CHROME } })
    expect([click.status, click.headers.get('location')]).toEqual([302, campaign.links[0]])
    expect((await fetch(`${address}/t/o/not-a-token`)).status).toBe(404)
    expect((await fetch(`${address}/healthz`)).status).toBe(200)
    await testApp.tracking.recorder.settle()
    expect(await testApp.storage.tracking.countEvents(campaign.workspaceId)).toBe(2)
  })
})

describe('contact rollups', () => {
  it('add up hits in memory and write the contact when the interval passes, while every flush records the events durably', async () => {
    await testApp.close()
    testApp = await createTestApp({ tracking: { rollupIntervalMs: 3_600_000 } })
    campaign = await givenTrackedCampaign(testApp)
    const contactSeq = async (): Promise<number | undefined> =>
      (await testApp.storage.pull(campaign.workspaceId, 'contacts', null, 100)).documents.find((doc) => doc.id === campaign.contactId)?.seq
    const before = await contactSeq()

    for (let round = 0; round < 3; round += 1) {
      await hit(`/t/o/${campaign.token('o')}`)
      await hit(`/t/c/${campaign.token('c', 1)}`)
      await testApp.tracking.recorder.flush()
    }
    expect(await testApp.storage.tracking.countEvents(campaign.workspaceId)).toBe(6)
    expect(await contactSeq()).toBe(before)

    await testApp.tracking.recorder.settle()
    expect(await contact()).toMatchObject({ openCount: 3, clickCount: 3, lastOpenedAt: expect.any(Number), lastClickedAt: expect.any(Number) })
    expect(await contactSeq()).toBeGreaterThan(before ?? 0)
  })

  it('closing the app writes the pending rollups', async () => {
    await testApp.close()
    testApp = await createTestApp({ tracking: { rollupIntervalMs: 3_600_000 } })
    campaign = await givenTrackedCampaign(testApp)
    await hit(`/t/o/${campaign.token('o')}`)
    await hit(`/t/o/${campaign.token('o')}`)
    await testApp.app.close()
    expect(await contact()).toMatchObject({ openCount: 2 })
  })
})
