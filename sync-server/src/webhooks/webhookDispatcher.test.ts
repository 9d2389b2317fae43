import { createServer } from 'node:http'
import type { IncomingHttpHeaders, Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { newId } from '@core/ids'
import type { WebhookEventType } from '@core/webhooks/events'
import { openStorage } from '../storage'
import type { StoragePort } from '../storage/port'
import { DISABLE_AFTER_MS } from './retryPolicy'
import { verifyWebhookSignature } from './signature'
import type { HostLookup } from './ssrfGuard'
import { createStoredOutboundEvents } from './storedOutboundEvents'
import { WebhookDispatcher } from './webhookDispatcher'
import type { WebhookDispatcherOptions } from './webhookDispatcher'
import { createWebhookSecrets } from './webhookSecrets'

// The dispatcher against a real local receiver (node:http on 127.0.0.1) with an injected clock.

interface Received {
  headers: IncomingHttpHeaders
  body: string
  url: string
}

const SERVER_SECRET = 'dispatcher-test-secret-0123456789abcdef'
const SIGNING_SECRET = 'whsec_test_signing_secret'
const T0 = Date.UTC(2026, 10, 30, 9, 0, 0)

describe('WebhookDispatcher', () => {
  let storage: StoragePort
  let receiver: Server
  let port = 0
  let received: Received[] = []
  /** What the receiver answers next (the last one repeats). */
  let answers: Array<{ status: number; headers?: Record<string, string> }> = []
  let clock = T0
  const secrets = createWebhookSecrets(SERVER_SECRET)
  const logged: string[] = []
  const logger = { info: (_: unknown, message: string) => logged.push(message), error: (_: unknown, message: string) => logged.push(message) }

  beforeEach(async () => {
    storage = await openStorage('sqlite::memory:')
    received = []
    answers = [{ status: 204 }]
    clock = T0
    receiver = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
      request.on('end', () => {
        received.push({ headers: request.headers, body, url: request.url ?? '' })
        const answer = answers.length > 1 ? answers.shift() : answers[0]
        response.writeHead(answer?.status ?? 204, answer?.headers ?? {})
        response.end()
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    port = (receiver.address() as AddressInfo).port
  })

  afterEach(async () => {
    await new Promise<void>((resolve) => receiver.close(() => resolve()))
    await storage.close()
  })

  async function givenEndpoint(url = `http://127.0.0.1:${port}/hook`, events: WebhookEventType[] = ['contact.created']): Promise<{ workspaceId: string; endpointId: string }> {
    const workspaceId = newId()
    const userId = newId()
    await storage.createUser({ id: userId, email: `${userId.toLowerCase()}@example.test`, name: 'Owner', passwordHash: 'x', createdAt: 1 })
    await storage.createWorkspace(
      { id: workspaceId, name: 'Acme', createdAt: 1 },
      { workspaceId, userId, role: 'owner', joinedAt: 1 },
      { id: userId, email: 'o@example.test', name: 'Owner', role: 'owner', joinedAt: 1, updatedAt: 1, _clock: {}, _deleted: false },
    )
    const endpointId = newId()
    await storage.webhooks.createEndpoint({
      id: endpointId,
      workspaceId,
      url,
      description: '',
      events,
      secretCipher: secrets.seal(SIGNING_SECRET, workspaceId, endpointId),
      enabled: true,
      createdAt: T0,
      createdBy: userId,
    })
    return { workspaceId, endpointId }
  }

  const dispatcher = (overrides: Partial<WebhookDispatcherOptions> = {}) =>
    new WebhookDispatcher({ store: storage.webhooks, secrets, allowPrivate: true, logger, now: () => clock, random: () => 0.5, ...overrides })

  const emitContactCreated = (workspaceId: string, id = newId()) =>
    createStoredOutboundEvents(storage.webhooks, () => clock).emit([{ id: `contacts:${id}:1`, workspaceId, type: 'contact.created', at: clock, data: { id, email: 'ada@example.com' } }])

  it('retries a failing receiver with backoff and delivers the signed event once it answers 2xx', async () => {
    const { workspaceId, endpointId } = await givenEndpoint()
    answers = [{ status: 500 }, { status: 200 }]
    await emitContactCreated(workspaceId)
    const sender = dispatcher()

    await sender.tick()
    expect(received).toHaveLength(1)
    // The retry waits its minute: nothing goes out before.
    clock += 59_000
    await sender.tick()
    expect(received).toHaveLength(1)
    clock += 1_000
    await sender.tick()
    expect(received).toHaveLength(2)

    for (const request of received) {
      const timestamp = String(request.headers['x-outpost-timestamp'])
      expect(verifyWebhookSignature(SIGNING_SECRET, timestamp, request.body, String(request.headers['x-outpost-signature']))).toBe(true)
      expect(verifyWebhookSignature('whsec_other', timestamp, request.body, String(request.headers['x-outpost-signature']))).toBe(false)
      expect(request.headers).toMatchObject({ 'content-type': 'application/json', 'user-agent': 'Outpost-Webhooks/1', 'x-outpost-event': 'contact.created' })
    }
    const [first, second] = received
    expect(second?.headers['x-outpost-timestamp']).toBe(String(Math.floor((T0 + 60_000) / 1000)))
    expect(first?.headers['x-outpost-delivery']).toBe(second?.headers['x-outpost-delivery'])
    expect(JSON.parse(second?.body ?? '')).toEqual({
      id: expect.stringMatching(/^contacts:/),
      type: 'contact.created',
      createdAt: new Date(T0).toISOString(),
      workspaceId,
      data: { id: expect.any(String), email: 'ada@example.com' },
    })

    const page = await storage.webhooks.listDeliveries(workspaceId, endpointId, { limit: 10 })
    expect(page.deliveries).toHaveLength(1)
    expect(page.deliveries[0]).toMatchObject({ status: 'succeeded', attempts: 2, lastStatusCode: 200, lastError: '' })
    expect(page.deliveries[0]?.attemptLog.map(({ attempt, statusCode, error, at }) => ({ attempt, statusCode, error, at }))).toEqual([
      { attempt: 1, statusCode: 500, error: 'HTTP 500', at: T0 },
      { attempt: 2, statusCode: 200, error: '', at: T0 + 60_000 },
    ])
  })

  it('does not follow redirects: a 3xx is a failed attempt', async () => {
    const { workspaceId, endpointId } = await givenEndpoint()
    answers = [{ status: 302, headers: { location: `http://127.0.0.1:${port}/elsewhere` } }]
    await emitContactCreated(workspaceId)
    await dispatcher().tick()
    expect(received.map((request) => request.url)).toEqual(['/hook'])
    const [delivery] = (await storage.webhooks.listDeliveries(workspaceId, endpointId, { limit: 1 })).deliveries
    expect(delivery).toMatchObject({ status: 'queued', lastStatusCode: 302 })
    expect(delivery?.lastError).toContain('redirects are not followed')
  })

  it('refuses at delivery time a host that now resolves to a private address, without connecting', async () => {
    const toLoopback: HostLookup = () => Promise.resolve([{ address: '127.0.0.1', family: 4 }])
    const { workspaceId, endpointId } = await givenEndpoint(`http://hooks.example.test:${port}/hook`)
    await emitContactCreated(workspaceId)
    await dispatcher({ allowPrivate: false, lookup: toLoopback }).tick()
    expect(received).toEqual([])
    const [delivery] = (await storage.webhooks.listDeliveries(workspaceId, endpointId, { limit: 1 })).deliveries
    expect(delivery?.status).toBe('queued')
    expect(delivery?.lastError).toMatch(/^not sent: the host hooks\.example\.test resolves to 127\.0\.0\.1, a loopback address/)
  })

  it('connects to the address it vetted, whatever the name would resolve to later', async () => {
    const { workspaceId } = await givenEndpoint(`http://hooks.example.test:${port}/hook`)
    await emitContactCreated(workspaceId)
    await dispatcher({ lookup: () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]) }).tick()
    expect(received).toHaveLength(1)
    expect(received[0]?.headers.host).toBe(`hooks.example.test:${port}`)
  })

  it('gives a delivery up 24 hours after its first attempt', async () => {
    const { workspaceId, endpointId } = await givenEndpoint()
    answers = [{ status: 503 }]
    await emitContactCreated(workspaceId)
    const sender = dispatcher({ store: { ...storage.webhooks, disableEndpoint: () => Promise.resolve(false) } })
    for (let pass = 0; pass < 40; pass += 1) {
      await sender.tick()
      clock += 60 * 60_000
    }
    const [delivery] = (await storage.webhooks.listDeliveries(workspaceId, endpointId, { limit: 1 })).deliveries
    expect(delivery?.status).toBe('failed')
    expect((delivery?.lastAttemptAt ?? 0) - T0).toBeLessThanOrEqual(24 * 60 * 60_000)
    expect(received.length).toBe(delivery?.attempts)
  })

  it('disables an endpoint that keeps failing for over an hour; its deliveries then wait', async () => {
    const { workspaceId, endpointId } = await givenEndpoint()
    answers = [{ status: 500 }]
    for (let i = 0; i < 15; i += 1) await emitContactCreated(workspaceId)
    const sender = dispatcher()
    await sender.tick()
    expect(received).toHaveLength(15)
    expect((await storage.webhooks.getEndpoint(workspaceId, endpointId))?.enabled).toBe(true)

    clock += DISABLE_AFTER_MS
    await sender.tick()
    const endpoint = await storage.webhooks.getEndpoint(workspaceId, endpointId)
    expect(endpoint).toMatchObject({ enabled: false, disabledAt: clock })
    expect(endpoint?.disabledReason).toContain('failed attempts in a row')
    expect(logged).toContain('webhooks: endpoint disabled after failing')

    const sent = received.length
    await emitContactCreated(workspaceId)
    clock += 24 * 60 * 60_000
    await sender.tick()
    expect(received).toHaveLength(sent)
  })
})
