import { Writable } from 'node:stream'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { WEBHOOK_EVENT_TYPES } from '@core/webhooks/events'
import { createApp, REDACTED_PATHS } from '../app'
import { BODY_LIMIT_BYTES, SESSION_TTL_MS } from '../config'
import { openStorage } from '../storage'
import type { StoragePort } from '../storage/port'
import { contactDoc, editDoc } from '../testing/docs'
import { signUp, TEST_TRACKING_SECRET, type TestAccount } from '../testing/testApp'
import type { HostLookup } from './ssrfGuard'
import { createWebhookSecrets } from './webhookSecrets'

// /api/webhooks: roles (owners and admins only), tenant isolation (404), the SSRF guard at
// registration, secrets shown once and never logged, and events queued by pushes.

const PUBLIC_URL = 'https://hooks.example.com/outpost'
/** hooks.example.com is public; intranet.example.com points inside. */
const lookup: HostLookup = (hostname) =>
  Promise.resolve([{ address: hostname === 'intranet.example.com' ? '10.0.0.7' : '93.184.216.34', family: 4 as const }])

interface Harness {
  app: FastifyInstance
  storage: StoragePort
  close(): Promise<void>
}

async function harness(logger: FastifyBaseLogger | false = false): Promise<Harness> {
  const storage = await openStorage('sqlite::memory:')
  const app = await createApp({
    config: { bodyLimitBytes: BODY_LIMIT_BYTES, sessionTtlMs: SESSION_TTL_MS, authRateLimitPerMinute: 10_000, heartbeatMs: 60_000, secret: TEST_TRACKING_SECRET },
    storage,
    logger,
    webhooks: { allowPrivate: false, lookup },
  })
  await app.ready()
  return {
    app,
    storage,
    async close() {
      await app.close()
      await storage.close()
    },
  }
}

