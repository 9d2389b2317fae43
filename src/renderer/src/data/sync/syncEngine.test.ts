import { createRxDatabase } from 'rxdb'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import type { CollectionName, Contact } from '@core/schema'
import { FakeSyncServer } from '../../test/fakeSyncServer'
import { contactFields } from '../../test/fixtures'
import { outpostCollectionCreators, type OutpostCollections, type OutpostDatabase } from '../collections'
import { deleteSyncedDocs, insertSyncedDoc, patchSyncedDoc } from '../syncedWrites'
import { PendingChanges, pendingChanges } from './pendingChanges'
import { SyncEngine, type SyncEngineOptions } from './syncEngine'
import type { FetchLike } from './syncHttp'
import { fakeNetwork } from '../../test/fakeNetwork'

// The engine against an in-memory server that speaks the HTTP contract, with the real RxDB
// replication, the real core merge and a database opened the way a Node test would open one.

let counter = 0
// Two devices share this process: RxDB's free tier opens at most 13 collections per process.
const DEVICE_COLLECTIONS: CollectionName[] = ['contacts', 'companies', 'members']
const SERVER = 'http://127.0.0.1:3100'

async function openDatabase(): Promise<OutpostDatabase> {
  const db = await createRxDatabase<OutpostCollections>({ name: `engine${counter++}`, storage: getRxStorageMemory(), multiInstance: false })
  const { contacts, companies, members } = outpostCollectionCreators()
  await db.addCollections({ contacts, companies, members })
  return db
}


interface Device {
  db: OutpostDatabase
  engine: SyncEngine
  network: ReturnType<typeof fakeNetwork>
}

const opened: Device[] = []

async function device(server: FakeSyncServer, token: string, workspaceId: string, options: Partial<SyncEngineOptions> = {}): Promise<Device> {
  const db = await openDatabase()
  const network = fakeNetwork()
  const engine = new SyncEngine({
    database: db,
    fetch: server.fetch,
    credentials: () => ({ serverUrl: SERVER, token, workspaceId }),
    network,
    pending: new PendingChanges(),
    retryTimeMs: 5,
    backoff: { baseMs: 5, maxMs: 20 },
    collections: DEVICE_COLLECTIONS,
    ...options,
  })
  const created = { db, engine, network }
  opened.push(created)
  return created
}

async function contactOn(db: OutpostDatabase, id: string): Promise<Contact | undefined> {
  return (await db.contacts.findOne(id).exec())?.toJSON() as Contact | undefined
}

afterEach(async () => {
  for (const { engine, db } of opened.splice(0)) {
    await engine.stop()
    await db.close()
  }
  pendingChanges.setTracking(false)
})

/** Two started devices of one account, and a contact created on A that B has already received. */
async function twoDevicesSharingAContact() {
  const server = new FakeSyncServer()
  const { token, workspaceId } = server.seedAccount('ada@example.com', 'password1', 'Ada', 'Engines')
  const a = await device(server, token, workspaceId)
  const b = await device(server, token, workspaceId)
  await a.engine.start()
  await b.engine.start()
  const created = await insertSyncedDoc<Contact>(a.db.contacts, contactFields({ email: 'grace@example.com', firstName: 'Grace' }))
  await vi.waitFor(async () => expect(await contactOn(b.db, created.id)).toBeDefined())
  return { server, workspaceId, a, b, created }
}

