import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { newId } from '../../src/core/ids'
import type { Contact } from '../../src/core/schema'
import { applyLocalChange, createSyncedDoc, markDeleted } from '../../src/core/sync/localChange'
import { startServerProcess, type ServerProcess } from './serverProcess'
import { DEVICE_COLLECTIONS, openDevice, waitFor, type NodeDevice } from './syncClients'

// Two devices of one workspace (the app's SyncEngine and collections) against a real server
// process: offline edits merge field by field, a delete and an edit converge, live changes flow.

let dir: string
let server: ServerProcess
let account: { token: string; workspaceId: string }
const devices: NodeDevice[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outpost-two-devices-'))
  server = await startServerProcess({ databaseUrl: `sqlite:${join(dir, 'outpost.sqlite')}` })
  const signup = await fetch(`${server.url}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'two@example.com', password: 'two-devices-pw', workspaceName: 'Two' }),
  })
  account = (await signup.json()) as { token: string; workspaceId: string }
})
afterEach(async () => {
  for (const device of devices.splice(0)) await device.close()
})
afterAll(async () => {
  await server?.stop()
  await rm(dir, { recursive: true, force: true })
})

async function device(node: string): Promise<NodeDevice> {
  const opened = await openDevice({ serverUrl: () => server.url, token: account.token, workspaceId: account.workspaceId, node })
  devices.push(opened)
  await opened.engine.start()
  return opened
}

async function contactOn(device: NodeDevice, id: string): Promise<Contact | null> {
  const doc = await device.db.contacts.findOne(id).exec()
  return doc ? (doc.toJSON() as Contact) : null
}

async function edit(device: NodeDevice, id: string, patch: Partial<Contact>): Promise<void> {
  const doc = await device.db.contacts.findOne(id).exec()
  if (!doc) throw new Error(`no contact ${id} on ${device.clock.node}`)
  await doc.incrementalModify((current) => applyLocalChange(current as unknown as Contact, patch, device.clock.now(), Date.now()) ?? current)
}

async function createContact(on: NodeDevice, email: string): Promise<Contact> {
  const now = Date.now()
  const contact = createSyncedDoc<Contact>(
    newId(now),
    { email, firstName: 'Ada', lastName: 'Lovelace', phone: '', title: '', companyId: '', tags: [], lifecycleStage: 'lead', customFields: {}, createdAt: now },
    on.clock.now(),
    now,
  )
  await on.db.contacts.insert(contact)
  return contact
}

async function settled(...all: NodeDevice[]): Promise<void> {
  for (const one of all) await waitFor(one, async () => one.engine.getSnapshot().pending === 0, 15_000, `${one.clock.node} to push`)
  for (const one of all) await one.engine.awaitInSync()
}

describe('two devices on a real server', () => {
  it('shows a change made on A on B without any reload (stream)', async () => {
    const a = await device('liveA')
    const b = await device('liveB')
    const contact = await createContact(a, 'live@example.com')
    await waitFor(b, async () => (await contactOn(b, contact.id)) !== null, 15_000, 'the contact on B')
    await edit(a, contact.id, { title: 'Countess' })
    await waitFor(b, async () => (await contactOn(b, contact.id))?.title === 'Countess', 15_000, 'the title on B')
  })

  it('keeps both offline edits of different fields of one contact', async () => {
    const a = await device('mergeA')
    const b = await device('mergeB')
    const contact = await createContact(a, 'merge@example.com')
    await settled(a)
    await waitFor(b, async () => (await contactOn(b, contact.id)) !== null, 15_000, 'the contact on B')

    await Promise.all([a.engine.stop(), b.engine.stop()])
    const a2 = await openDeviceLike(a)
    const b2 = await openDeviceLike(b)
    await edit(a2, contact.id, { firstName: 'Augusta' })
    await edit(b2, contact.id, { phone: '+44 20 7946 0000' })
    await Promise.all([a2.engine.start(), b2.engine.start()])
    for (const one of [a2, b2]) {
      await waitFor(
        one,
        async () => {
          const seen = await contactOn(one, contact.id)
          return seen?.firstName === 'Augusta' && seen.phone === '+44 20 7946 0000'
        },
        15_000,
        `both edits on ${one.clock.node}`,
      )
    }
  })

  it('converges when one device deletes a contact another edits offline', async () => {
    const a = await device('deleteA')
    const b = await device('deleteB')
    const contact = await createContact(a, 'gone@example.com')
    await settled(a)
    await waitFor(b, async () => (await contactOn(b, contact.id)) !== null, 15_000, 'the contact on B')

    b.network.setOnline(false)
    await b.engine.stop()
    const b2 = await openDeviceLike(b)
    await edit(b2, contact.id, { title: 'Edited offline' })
    const doc = await a.db.contacts.findOne(contact.id).exec()
    await doc!.incrementalModify((current) => markDeleted(current as unknown as Contact, true, a.clock.now(), Date.now()))
    await settled(a)
    await b2.engine.start()
    // The delete is later than nothing B did to `_deleted`: both end with the contact gone.
    await waitFor(b2, async () => (await contactOn(b2, contact.id)) === null, 15_000, 'the delete on B')
    expect(await a.db.contacts.findOne(contact.id).exec()).toBeNull()
  })
})

/** The same device (database and clock) with a fresh engine: a restarted app, still offline-edited. */
async function openDeviceLike(previous: NodeDevice): Promise<NodeDevice> {
  const { SyncEngine } = await import('../../src/renderer/src/data/sync/syncEngine')
  const { PendingChanges } = await import('../../src/renderer/src/data/sync/pendingChanges')
  const network = previous.network
  network.setOnline(true)
  const engine = new SyncEngine({
    database: previous.db,
    fetch: (input, init) => fetch(input, init),
    credentials: () => ({ serverUrl: server.url, token: account.token, workspaceId: account.workspaceId }),
    clock: previous.clock,
    network,
    pending: new PendingChanges(),
    collections: DEVICE_COLLECTIONS,
    retryTimeMs: 50,
    backoff: { baseMs: 50, maxMs: 500 },
  })
  const next: NodeDevice = { ...previous, engine }
  devices.push(next)
  return next
}
