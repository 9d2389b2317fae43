import type { RxStorageInstance } from 'rxdb'
import { ERASED_CLOCK_KEY } from '@core/sync/erased'
import type { Activity, Contact } from '@core/schema'
import { initialSyncState, type SyncState } from '../../app/syncSlice'
import type { OutpostData } from '../../data/dataContext'
import { storagePages } from '../../data/storagePages'
import { deleteSyncedDocs, insertSyncedDoc } from '../../data/syncedWrites'
import { contactFields } from '../../test/fixtures'
import { closeTestData, createTestData } from '../../test/renderWithProviders'
import { eraseContact, eraseRoute } from './eraseContact'

const account = (role: 'owner' | 'admin' | 'member'): NonNullable<SyncState['account']> => ({
  serverUrl: 'http://127.0.0.1:3100',
  user: { id: 'U1', email: 'ada@acme.example', name: 'Ada' },
  workspaceId: 'W1',
  workspaces: [{ id: 'W1', name: 'Acme', role }],
  persisted: true,
})
const state = (overrides: Partial<SyncState>): SyncState => ({ ...initialSyncState, ...overrides })

describe('eraseRoute', () => {
  it('erases through the server for owners and admins who are online', () => {
    expect(eraseRoute(state({ account: account('owner'), connection: 'online' }), true)).toEqual({ kind: 'server' })
    expect(eraseRoute(state({ account: account('admin'), connection: 'connecting' }), true)).toEqual({ kind: 'server' })
  })

  it('refuses members, and says whom to ask', () => {
    const route = eraseRoute(state({ account: account('member'), connection: 'online' }), true)
    expect(route).toEqual({ kind: 'blocked', reason: expect.stringMatching(/Only owners and admins.*your role: member/) })
  })

  it('refuses while offline: the server’s history must go too', () => {
    expect(eraseRoute(state({ account: account('owner'), connection: 'offline' }), true)).toMatchObject({ kind: 'blocked', reason: expect.stringMatching(/offline/) })
    expect(eraseRoute(state({ account: account('owner'), connection: 'online' }), false)).toMatchObject({ kind: 'blocked', reason: expect.stringMatching(/offline/) })
  })

  it('erases on this device only when the workspace never synced, and asks to sign in when it did', () => {
    expect(eraseRoute(state({ account: null, localDataUnclaimed: true }), true)).toEqual({ kind: 'local' })
    expect(eraseRoute(state({ account: null, localDataUnclaimed: false }), true)).toMatchObject({ kind: 'blocked', reason: expect.stringMatching(/Sign in again/) })
  })
})

describe('eraseContact on this device (local only)', () => {
  let data: OutpostData
  beforeEach(async () => {
    data = await createTestData()
  })
  afterEach(async () => {
    await closeTestData(data)
  })

  async function everyStoredDoc(name: 'contacts' | 'activities'): Promise<Array<Record<string, unknown>>> {
    const docs: Array<Record<string, unknown>> = []
    for await (const page of storagePages(data.db[name].storageInstance as unknown as RxStorageInstance<Record<string, unknown>, unknown, unknown>)) docs.push(...page)
    return docs
  }

  it('leaves no copy of the person in this database, deleted activities included', async () => {
    const contact = await insertSyncedDoc<Contact>(data.db.contacts, contactFields({ email: 'zelda@example.com', firstName: 'Zelda', phone: '+1 555 0100' }))
    const other = await insertSyncedDoc<Contact>(data.db.contacts, contactFields({ email: 'other@example.com', firstName: 'Other' }))
    const note = { kind: 'note' as const, contactId: contact.id, companyId: '', subject: 'Zelda called', body: 'About Hyrule', occurredAt: 1 }
    await insertSyncedDoc<Activity>(data.db.activities, note)
    const deletedNote = await insertSyncedDoc<Activity>(data.db.activities, { ...note, subject: 'Zelda again' })
    await deleteSyncedDocs(data.db.activities, [deletedNote.id])
    await insertSyncedDoc<Activity>(data.db.activities, { ...note, contactId: other.id, subject: 'Other stays', body: '' })

    const api = { eraseContact: vi.fn() }
    const outcome = await eraseContact(data, api, contact.id, 'local')
    expect(outcome).toEqual({ ok: true, activities: 2, events: 0, serverHistory: false })
    expect(api.eraseContact).not.toHaveBeenCalled()

    const stored = JSON.stringify([...(await everyStoredDoc('contacts')), ...(await everyStoredDoc('activities'))])
    for (const personal of ['zelda@example.com', 'Zelda', '555 0100', 'Hyrule']) expect(stored).not.toContain(personal)
    expect(stored).toContain('Other stays')
    const erased = (await everyStoredDoc('contacts')).find((doc) => doc.id === contact.id)
    expect(erased).toMatchObject({ _deleted: true, email: '' })
    expect((erased?._clock as Record<string, string>)[ERASED_CLOCK_KEY]).toEqual(expect.any(String))
    expect(await data.db.contacts.findOne(contact.id).exec()).toBeNull()
  })

  it('changes nothing when the server refuses, and says why', async () => {
    const contact = await insertSyncedDoc<Contact>(data.db.contacts, contactFields({ email: 'zelda@example.com' }))
    const api = { eraseContact: vi.fn(async () => ({ ok: false as const, error: { kind: 'network' as const, message: 'Failed to fetch' } })) }
    const outcome = await eraseContact(data, api, contact.id, 'server')
    expect(outcome).toEqual({ ok: false, message: expect.stringMatching(/cannot be reached, so nothing was erased/) })
    expect(await data.db.contacts.findOne(contact.id).exec()).not.toBeNull()
  })
})