describe('SyncEngine', () => {
  it('pushes a new contact and another device receives it over the stream', async () => {
    const server = new FakeSyncServer()
    const { token, workspaceId } = server.seedAccount('ada@example.com', 'password1', 'Ada', 'Engines')
    const a = await device(server, token, workspaceId)
    const b = await device(server, token, workspaceId)
    await a.engine.start()
    await b.engine.start()
    await a.engine.awaitInSync()
    await b.engine.awaitInSync()

    const created = await insertSyncedDoc<Contact>(a.db.contacts, contactFields({ email: 'grace@example.com', firstName: 'Grace' }))
    await vi.waitFor(async () => expect((await contactOn(b.db, created.id))?.firstName).toBe('Grace'))
    expect(server.document(workspaceId, 'contacts', created.id)).toMatchObject({ email: 'grace@example.com', _deleted: false })
    // One stream per device, however many collections.
    expect(server.requests.filter((request) => request === 'GET /api/replication/stream')).toHaveLength(2)
  })

  it('keeps two offline edits to different fields of one contact', async () => {
    const { server, workspaceId, a, b, created } = await twoDevicesSharingAContact()
    await a.engine.awaitInSync()
    await b.engine.awaitInSync()

    a.network.setOnline(false)
    b.network.setOnline(false)
    server.closeStreams()
    await patchSyncedDoc<Contact>(a.db.contacts, created.id, { title: 'Rear Admiral' })
    await patchSyncedDoc<Contact>(b.db.contacts, created.id, { phone: '+1 555 0100' })

    a.network.setOnline(true)
    await a.engine.awaitInSync()
    b.network.setOnline(true)
    await b.engine.awaitInSync()

    await vi.waitFor(async () => {
      for (const db of [a.db, b.db]) expect(await contactOn(db, created.id)).toMatchObject({ title: 'Rear Admiral', phone: '+1 555 0100' })
    })
    expect(server.document(workspaceId, 'contacts', created.id)).toMatchObject({ title: 'Rear Admiral', phone: '+1 555 0100' })
  })

  it('resolves a delete racing an edit field by field: the delete holds and the edit is kept in the tombstone', async () => {
    const { server, workspaceId, a, b, created } = await twoDevicesSharingAContact()
    await b.engine.awaitInSync()

    b.network.setOnline(false)
    await patchSyncedDoc<Contact>(b.db.contacts, created.id, { title: 'Edited offline' })
    await deleteSyncedDocs<Contact>(a.db.contacts, [created.id])
    await a.engine.awaitInSync()
    b.network.setOnline(true)
    await b.engine.awaitInSync()

    await vi.waitFor(async () => {
      expect(server.document(workspaceId, 'contacts', created.id)).toMatchObject({ _deleted: true, title: 'Edited offline' })
      expect(await contactOn(b.db, created.id)).toBeUndefined()
      expect(await contactOn(a.db, created.id)).toBeUndefined()
    })
  })

  it('pulls members but never pushes them, and folds pulled clocks into the device clock', async () => {
    const server = new FakeSyncServer()
    const { token, workspaceId, userId } = server.seedAccount('ada@example.com', 'password1', 'Ada', 'Engines')
    const received: string[] = []
    const a = await device(server, token, workspaceId, { clock: { receive: (stamp) => received.push(stamp) } })
    await a.engine.start()
    await a.engine.awaitInSync()
    const member = (await a.db.members.findOne(userId).exec())?.toJSON()
    expect(member).toMatchObject({ email: 'ada@example.com', role: 'owner' })
    expect(received).toContain(member?._clock.role)

    // A local write to members (which the UI never does) stays local.
    await a.db.members.upsert({ ...member!, role: 'admin' })
    await a.engine.awaitInSync()
    expect(server.requests.some((request) => request.includes('/members/push'))).toBe(false)
  })

  it('starts offline without a single request or error, counts waiting changes, and catches up when online', async () => {
    const server = new FakeSyncServer()
    const { token, workspaceId } = server.seedAccount('ada@example.com', 'password1', 'Ada', 'Engines')
    const errors = vi.spyOn(console, 'error')
    const handed = vi.spyOn(pendingChanges, 'handedToPush')
    const a = await device(server, token, workspaceId, { pending: pendingChanges })
    a.network.setOnline(false)
    await a.engine.start()
    expect(a.engine.getSnapshot().connection).toBe('offline')

    await insertSyncedDoc<Contact>(a.db.contacts, contactFields({ email: 'one@example.com' }))
    await insertSyncedDoc<Contact>(a.db.contacts, contactFields({ email: 'two@example.com' }))
    await vi.waitFor(() => expect(a.engine.getSnapshot().pending).toBe(2))
    // The replication tried to pull and to push (the push handler got the changes) and is held back.
    await vi.waitFor(() => expect(handed.mock.calls.flatMap(([, ids]) => [...ids])).toHaveLength(2))
    await a.db.requestIdlePromise()
    expect(server.requests).toEqual([])
    handed.mockRestore()

    a.network.setOnline(true)
    await a.engine.awaitInSync()
    await vi.waitFor(() => {
      const snapshot = a.engine.getSnapshot()
      expect(snapshot).toMatchObject({ connection: 'online', pending: 0 })
      expect(snapshot.lastSyncedAt).not.toBeNull()
    })
    expect([...(server.documents.get(`${workspaceId}/contacts`)?.values() ?? [])]).toHaveLength(2)
    expect(errors).not.toHaveBeenCalled()

    // Writes that bypass syncedWrites (demo data is bulk-inserted) wait just the same.
    a.network.setOnline(false)
    server.closeStreams()
    const bulk = Array.from({ length: 5 }, (_, index) => ({
      ...contactFields({ email: `bulk${index}@example.com` }),
      id: `01JBULK000000000000000000${index}`,
      createdAt: 1,
      updatedAt: 1,
      _clock: {},
    }))
    await a.db.contacts.bulkInsert(bulk.slice(0, 3))
    await vi.waitFor(() => expect(a.engine.getSnapshot()).toMatchObject({ connection: 'offline', pending: 3 }))
    // While the first batch waits to be pushed, RxDB holds later writes back: they are counted all the same.
    await a.db.contacts.bulkInsert(bulk.slice(3))
    await vi.waitFor(() => expect(a.engine.getSnapshot().pending).toBe(5))
    a.network.setOnline(true)
    await vi.waitFor(() => expect(a.engine.getSnapshot()).toMatchObject({ connection: 'online', pending: 0 }))
    errors.mockRestore()
  })

  it('asks an unreachable server one request at a time, not once per collection', async () => {
    const server = new FakeSyncServer()
    const { token, workspaceId } = server.seedAccount('ada@example.com', 'password1', 'Ada', 'Engines')
    // A server that never answers (a dropped route): every request hangs until the test lets it fail.
    let attempts = 0
    const pending: (() => void)[] = []
    const hanging: FetchLike = () => {
      attempts++
      return new Promise((_, reject) => pending.push(() => reject(new TypeError('Failed to fetch'))))
    }
    const a = await device(server, token, workspaceId, { fetch: hanging, backoff: { baseMs: 60_000, maxMs: 60_000 } })
    await a.engine.start()
    // Every collection is trying to pull (and the stream to connect)...
    await vi.waitFor(() => expect(DEVICE_COLLECTIONS.every((name) => a.engine.replication(name)?.subjects.active.getValue())).toBe(true))
    await a.db.requestIdlePromise()
    // ...but only one probe is out.
    expect(attempts).toBe(1)
    pending.shift()?.()
    await vi.waitFor(() => expect(a.engine.getSnapshot().connection).toBe('offline'))
    await a.db.requestIdlePromise()
    // The failed probe set the backoff: nobody else tries before it runs out.
    expect(attempts).toBe(1)
  })

  it('shows a server error, retries, and recovers without losing the change', async () => {
    const server = new FakeSyncServer()
    const { token, workspaceId } = server.seedAccount('ada@example.com', 'password1', 'Ada', 'Engines')
    const a = await device(server, token, workspaceId)
    await a.engine.start()
    await a.engine.awaitInSync()
    server.failReplicationWith = 500
    const created = await insertSyncedDoc<Contact>(a.db.contacts, contactFields({ email: 'grace@example.com' }))
    await vi.waitFor(() => expect(a.engine.getSnapshot()).toMatchObject({ connection: 'error', errorMessage: 'The server is having a bad day.' }))
    server.failReplicationWith = null
    a.engine.retryNow()
    await vi.waitFor(() => expect(server.document(workspaceId, 'contacts', created.id)).toBeDefined())
    await vi.waitFor(() => expect(a.engine.getSnapshot().connection).toBe('online'))
  })

  it('stops for good on 401 and reports the dead session once', async () => {
    const server = new FakeSyncServer()
    const { workspaceId } = server.seedAccount('ada@example.com', 'password1', 'Ada', 'Engines')
    const onUnauthorized = vi.fn()
    const a = await device(server, 'revoked-token', workspaceId, { onUnauthorized })
    await a.engine.start()
    await vi.waitFor(() => expect(onUnauthorized).toHaveBeenCalledTimes(1))
    expect(a.engine.getSnapshot().connection).toBe('unauthorized')
    const requestsAfterStop = server.requests.length
    await insertSyncedDoc<Contact>(a.db.contacts, contactFields({ email: 'late@example.com' }))
    await a.db.requestIdlePromise()
    expect(server.requests.length).toBe(requestsAfterStop)
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
  })
})