describe('/api/webhooks', () => {
  let test: Harness
  let owner: TestAccount
  let stranger: TestAccount

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) =>
    test.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) })

  async function givenMember(role: 'admin' | 'member'): Promise<TestAccount> {
    const invite = await call('POST', '/api/workspace/invites', owner.headers, { role })
    const joiner = await signUp(test.app)
    const accepted = await call('POST', '/api/invites/accept', { authorization: joiner.headers.authorization ?? '' }, { code: invite.json<{ code: string }>().code })
    expect(accepted.statusCode).toBe(200)
    return { ...joiner, workspaceId: owner.workspaceId, headers: { ...joiner.headers, 'x-workspace-id': owner.workspaceId } }
  }

  async function givenEndpoint(account = owner, body: Record<string, unknown> = {}) {
    const response = await call('POST', '/api/webhooks', account.headers, { url: PUBLIC_URL, events: ['contact.created', 'contact.updated'], description: 'CRM', ...body })
    expect(response.statusCode).toBe(201)
    return response.json<{ endpoint: { id: string; url: string; events: string[]; enabled: boolean }; secret: string }>()
  }

  beforeEach(async () => {
    test = await harness()
    owner = await signUp(test.app)
    stranger = await signUp(test.app)
  })

  afterEach(() => test.close())

  it('registers an endpoint, shows its secret once and keeps it sealed', async () => {
    const { endpoint, secret } = await givenEndpoint()
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/)
    expect(endpoint).toMatchObject({ url: PUBLIC_URL, events: ['contact.created', 'contact.updated'], enabled: true })
    const listed = await call('GET', '/api/webhooks', owner.headers)
    expect(listed.statusCode).toBe(200)
    expect(listed.body).not.toContain(secret)
    expect(listed.json()).toMatchObject({ endpoints: [{ id: endpoint.id, description: 'CRM', lastDelivery: null }] })
    const stored = await test.storage.webhooks.getEndpoint(owner.workspaceId, endpoint.id)
    expect(stored?.secretCipher).not.toContain(secret)
    expect(createWebhookSecrets(TEST_TRACKING_SECRET).open(stored?.secretCipher ?? '', owner.workspaceId, endpoint.id)).toBe(secret)
  })

  it('lets owners and admins manage webhooks and refuses members', async () => {
    const admin = await givenMember('admin')
    const member = await givenMember('member')
    const { endpoint } = await givenEndpoint(admin)
    for (const [method, url] of [
      ['GET', '/api/webhooks'],
      ['POST', '/api/webhooks'],
      ['PATCH', `/api/webhooks/${endpoint.id}`],
      ['DELETE', `/api/webhooks/${endpoint.id}`],
      ['POST', `/api/webhooks/${endpoint.id}/test`],
      ['POST', `/api/webhooks/${endpoint.id}/rotate-secret`],
      ['GET', `/api/webhooks/${endpoint.id}/deliveries`],
    ] as const) {
      const response = await call(method, url, member.headers, method === 'GET' || method === 'DELETE' ? undefined : { url: PUBLIC_URL, events: ['deal.won'] })
      expect(response.statusCode, `${method} ${url}`).toBe(403)
    }
    expect((await test.storage.webhooks.getEndpoint(owner.workspaceId, endpoint.id))?.events).toEqual(['contact.created', 'contact.updated'])
  })

  it("answers 404 for another workspace's endpoint and changes nothing", async () => {
    const { endpoint } = await givenEndpoint()
    for (const [method, url, payload] of [
      ['PATCH', `/api/webhooks/${endpoint.id}`, { enabled: false }],
      ['DELETE', `/api/webhooks/${endpoint.id}`, undefined],
      ['POST', `/api/webhooks/${endpoint.id}/test`, undefined],
      ['POST', `/api/webhooks/${endpoint.id}/rotate-secret`, undefined],
      ['GET', `/api/webhooks/${endpoint.id}/deliveries`, undefined],
      ['GET', '/api/webhooks/not-an-id/deliveries', undefined],
    ] as const) {
      const response = await call(method, url, stranger.headers, payload)
      expect(response.statusCode, `${method} ${url}`).toBe(404)
      expect(response.body).not.toContain(PUBLIC_URL)
    }
    expect((await call('GET', '/api/webhooks', stranger.headers)).json()).toMatchObject({ endpoints: [] })
    expect(await test.storage.webhooks.getEndpoint(owner.workspaceId, endpoint.id)).toMatchObject({ enabled: true })
    expect((await call('GET', '/api/webhooks', { ...stranger.headers, 'x-workspace-id': owner.workspaceId })).statusCode).toBe(404)
  })

  it('refuses private, loopback and malformed URLs at registration with a clear 400', async () => {
    const cases: Array<[string, string]> = [
      ['http://127.0.0.1:8080/hook', 'loopback'],
      ['http://169.254.169.254/latest/meta-data', 'link-local'],
      ['http://[::1]/hook', 'loopback'],
      ['https://intranet.example.com/hook', '10.0.0.7, a private address'],
      ['ftp://hooks.example.com/', 'https://'],
      ['https://user:pw@hooks.example.com/', 'user name or password'],
    ]
    for (const [url, message] of cases) {
      const response = await call('POST', '/api/webhooks', owner.headers, { url, events: ['contact.created'] })
      expect(response.statusCode, url).toBe(400)
      expect(response.json<{ message: string }>().message).toContain(message)
    }
    const { endpoint } = await givenEndpoint()
    const moved = await call('PATCH', `/api/webhooks/${endpoint.id}`, owner.headers, { url: 'http://10.1.2.3/' })
    expect(moved.statusCode).toBe(400)
    expect((await test.storage.webhooks.getEndpoint(owner.workspaceId, endpoint.id))?.url).toBe(PUBLIC_URL)
    expect(await test.storage.webhooks.listEndpoints(owner.workspaceId)).toHaveLength(1)
  })

  it('validates events and changes only what is given', async () => {
    expect((await call('POST', '/api/webhooks', owner.headers, { url: PUBLIC_URL, events: [] })).statusCode).toBe(400)
    expect((await call('POST', '/api/webhooks', owner.headers, { url: PUBLIC_URL, events: ['contact.exploded'] })).statusCode).toBe(400)
    const { endpoint } = await givenEndpoint()
    const all = await call('PATCH', `/api/webhooks/${endpoint.id}`, owner.headers, { events: [...WEBHOOK_EVENT_TYPES].reverse() })
    expect(all.json<{ endpoint: { events: string[]; description: string } }>().endpoint).toMatchObject({ events: [...WEBHOOK_EVENT_TYPES], description: 'CRM' })
    const off = await call('PATCH', `/api/webhooks/${endpoint.id}`, owner.headers, { enabled: false })
    expect(off.json()).toMatchObject({ endpoint: { enabled: false } })
    expect((await call('POST', `/api/webhooks/${endpoint.id}/test`, owner.headers)).statusCode).toBe(400)
    expect((await call('PATCH', `/api/webhooks/${endpoint.id}`, owner.headers, {})).statusCode).toBe(400)
  })

  it('queues a test event, rotates the secret and deletes the endpoint', async () => {
    const { endpoint, secret } = await givenEndpoint()
    const queued = await call('POST', `/api/webhooks/${endpoint.id}/test`, owner.headers)
    expect(queued.statusCode).toBe(200)
    const log = await call('GET', `/api/webhooks/${endpoint.id}/deliveries?limit=10`, owner.headers)
    expect(log.json()).toMatchObject({ deliveries: [{ eventType: 'contact.updated', status: 'queued', attempts: 0, attemptLog: [] }], nextBefore: null })

    const rotated = await call('POST', `/api/webhooks/${endpoint.id}/rotate-secret`, owner.headers)
    const next = rotated.json<{ secret: string }>().secret
    expect(next).toMatch(/^whsec_/)
    expect(next).not.toBe(secret)
    const cipher = (await test.storage.webhooks.getEndpoint(owner.workspaceId, endpoint.id))?.secretCipher ?? ''
    expect(createWebhookSecrets(TEST_TRACKING_SECRET).open(cipher, owner.workspaceId, endpoint.id)).toBe(next)

    expect((await call('DELETE', `/api/webhooks/${endpoint.id}`, owner.headers)).statusCode).toBe(200)
    expect((await call('GET', `/api/webhooks/${endpoint.id}/deliveries`, owner.headers)).statusCode).toBe(404)
  })

  it('queues contact events from pushes for subscribed endpoints of that workspace only', async () => {
    const { endpoint } = await givenEndpoint(owner, { events: ['contact.created', 'contact.updated'] })
    const push = (account: TestAccount, doc: Record<string, unknown>, assumed: Record<string, unknown> | null = null) =>
      call('POST', '/api/replication/contacts/push', account.headers, [{ assumedMasterState: assumed, newDocumentState: doc }])

    const contact = contactDoc({ email: 'grace@example.com' }, 1_000)
    expect((await push(owner, contact)).statusCode).toBe(200)
    // A retried push of the same state writes nothing and queues nothing new.
    await push(owner, contact, contact)
    const edited = editDoc(contact, { firstName: 'Grace' }, 2_000, 'deviceA')
    await push(owner, edited, contact)
    await push(stranger, contactDoc({ email: 'someone@else.example' }, 1_000))

    const page = await test.storage.webhooks.listDeliveries(owner.workspaceId, endpoint.id, { limit: 10 })
    expect(page.deliveries.map((delivery) => delivery.eventType).sort()).toEqual(['contact.created', 'contact.updated'])
    const created = page.deliveries.find((delivery) => delivery.eventType === 'contact.created')
    const body = JSON.parse(created?.payloadJson ?? '{}') as { type: string; workspaceId: string; data: Record<string, unknown> }
    expect(body).toMatchObject({ type: 'contact.created', workspaceId: owner.workspaceId, data: { id: contact.id, email: 'grace@example.com' } })
    expect(body.data).not.toHaveProperty('_clock')
  })
})

describe('webhook secrets and the log', () => {
  it('never writes a signing secret to the log, even at trace level', async () => {
    const chunks: string[] = []
    const buffer = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk.toString('utf8'))
        callback()
      },
    })
    const test = await harness(pino({ level: 'trace', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, buffer))
    const secrets: string[] = []
    try {
      const owner = await signUp(test.app)
      const created = await test.app.inject({ method: 'POST', url: '/api/webhooks', headers: owner.headers, payload: { url: PUBLIC_URL, events: ['deal.won'] } })
      const { endpoint, secret } = created.json<{ endpoint: { id: string }; secret: string }>()
      secrets.push(secret)
      const rotated = await test.app.inject({ method: 'POST', url: `/api/webhooks/${endpoint.id}/rotate-secret`, headers: owner.headers })
      secrets.push(rotated.json<{ secret: string }>().secret)
      await test.app.inject({ method: 'GET', url: '/api/webhooks', headers: owner.headers })
    } finally {
      await test.close()
    }
    const log = chunks.join('')
    expect(log).toContain('/api/webhooks')
    for (const secret of secrets) expect(log).not.toContain(secret)
  })
})
