import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import type { Contact } from '@core/schema'
import { contactFields } from '../test/fixtures'
import { createOutpostDatabase, type OutpostDatabase } from './database'
import { storagePages } from './storagePages'
import { deleteSyncedDocs, insertSyncedDocs } from './syncedWrites'

async function readAll(db: OutpostDatabase) {
  const pages: number[] = []
  const live = new Set<string>()
  const deleted = new Set<string>()
  for await (const page of storagePages(db.contacts.storageInstance)) {
    pages.push(page.length)
    for (const doc of page) (doc._deleted ? deleted : live).add(doc.id)
  }
  return { pages, live, deleted }
}

describe.each([
  ['Dexie (IndexedDB getAll)', () => getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange })],
  ['memory (getChangedDocumentsSince)', () => getRxStorageMemory()],
])('storagePages on %s', (_name, makeStorage) => {
  it('returns every document once, a small page first, tombstones marked', async () => {
    const db = await createOutpostDatabase({ name: `pages${Math.random().toString(36).slice(2)}`, storage: makeStorage() })
    const docs = await insertSyncedDocs<Contact>(
      db.contacts,
      Array.from({ length: 5_450 }, (_, index) => contactFields({ email: `p${index}@example.com` })),
    )
    await deleteSyncedDocs(db.contacts, [docs[10]!.id, docs[4_000]!.id])
    const { pages, live, deleted } = await readAll(db)
    expect(pages[0]).toBe(200)
    expect(pages.reduce((sum, size) => sum + size, 0)).toBe(5_450)
    expect(live.size).toBe(5_448)
    expect([...deleted].sort()).toEqual([docs[10]!.id, docs[4_000]!.id].sort())
    const first = (await storagePages(db.contacts.storageInstance).next()).value?.[0]
    expect(first).toMatchObject({ email: expect.stringMatching(/@example\.com$/), _deleted: expect.any(Boolean) })
    await db.remove()
  })
})
