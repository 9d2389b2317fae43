import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '@core/ids'
import { storageBackends } from '../testing/storageBackends'
import { openStorage } from './index'
import type { StoragePort } from './port'
import type { TrackingEventRecord } from './trackingStore'

// One tracking contract, two databases: SQLite (a temp file) and a real PostgreSQL (embedded).

const HOUR = 3_600_000
const T0 = 1_700_000_000_000 - (1_700_000_000_000 % HOUR)

function anEvent(overrides: Partial<TrackingEventRecord> = {}): TrackingEventRecord {
  return {
    workspaceId: 'W1',
    campaignId: 'C1',
    contactId: 'P1',
    type: 'open',
    linkIndex: -1,
    at: T0,
    machine: false,
    userAgentFamily: 'browser',
    ...overrides,
  }
}

async function givenWorkspace(storage: StoragePort): Promise<string> {
  const userId = newId()
  const workspaceId = newId()
  await storage.createUser({ id: userId, email: `${userId.toLowerCase()}@example.test`, name: 'Owner', passwordHash: 'x', createdAt: T0 })
  await storage.createWorkspace(
    { id: workspaceId, name: 'Tracking', createdAt: T0 },
    { workspaceId, userId, role: 'owner', joinedAt: T0 },
    { id: userId, email: 'o@example.test', name: 'Owner', role: 'owner', joinedAt: T0, updatedAt: T0, _clock: {}, _deleted: false },
  )
  return workspaceId
}

function put(storage: StoragePort, workspaceId: string, collection: string, doc: Record<string, unknown> & { id: string }): Promise<unknown> {
  return storage.pushDocuments(workspaceId, collection, [doc.id], () => [{ id: doc.id, doc }])
}

