import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { newId } from '@core/ids'
import { storageBackends } from '../testing/storageBackends'
import { openStorage } from './index'
import type { StoragePort, UserRecord } from './port'
import type { NewWebhookDelivery, NewWebhookEndpoint, WebhookAttemptResult } from './webhookStore'
import { WEBHOOK_ATTEMPTS_KEPT } from './webhookStore'

// The webhook store's contract on SQLite and PostgreSQL. Two storage instances on one database
// stand for two server instances.

describe.each(storageBackends('webhooks'))('webhook store contract on $kind', (backend) => {
  let storage: StoragePort
  let other: StoragePort

  async function givenWorkspace(): Promise<string> {
    const id = newId()
    const user: UserRecord = { id: newId(), email: `${id.toLowerCase()}@example.test`, name: 'Owner', passwordHash: 'x', createdAt: 1 }
    await storage.createUser(user)
    await storage.createWorkspace(
      { id, name: 'Acme', createdAt: 1 },
      { workspaceId: id, userId: user.id, role: 'owner', joinedAt: 1 },
      { id: user.id, email: user.email, name: user.name, role: 'owner', joinedAt: 1, updatedAt: 1, _clock: {}, _deleted: false },
    )
    return id
  }

  async function givenEndpoint(workspaceId: string, overrides: Partial<NewWebhookEndpoint> = {}): Promise<string> {
    const id = newId()
    await storage.webhooks.createEndpoint({
      id,
      workspaceId,
      url: 'https://hooks.example.com/outpost',
      description: 'CRM sync',
      events: ['contact.created', 'deal.won'],
      secretCipher: 'v1.sealed',
      enabled: true,
      createdAt: 1_000,
      createdBy: 'user-1',
      ...overrides,
    })
    return id
  }

  const aDelivery = (workspaceId: string, endpointId: string, eventId = newId(), createdAt = 1_000): NewWebhookDelivery => ({
    id: newId(),
    workspaceId,
    endpointId,
    eventId,
    eventType: 'contact.created',
    payloadJson: JSON.stringify({ id: eventId }),
    createdAt,
  })

  const attempt = (deliveryId: string, claimId: string, overrides: Partial<WebhookAttemptResult> = {}): WebhookAttemptResult => ({
    deliveryId,
    claimId,
    attempt: 1,
    at: 2_000,
    statusCode: 500,
    durationMs: 12.4,
    error: 'HTTP 500',
    outcome: { kind: 'retry', nextAttemptAt: 62_000 },
    ...overrides,
  })

  /** Claims every due delivery at `now` (one dispatcher). */
  const claimAll = (now: number, instance: StoragePort = storage, claimId = newId()) =>
    instance.webhooks.claimDeliveries({ claimId, limit: 1_000, now, leaseMs: 30_000 })

  beforeAll(() => backend.setUp())
  afterAll(() => backend.tearDown())

  // Claims take due deliveries of every workspace: each test gets its own database.
  beforeEach(async () => {
    const url = await backend.freshDatabaseUrl()
    storage = await openStorage(url)
    other = await openStorage(url)
  })

  afterEach(async () => {
    await other.close()
    await storage.close()
  })

  it('stores an endpoint and shows it to its workspace only', async () => {
    const workspaceId = await givenWorkspace()
    const otherWorkspace = await givenWorkspace()
    const id = await givenEndpoint(workspaceId)
    const stored = await storage.webhooks.getEndpoint(workspaceId, id)
    expect(stored).toMatchObject({
      id,
      workspaceId,
      url: 'https://hooks.example.com/outpost',
      events: ['contact.created', 'deal.won'],
      secretCipher: 'v1.sealed',
      enabled: true,
      disabledReason: '',
      disabledAt: null,
      consecutiveFailures: 0,
      failingSince: null,
      createdAt: 1_000,
      updatedAt: 1_000,
    })
    expect(await storage.webhooks.getEndpoint(otherWorkspace, id)).toBeNull()
    expect(await storage.webhooks.listEndpoints(otherWorkspace)).toEqual([])
    expect((await storage.webhooks.listEndpoints(workspaceId)).map((endpoint) => endpoint.id)).toEqual([id])
    expect(await storage.webhooks.updateEndpoint(otherWorkspace, id, { url: 'https://evil.example.com' }, 5)).toBeNull()
    expect(await storage.webhooks.deleteEndpoint(otherWorkspace, id)).toBe(false)
    expect((await storage.webhooks.getEndpoint(workspaceId, id))?.url).toBe('https://hooks.example.com/outpost')
  })

  it('updates only the fields given; disabling keeps a reason; re-enabling clears it, the streak, and releases waiting deliveries', async () => {
    const workspaceId = await givenWorkspace()
    const id = await givenEndpoint(workspaceId)
    const updated = await storage.webhooks.updateEndpoint(workspaceId, id, { description: 'New', events: ['task.created'] }, 3_000)
    expect(updated).toMatchObject({ description: 'New', events: ['task.created'], url: 'https://hooks.example.com/outpost', secretCipher: 'v1.sealed', updatedAt: 3_000 })

    await storage.webhooks.enqueueDeliveries([aDelivery(workspaceId, id)])
    const claimId = newId()
    const [claimed] = await claimAll(3_000, storage, claimId)
    if (claimed === undefined) throw new Error('nothing claimed')
    const health = await storage.webhooks.recordAttempt(attempt(claimed.delivery.id, claimId, { at: 3_000, outcome: { kind: 'retry', nextAttemptAt: 9_000_000 } }))
    expect(health).toMatchObject({ endpointId: id, workspaceId, enabled: true, consecutiveFailures: 1, failingSince: 3_000 })

    expect(await storage.webhooks.disableEndpoint(workspaceId, id, 'Failing for 2 hours', 4_000)).toBe(true)
    expect(await storage.webhooks.disableEndpoint(workspaceId, id, 'again', 4_000)).toBe(false)
    expect(await storage.webhooks.getEndpoint(workspaceId, id)).toMatchObject({ enabled: false, disabledReason: 'Failing for 2 hours', disabledAt: 4_000 })

    const enabled = await storage.webhooks.updateEndpoint(workspaceId, id, { enabled: true }, 5_000)
    expect(enabled).toMatchObject({ enabled: true, disabledReason: '', disabledAt: null, consecutiveFailures: 0, failingSince: null })
    // The backed-off delivery is due again right away.
    expect((await claimAll(5_000)).map((c) => c.delivery.id)).toEqual([claimed.delivery.id])

    expect(await storage.webhooks.updateEndpoint(workspaceId, id, { enabled: false }, 7_000)).toMatchObject({ enabled: false, disabledReason: '', disabledAt: 7_000 })
  })

  it('queues an event once per endpoint however often it is emitted, and never for an endpoint of another workspace', async () => {
    const workspaceId = await givenWorkspace()
    const otherWorkspace = await givenWorkspace()
    const first = await givenEndpoint(workspaceId)
    const second = await givenEndpoint(workspaceId)
    const foreign = await givenEndpoint(otherWorkspace)
    expect(await storage.webhooks.enqueueDeliveries([aDelivery(workspaceId, first, 'evt-1'), aDelivery(workspaceId, second, 'evt-1')])).toBe(2)
    expect(await other.webhooks.enqueueDeliveries([aDelivery(workspaceId, first, 'evt-1'), aDelivery(workspaceId, first, 'evt-2')])).toBe(1)
    expect(await storage.webhooks.enqueueDeliveries([aDelivery(workspaceId, foreign, 'evt-3')])).toBe(0)
    const page = await storage.webhooks.listDeliveries(workspaceId, first, { limit: 10 })
    expect(page.deliveries.map((delivery) => delivery.eventId).sort()).toEqual(['evt-1', 'evt-2'])
    expect(page.deliveries[0]).toMatchObject({ status: 'queued', attempts: 0, firstAttemptAt: null, lastStatusCode: null, lastError: '', attemptLog: [] })
  })

  it('hands each due delivery to one claimer only, skips disabled endpoints and reclaims an expired lease', async () => {
    const workspaceId = await givenWorkspace()
    const live = await givenEndpoint(workspaceId)
    const off = await givenEndpoint(workspaceId, { enabled: false })
    const queued = Array.from({ length: 20 }, () => aDelivery(workspaceId, live))
    await storage.webhooks.enqueueDeliveries([...queued, aDelivery(workspaceId, off)])
    const claims = await Promise.all([
      storage.webhooks.claimDeliveries({ claimId: 'a', limit: 12, now: 10_000, leaseMs: 30_000 }),
      other.webhooks.claimDeliveries({ claimId: 'b', limit: 12, now: 10_000, leaseMs: 30_000 }),
    ])
    const ids = claims.flat().map((claimed) => claimed.delivery.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.sort()).toEqual(queued.map((delivery) => delivery.id).sort())
    const [one] = claims[0]
    expect(one).toMatchObject({ url: 'https://hooks.example.com/outpost', secretCipher: 'v1.sealed', delivery: { status: 'sending', attempts: 1, firstAttemptAt: 10_000 } })

    expect(await claimAll(39_999)).toEqual([])
    // The dispatcher holding them died: after the lease they go out again, counted as another attempt.
    const again = await claimAll(40_000)
    expect(again).toHaveLength(20)
    expect(again.every((claimed) => claimed.delivery.attempts === 2 && claimed.delivery.firstAttemptAt === 10_000)).toBe(true)
  })

  it('records attempts: a retry waits its turn, a success resets the streak, a stale claim cannot overwrite, the log keeps every attempt', async () => {
    const workspaceId = await givenWorkspace()
    const endpointId = await givenEndpoint(workspaceId)
    const delivery = aDelivery(workspaceId, endpointId)
    await storage.webhooks.enqueueDeliveries([delivery])
    await claimAll(1_000, storage, 'c1')
    const failed = await storage.webhooks.recordAttempt(attempt(delivery.id, 'c1', { at: 1_100, outcome: { kind: 'retry', nextAttemptAt: 61_100 } }))
    expect(failed).toMatchObject({ consecutiveFailures: 1, failingSince: 1_100 })
    expect(await storage.webhooks.getDelivery(workspaceId, delivery.id)).toMatchObject({ status: 'queued', nextAttemptAt: 61_100, lastStatusCode: 500, lastDurationMs: 12, lastError: 'HTTP 500' })
    expect(await claimAll(61_099)).toEqual([])

    await claimAll(61_100, storage, 'c2')
    // A late answer for the first claim changes nothing but the log.
    await storage.webhooks.recordAttempt(attempt(delivery.id, 'c1', { attempt: 1, at: 61_150, outcome: { kind: 'failed' } }))
    expect((await storage.webhooks.getDelivery(workspaceId, delivery.id))?.status).toBe('sending')
    const healthy = await storage.webhooks.recordAttempt(attempt(delivery.id, 'c2', { attempt: 2, at: 61_200, statusCode: 204, error: '', outcome: { kind: 'succeeded' } }))
    expect(healthy).toMatchObject({ consecutiveFailures: 0, failingSince: null, enabled: true })
    expect(await storage.webhooks.getDelivery(workspaceId, delivery.id)).toMatchObject({ status: 'succeeded', attempts: 2, lastStatusCode: 204, lastError: '', lastAttemptAt: 61_200 })

    const page = await storage.webhooks.listDeliveries(workspaceId, endpointId, { limit: 5 })
    expect(page.deliveries[0]?.attemptLog.map(({ attempt: n, statusCode, error }) => ({ n, statusCode, error }))).toEqual([
      { n: 1, statusCode: 500, error: 'HTTP 500' },
      { n: 2, statusCode: 204, error: '' },
    ])
    expect(await storage.webhooks.latestDeliveries(workspaceId)).toEqual(new Map([[endpointId, expect.objectContaining({ id: delivery.id, status: 'succeeded' })]]))
  })

  it('a failed outcome is final, and releasing a claim gives its attempt back', async () => {
    const workspaceId = await givenWorkspace()
    const endpointId = await givenEndpoint(workspaceId)
    const [final, released] = [aDelivery(workspaceId, endpointId), aDelivery(workspaceId, endpointId)]
    await storage.webhooks.enqueueDeliveries([final, released])
    await claimAll(1_000, storage, 'c')
    await storage.webhooks.recordAttempt(attempt(final.id, 'c', { outcome: { kind: 'failed' } }))
    expect(await storage.webhooks.releaseClaim('c')).toBe(1)
    expect(await storage.webhooks.getDelivery(workspaceId, final.id)).toMatchObject({ status: 'failed' })
    expect(await storage.webhooks.getDelivery(workspaceId, released.id)).toMatchObject({ status: 'queued', attempts: 0 })
    expect((await claimAll(1_000)).map((claimed) => claimed.delivery.id)).toEqual([released.id])
  })

  it('pages the delivery log newest first', async () => {
    const workspaceId = await givenWorkspace()
    const endpointId = await givenEndpoint(workspaceId)
    const deliveries = Array.from({ length: 5 }, (_, i) => ({ ...aDelivery(workspaceId, endpointId), id: newId(1_000 + i) }))
    await storage.webhooks.enqueueDeliveries(deliveries)
    const first = await storage.webhooks.listDeliveries(workspaceId, endpointId, { limit: 2 })
    expect(first.deliveries.map((d) => d.id)).toEqual([deliveries[4]?.id, deliveries[3]?.id])
    const second = await storage.webhooks.listDeliveries(workspaceId, endpointId, { limit: 2, before: first.nextBefore ?? '' })
    expect(second.deliveries.map((d) => d.id)).toEqual([deliveries[2]?.id, deliveries[1]?.id])
    const last = await storage.webhooks.listDeliveries(workspaceId, endpointId, { limit: 2, before: second.nextBefore ?? '' })
    expect(last).toMatchObject({ deliveries: [{ id: deliveries[0]?.id }], nextBefore: null })
    expect((await storage.webhooks.listDeliveries(await givenWorkspace(), endpointId, { limit: 2 })).deliveries).toEqual([])
  })

  it(`keeps the newest ${WEBHOOK_ATTEMPTS_KEPT} attempts per endpoint`, async () => {
    const workspaceId = await givenWorkspace()
    const endpointId = await givenEndpoint(workspaceId)
    const total = WEBHOOK_ATTEMPTS_KEPT + 3
    const deliveries = Array.from({ length: total }, () => aDelivery(workspaceId, endpointId))
    await storage.webhooks.enqueueDeliveries(deliveries)
    const claimed = await storage.webhooks.claimDeliveries({ claimId: 'c', limit: total, now: 1_000, leaseMs: 60_000 })
    expect(claimed).toHaveLength(total)
    for (const [i, { delivery }] of claimed.entries()) {
      await storage.webhooks.recordAttempt(attempt(delivery.id, 'c', { at: 10 + i, outcome: { kind: 'failed' } }))
    }
    let kept = 0
    let before: string | undefined
    for (;;) {
      const page = await storage.webhooks.listDeliveries(workspaceId, endpointId, { limit: 500, ...(before === undefined ? {} : { before }) })
      kept += page.deliveries.reduce((sum, delivery) => sum + delivery.attemptLog.length, 0)
      if (page.nextBefore === null) break
      before = page.nextBefore
    }
    expect(kept).toBe(WEBHOOK_ATTEMPTS_KEPT)
    expect((await storage.webhooks.getEndpoint(workspaceId, endpointId))?.consecutiveFailures).toBe(total)
  })

  it('deleting an endpoint removes its deliveries', async () => {
    const workspaceId = await givenWorkspace()
    const endpointId = await givenEndpoint(workspaceId)
    const delivery = aDelivery(workspaceId, endpointId)
    await storage.webhooks.enqueueDeliveries([delivery])
    expect(await storage.webhooks.deleteEndpoint(workspaceId, endpointId)).toBe(true)
    expect(await storage.webhooks.getDelivery(workspaceId, delivery.id)).toBeNull()
    expect(await storage.webhooks.getEndpoint(workspaceId, endpointId)).toBeNull()
    expect(await claimAll(Number.MAX_SAFE_INTEGER)).toEqual([])
  })
  it('forgets an erased contact: every delivery naming it goes, in its workspace only', async () => {
    const workspaceId = await givenWorkspace()
    const otherWorkspaceId = await givenWorkspace()
    const endpointId = await givenEndpoint(workspaceId)
    const otherEndpointId = await givenEndpoint(otherWorkspaceId)
    const contactId = newId()
    const naming = { ...aDelivery(workspaceId, endpointId), payloadJson: JSON.stringify({ data: { id: contactId, email: 'ada@example.com' } }) }
    const unrelated = aDelivery(workspaceId, endpointId)
    const elsewhere = { ...aDelivery(otherWorkspaceId, otherEndpointId), payloadJson: JSON.stringify({ data: { id: contactId } }) }
    await storage.webhooks.enqueueDeliveries([naming, unrelated, elsewhere])

    expect(await storage.webhooks.forgetContact(workspaceId, contactId)).toBe(1)
    expect(await storage.webhooks.getDelivery(workspaceId, naming.id)).toBeNull()
    expect(await storage.webhooks.getDelivery(workspaceId, unrelated.id)).not.toBeNull()
    expect(await storage.webhooks.getDelivery(otherWorkspaceId, elsewhere.id)).not.toBeNull()
  })
})
