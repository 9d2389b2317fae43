import type { Contact } from '@core/schema'
import { actor } from '../../data/actor'
import type { OutpostData } from '../../data/dataContext'
import { pendingChanges } from '../../data/sync/pendingChanges'
import { insertSyncedDoc } from '../../data/syncedWrites'
import { contactFields } from '../../test/fixtures'
import { closeTestData, createTestData } from '../../test/renderWithProviders'
import { writeImportBatch } from './writeImportBatch'

let data: OutpostData
beforeEach(async () => {
  data = await createTestData()
})
afterEach(async () => {
  pendingChanges.setTracking(false)
  actor.set(null)
  await closeTestData(data)
})

const draft = (email: string, extra: object = {}) => ({ email, tags: [], customFields: {}, ...extra })

describe('writeImportBatch', () => {
  it('writes companies, new contacts and updates, counts them as waiting to sync, and reports updates with nothing to change or nothing to update', async () => {
    pendingChanges.setTracking(true)
    const same = await insertSyncedDoc<Contact>(data.db.contacts, contactFields({ email: 'same@example.com', title: 'CTO' }))
    const result = await writeImportBatch(
      data.db,
      {
        companies: [{ id: '01JCOMPANY0000000000000001', name: 'Acme' }],
        creates: [{ id: '01JCONTACT0000000000000001', draft: draft('new@example.com', { firstName: 'New' }), companyId: '01JCOMPANY0000000000000001' }],
        updates: [
          { id: same.id, draft: draft('same@example.com', { title: 'CTO' }) },
          { id: '01JGONE0000000000000000001', draft: draft('gone@example.com', { title: 'x' }) },
        ],
        counts: { created: 1, updated: 2, skipped: 0 },
      },
      'update',
    )
    expect(result).toEqual({ companiesCreated: 1, updatesMissing: 1, updatesUnchanged: 1 })
    const created = (await data.db.contacts.findOne('01JCONTACT0000000000000001').exec())?.toJSON()
    expect(created).toMatchObject({ email: 'new@example.com', firstName: 'New', companyId: '01JCOMPANY0000000000000001', lifecycleStage: 'lead' })
    expect((await data.db.companies.findOne('01JCOMPANY0000000000000001').exec())?.toJSON()).toMatchObject({ name: 'Acme', domain: '' })
    // The stored contact that needed no change is not counted as a change waiting to sync.
    expect(pendingChanges.count).toBe(3)
  })

  it('names the signed-in member on what it creates and really changes, and leaves unchanged contacts alone', async () => {
    const same = await insertSyncedDoc<Contact>(data.db.contacts, contactFields({ email: 'same@example.com', title: 'CTO' }))
    const other = await insertSyncedDoc<Contact>(data.db.contacts, contactFields({ email: 'other@example.com', title: 'CTO' }))
    actor.set('01JMEMBER00000000000000001')
    await writeImportBatch(
      data.db,
      {
        companies: [{ id: '01JCOMPANY0000000000000001', name: 'Acme' }],
        creates: [{ id: '01JCONTACT0000000000000001', draft: draft('new@example.com'), companyId: '' }],
        updates: [
          { id: same.id, draft: draft('same@example.com', { title: 'CTO' }) },
          { id: other.id, draft: draft('other@example.com', { title: 'CEO' }) },
        ],
        counts: { created: 1, updated: 2, skipped: 0 },
      },
      'update',
    )
    const updatedBy = async (collection: 'contacts' | 'companies', id: string) => (await data.db[collection].findOne(id).exec())?.toJSON().updatedBy
    expect(await updatedBy('companies', '01JCOMPANY0000000000000001')).toBe('01JMEMBER00000000000000001')
    expect(await updatedBy('contacts', '01JCONTACT0000000000000001')).toBe('01JMEMBER00000000000000001')
    expect(await updatedBy('contacts', other.id)).toBe('01JMEMBER00000000000000001')
    expect(await updatedBy('contacts', same.id)).toBeUndefined()
  })

  it('fills only blank fields in fill mode', async () => {
    const stored = await insertSyncedDoc<Contact>(data.db.contacts, contactFields({ email: 'a@example.com', firstName: 'Ada', title: '' }))
    await writeImportBatch(
      data.db,
      { companies: [], creates: [], updates: [{ id: stored.id, draft: draft('a@example.com', { firstName: 'Augusta', title: 'Countess' }) }], counts: { created: 0, updated: 1, skipped: 0 } },
      'fill',
    )
    expect((await data.db.contacts.findOne(stored.id).exec())?.toJSON()).toMatchObject({ firstName: 'Ada', title: 'Countess' })
  })
})