describe.each(storageBackends('tracking'))('tracking store contract on $kind', (backend) => {
  let storage: StoragePort

  beforeAll(async () => {
    await backend.setUp()
    storage = await openStorage(await backend.freshDatabaseUrl())
  }, 60_000)

  afterAll(async () => {
    await storage?.close()
    await backend.tearDown()
  })

  it('records a batch and says which events are the first of their kind (per link for clicks), across batches too', async () => {
    const workspaceId = newId()
    const first = await storage.tracking.recordEvents([
      anEvent({ workspaceId }),
      anEvent({ workspaceId, at: T0 + 1 }),
      anEvent({ workspaceId, machine: true }),
      anEvent({ workspaceId, contactId: 'P2' }),
      anEvent({ workspaceId, type: 'click', linkIndex: 0 }),
      anEvent({ workspaceId, type: 'click', linkIndex: 0, at: T0 + 2 }),
      anEvent({ workspaceId, type: 'click', linkIndex: 1 }),
    ])
    expect(first).toEqual([true, false, true, true, true, false, true])
    const second = await storage.tracking.recordEvents([anEvent({ workspaceId, at: T0 + 5 }), anEvent({ workspaceId, contactId: 'P3' })])
    expect(second).toEqual([false, true])
    expect(await storage.tracking.countEvents(workspaceId)).toBe(9)
    expect(await storage.tracking.recordEvents([])).toEqual([])
  })

  it('aggregates a campaign: human and machine apart, unique contacts, links and hourly timeline', async () => {
    const workspaceId = newId()
    const at = (hours: number, minutes = 0): number => T0 + hours * HOUR + minutes * 60_000
    await storage.tracking.recordEvents([
      anEvent({ workspaceId, contactId: 'P1', at: at(0, 5) }),
      anEvent({ workspaceId, contactId: 'P1', at: at(0, 40) }),
      anEvent({ workspaceId, contactId: 'P2', at: at(2) }),
      anEvent({ workspaceId, contactId: 'P3', at: at(0), machine: true }),
      anEvent({ workspaceId, contactId: 'P1', type: 'click', linkIndex: 0, at: at(0, 6) }),
      anEvent({ workspaceId, contactId: 'P1', type: 'click', linkIndex: 0, at: at(0, 7) }),
      anEvent({ workspaceId, contactId: 'P2', type: 'click', linkIndex: 1, at: at(2) }),
      anEvent({ workspaceId, contactId: 'P3', type: 'click', linkIndex: 1, at: at(0), machine: true }),
      // Another campaign and another workspace never leak in.
      anEvent({ workspaceId, campaignId: 'C2', contactId: 'P9' }),
      anEvent({ workspaceId: `${workspaceId}X`, contactId: 'P9' }),
    ])
    expect(await storage.tracking.recordUnsubscribe(anEvent({ workspaceId, contactId: 'P2', type: 'unsubscribe', at: at(3) }))).toBe(true)

    const engagement = await storage.tracking.campaignEngagement(workspaceId, 'C1', 400)
    expect(engagement).toEqual({
      opens: 3,
      uniqueOpens: 2,
      machineOpens: 1,
      clicks: 3,
      uniqueClicks: 2,
      machineClicks: 1,
      unsubscribes: 1,
      links: [
        { linkIndex: 0, clicks: 2, uniqueClicks: 1 },
        { linkIndex: 1, clicks: 1, uniqueClicks: 1 },
      ],
      timeline: [
        { at: at(0), opens: 2, clicks: 2 },
        { at: at(2), opens: 1, clicks: 1 },
      ],
    })
    expect((await storage.tracking.campaignEngagement(workspaceId, 'C1', 1)).timeline).toEqual([{ at: at(0), opens: 2, clicks: 2 }])
  })

  it("keeps a campaign's engagement exact across reads as events keep arriving (in this and other campaigns)", async () => {
    const workspaceId = newId()
    await storage.tracking.recordEvents([anEvent({ workspaceId, contactId: 'P1' }), anEvent({ workspaceId, contactId: 'P1', type: 'click', linkIndex: 1 })])
    expect(await storage.tracking.campaignEngagement(workspaceId, 'C1', 400)).toMatchObject({ opens: 1, uniqueOpens: 1, clicks: 1, uniqueClicks: 1 })

    await storage.tracking.recordEvents([
      anEvent({ workspaceId, contactId: 'P1', at: T0 + HOUR }),
      anEvent({ workspaceId, contactId: 'P2', at: T0 + HOUR }),
      anEvent({ workspaceId, contactId: 'P2', machine: true }),
      anEvent({ workspaceId, contactId: 'P1', type: 'click', linkIndex: 0, at: T0 + HOUR }),
      anEvent({ workspaceId, campaignId: 'C2', contactId: 'P3' }),
    ])
    await storage.tracking.recordUnsubscribe(anEvent({ workspaceId, contactId: 'P2', type: 'unsubscribe' }))
    await storage.tracking.recordEvents([anEvent({ workspaceId, campaignId: 'C2', contactId: 'P4' })])

    expect(await storage.tracking.campaignEngagement(workspaceId, 'C1', 400)).toEqual({
      opens: 3,
      uniqueOpens: 2,
      machineOpens: 1,
      clicks: 2,
      uniqueClicks: 1,
      machineClicks: 0,
      unsubscribes: 1,
      links: [
        { linkIndex: 0, clicks: 1, uniqueClicks: 1 },
        { linkIndex: 1, clicks: 1, uniqueClicks: 1 },
      ],
      timeline: [
        { at: T0, opens: 1, clicks: 1 },
        { at: T0 + HOUR, opens: 2, clicks: 1 },
      ],
    })
    expect(await storage.tracking.campaignEngagement(workspaceId, 'C2', 400)).toMatchObject({ opens: 2, uniqueOpens: 2 })
  })

  it("reads the emails of live contacts in one call, not deleted ones' nor another workspace's", async () => {
    const workspaceId = await givenWorkspace(storage)
    const other = await givenWorkspace(storage)
    const live = newId()
    const deleted = newId()
    const elsewhere = newId()
    await put(storage, workspaceId, 'contacts', { id: live, email: 'ada@example.test', _deleted: false, updatedAt: T0, _clock: {} })
    await put(storage, workspaceId, 'contacts', { id: deleted, email: 'gone@example.test', _deleted: true, updatedAt: T0, _clock: {} })
    await put(storage, other, 'contacts', { id: elsewhere, email: 'other@example.test', _deleted: false, updatedAt: T0, _clock: {} })
    const emails = await storage.tracking.contactEmails(workspaceId, [live, deleted, elsewhere, live, newId()])
    expect([...emails]).toEqual([[live, 'ada@example.test']])
    expect(await storage.tracking.contactEmails(workspaceId, [])).toEqual(new Map())
  })

  it('an unknown campaign has zero engagement', async () => {
    expect(await storage.tracking.campaignEngagement(newId(), 'C1', 400)).toEqual({
      opens: 0,
      uniqueOpens: 0,
      machineOpens: 0,
      clicks: 0,
      uniqueClicks: 0,
      machineClicks: 0,
      unsubscribes: 0,
      links: [],
      timeline: [],
    })
  })

  it('records one unsubscribe per contact and campaign, however often it is asked', async () => {
    const workspaceId = newId()
    const event = anEvent({ workspaceId, type: 'unsubscribe' })
    const results = await Promise.all([storage.tracking.recordUnsubscribe(event), storage.tracking.recordUnsubscribe(event)])
    expect(results.sort()).toEqual([false, true])
    expect(await storage.tracking.recordUnsubscribe(event)).toBe(false)
    expect(await storage.tracking.recordUnsubscribe({ ...event, campaignId: 'C2' })).toBe(true)
    expect(await storage.tracking.countEvents(workspaceId)).toBe(2)
  })

  it("reads a live contact's email, not a deleted one's nor another workspace's", async () => {
    const workspaceId = await givenWorkspace(storage)
    const other = await givenWorkspace(storage)
    const live = newId()
    const deleted = newId()
    await put(storage, workspaceId, 'contacts', { id: live, email: 'ada@example.test', _deleted: false, updatedAt: T0, _clock: {} })
    await put(storage, workspaceId, 'contacts', { id: deleted, email: 'gone@example.test', _deleted: true, updatedAt: T0, _clock: {} })
    expect(await storage.tracking.contactEmail(workspaceId, live)).toBe('ada@example.test')
    expect(await storage.tracking.contactEmail(workspaceId, deleted)).toBeNull()
    expect(await storage.tracking.contactEmail(other, live)).toBeNull()
    expect(await storage.tracking.contactEmail(workspaceId, newId())).toBeNull()
  })

  it('finds live event documents older than a cutoff, oldest first', async () => {
    const workspaceId = await givenWorkspace(storage)
    const ids = [newId(), newId(), newId(), newId()]
    const eventDoc = (id: string, at: number, deleted = false) => ({ id, type: 'open', at, _deleted: deleted, updatedAt: at, _clock: {} })
    await put(storage, workspaceId, 'events', eventDoc(ids[0] ?? '', T0 + 20))
    await put(storage, workspaceId, 'events', eventDoc(ids[1] ?? '', T0 + 10))
    await put(storage, workspaceId, 'events', eventDoc(ids[2] ?? '', T0 + 5, true))
    await put(storage, workspaceId, 'events', eventDoc(ids[3] ?? '', T0 + 100))
    expect(await storage.tracking.eventDocumentsBefore(workspaceId, T0 + 50, 10)).toEqual([ids[1], ids[0]])
    expect(await storage.tracking.eventDocumentsBefore(workspaceId, T0 + 50, 1)).toEqual([ids[1]])
    expect(await storage.tracking.workspacesWithEventDocumentsBefore(T0 + 50)).toContain(workspaceId)
    expect(await storage.tracking.workspacesWithEventDocumentsBefore(T0 + 1)).not.toContain(workspaceId)
  })
})
