import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import type { Contact, Segment } from '@core/schema'
import { contactFields } from '../test/fixtures'
import { actor } from './actor'
import { createOutpostDatabase, type OutpostDatabase } from './database'
import { pendingChanges } from './sync/pendingChanges'
import { deleteSyncedDocs, insertSyncedDoc, patchSyncedDoc, patchSyncedDocs, restoreSyncedDocs } from './syncedWrites'

const blankContact = contactFields({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' })

describe('synced writes', () => {
  let db: OutpostDatabase
  beforeEach(async () => {
    db = await createOutpostDatabase({ name: `t${Math.random().toString(36).slice(2)}`, storage: getRxStorageMemory() })
  })
  afterEach(async () => {
    pendingChanges.setTracking(false)
    actor.set(null)
    await db.remove()
  })

  it('counts every document it really changed as waiting to sync (while sync runs)', async () => {
    pendingChanges.setTracking(true)
    const a = await insertSyncedDoc<Contact>(db.contacts, blankContact)
    const b = await insertSyncedDoc<Contact>(db.contacts, { ...blankContact, email: 'b@example.com' })
    expect(pendingChanges.count).toBe(2)
    pendingChanges.handedToPush('contacts', [a.id, b.id])
    pendingChanges.acknowledged('contacts', [a.id, b.id])
    expect(pendingChanges.count).toBe(0)

    await patchSyncedDoc<Contact>(db.contacts, a.id, { firstName: 'Ada' })
    expect(pendingChanges.count).toBe(0)
    await patchSyncedDoc<Contact>(db.contacts, a.id, { title: 'Countess' })
    await deleteSyncedDocs<Contact>(db.contacts, [b.id])
    expect(pendingChanges.count).toBe(2)
  })

  it('stamps every field on insert and only the changed field on patch', async () => {
    const created = await insertSyncedDoc<Contact>(db.contacts, blankContact)
    expect(Object.keys(created._clock).sort()).toEqual([...Object.keys(blankContact), 'createdAt', '_deleted'].sort())
    await patchSyncedDoc<Contact>(db.contacts, created.id, { title: 'Countess', firstName: 'Ada' })
    const stored = (await db.contacts.findOne(created.id).exec())!.toJSON()
    expect(stored.title).toBe('Countess')
    expect(stored._clock.title! > created._clock.title!).toBe(true)
    expect(stored._clock.firstName).toBe(created._clock.firstName)
  })

  it('records the signed-in member as updatedBy on real changes only, and nothing while local only', async () => {
    const local = await insertSyncedDoc<Contact>(db.contacts, blankContact)
    expect(local).not.toHaveProperty('updatedBy')

    actor.set('01JMEMBERA0000000000000000')
    const created = await insertSyncedDoc<Contact>(db.contacts, { ...blankContact, email: 'b@example.com' })
    expect(created.updatedBy).toBe('01JMEMBERA0000000000000000')

    actor.set('01JMEMBERB0000000000000000')
    await patchSyncedDoc<Contact>(db.contacts, created.id, { firstName: 'Ada' })
    expect((await db.contacts.findOne(created.id).exec())!.toJSON().updatedBy).toBe('01JMEMBERA0000000000000000')
    await patchSyncedDocs<Contact>(db.contacts, [created.id, local.id], () => ({ title: 'Countess' }))
    for (const id of [created.id, local.id]) expect((await db.contacts.findOne(id).exec())!.toJSON().updatedBy).toBe('01JMEMBERB0000000000000000')
  })

  it('names the member on a patch that only clears optional fields', async () => {
    actor.set('01JMEMBERA0000000000000000')
    const created = await insertSyncedDoc<Contact>(db.contacts, { ...blankContact, email: 'c@example.com', scoreAdjustment: 5 })
    actor.set('01JMEMBERB0000000000000000')
    await patchSyncedDoc<Contact>(db.contacts, created.id, {}, ['scoreAdjustment'])
    const stored = (await db.contacts.findOne(created.id).exec())!.toJSON()
    expect(stored).not.toHaveProperty('scoreAdjustment')
    expect(stored.updatedBy).toBe('01JMEMBERB0000000000000000')
  })

  it('leaves collections without updatedBy alone', async () => {
    actor.set('01JMEMBERA0000000000000000')
    const segment = await insertSyncedDoc<Segment>(db.segments, { kind: 'dynamic', name: 'VIPs', rules: { match: 'all', groups: [] } })
    expect(segment).not.toHaveProperty('updatedBy')
  })

  it('never overwrites an edit that lands between its read and its write', async () => {
    const docs = await Promise.all(['a', 'b', 'c'].map((name) => insertSyncedDoc<Contact>(db.contacts, { ...blankContact, email: `${name}@example.com` })))
    const ids = docs.map((doc) => doc.id)
    // The bulk patch reads the documents, then another edit lands before it writes.
    const findByIds = db.contacts.findByIds.bind(db.contacts)
    vi.spyOn(db.contacts, 'findByIds').mockImplementationOnce((wanted) => {
      const query = findByIds(wanted)
      return Object.assign(Object.create(query) as typeof query, {
        exec: async () => {
          const read = await query.exec()
          await patchSyncedDoc<Contact>(db.contacts, ids[1]!, { title: 'Countess' })
          return read
        },
      })
    })
    const changed = await patchSyncedDocs<Contact>(db.contacts, ids, (doc) => ({ tags: [...new Set([...doc.tags, 'vip'])] }))
    expect(changed).toBe(3)
    const stored = (await db.contacts.findOne(ids[1]!).exec())!.toJSON()
    expect(stored.title).toBe('Countess')
    expect(stored.tags).toEqual(['vip'])
  })

  it('tombstones on delete and restores on undo', async () => {
    const created = await insertSyncedDoc<Contact>(db.contacts, blankContact)
    const before = await deleteSyncedDocs<Contact>(db.contacts, [created.id])
    expect(await db.contacts.findOne(created.id).exec()).toBeNull()
    await restoreSyncedDocs(db.contacts, before)
    const back = await db.contacts.findOne(created.id).exec()
    expect(back?.email).toBe('ada@example.com')
    expect(String(back?.toJSON()._clock._deleted) > String(created._clock._deleted)).toBe(true)
  })

  it('patches many documents in one write', async () => {
    const a = await insertSyncedDoc<Contact>(db.contacts, blankContact)
    const b = await insertSyncedDoc<Contact>(db.contacts, { ...blankContact, email: 'b@example.com', tags: ['vip'] })
    const changed = await patchSyncedDocs<Contact>(db.contacts, [a.id, b.id], (doc) =>
      doc.tags.includes('vip') ? null : { tags: [...doc.tags, 'vip'] },
    )
    expect(changed).toBe(1)
    expect((await db.contacts.findOne(a.id).exec())?.tags).toEqual(['vip'])
  })

  it('rejects a schema-invalid write and stores nothing', async () => {
    await expect(insertSyncedDoc<Contact>(db.contacts, { ...blankContact, email: 'x'.repeat(300) })).rejects.toThrow()
    expect(await db.contacts.count().exec()).toBe(0)
  })
})
