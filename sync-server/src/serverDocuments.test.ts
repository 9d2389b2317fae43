import { HlcClock } from '@core/hlc'
import { newId } from '@core/ids'
import { memberDoc } from './auth/memberDocs'
import { ServerDocuments, type ServerPatch } from './serverDocuments'
import { openStorage, type StoragePort } from './storage'
import { contactDoc, editDoc } from './testing/docs'

const T0 = Date.UTC(2026, 10, 1)

describe('ServerDocuments', () => {
  let storage: StoragePort
  let workspaceId: string
  let documents: ServerDocuments
  let now = T0

  beforeEach(async () => {
    storage = await openStorage('sqlite::memory:')
    workspaceId = newId()
    const user = { id: newId(), email: 'owner@example.test', name: 'Owner', passwordHash: 'x', createdAt: T0 }
    await storage.createUser(user)
    const owner = { workspaceId, userId: user.id, role: 'owner' as const, joinedAt: T0 }
    await storage.createWorkspace({ id: workspaceId, name: 'W', createdAt: T0 }, owner, memberDoc(user, owner, T0))
    now = T0 + 60_000
    documents = new ServerDocuments(storage, new HlcClock('server', () => now), () => now)
  })

  afterEach(async () => storage.close())

  async function stored(collection: string, id: string): Promise<Record<string, unknown> | undefined> {
    const page = await storage.pull(workspaceId, collection, null, 1000)
    const found = page.documents.find((doc) => doc.id === id)
    return found === undefined ? undefined : (JSON.parse(found.json) as Record<string, unknown>)
  }

  it('patches only the fields that change, with a server stamp newer than the client edit it builds on', async () => {
    // The client's clock runs ahead of the server's by a minute.
    const contact = contactDoc({}, T0 + 2 * 60_000, 'deviceA')
    await storage.pushDocuments(workspaceId, 'contacts', [contact.id], () => [{ id: contact.id, doc: contact }])
    const written = await documents.patch(workspaceId, 'contacts', new Map([[contact.id, () => ({ unsubscribed: true, firstName: 'Ada' })]]))
    expect(written).toHaveLength(1)
    const doc = (await stored('contacts', contact.id)) as { unsubscribed: boolean; _clock: Record<string, string> }
    expect(doc.unsubscribed).toBe(true)
    expect(doc._clock.unsubscribed!.endsWith('-server')).toBe(true)
    expect(doc._clock.unsubscribed! > contact._clock.email!).toBe(true)
    // firstName did not change, so it keeps the device's stamp.
    expect(doc._clock.firstName).toBe(contact._clock.firstName)
  })

  it('skips missing and deleted documents and writes nothing when nothing changes', async () => {
    const contact = contactDoc({}, T0, 'deviceA')
    const deleted = { ...editDoc(contactDoc({ email: 'gone@example.com' }, T0), { _deleted: true } as never, T0, 'deviceA'), _deleted: true }
    await storage.pushDocuments(workspaceId, 'contacts', [contact.id, deleted.id], () => [
      { id: contact.id, doc: contact },
      { id: deleted.id, doc: deleted },
    ])
    const before = await storage.currentSeq(workspaceId)
    const written = await documents.patch(
      workspaceId,
      'contacts',
      new Map<string, ServerPatch>([
        [contact.id, () => ({ firstName: contact.firstName })],
        [deleted.id, () => ({ bounced: true })],
        [newId(), () => ({ bounced: true })],
      ]),
    )
    expect(written).toEqual([])
    expect(await storage.currentSeq(workspaceId)).toBe(before)
  })

  it('inserts new documents stamped by the server and leaves an existing id alone', async () => {
    const event = { id: newId(), type: 'open', campaignId: newId(), contactId: newId(), email: 'a@example.com', linkIndex: -1, url: '', machine: false, at: now }
    await documents.insert(workspaceId, 'events', [event])
    const again = await documents.insert(workspaceId, 'events', [{ ...event, type: 'click' }])
    expect(again).toEqual([])
    const doc = (await stored('events', event.id)) as { type: string; _deleted: boolean; _clock: Record<string, string> }
    expect(doc.type).toBe('open')
    expect(doc._deleted).toBe(false)
    expect(Object.values(doc._clock).every((stamp) => stamp.endsWith('-server'))).toBe(true)
  })
})
