import type { RxCollection } from 'rxdb'
import { newId } from '@core/ids'
import { applyLocalChange, createSyncedDoc, markDeleted, type DocFields } from '@core/sync/localChange'
import type { SyncedDoc } from '@core/sync/syncedDoc'
import { actor } from './actor'
import { deviceClock } from './deviceClock'
import { pendingChanges } from './sync/pendingChanges'

// Every local write goes through here so each changed field gets this device's HLC stamp
// (and is counted among the changes waiting to sync).

/** What a caller provides for a new document: its fields, without the envelope or createdAt. */
export type NewDocFields<T extends SyncedDoc> = Omit<DocFields<T>, 'createdAt'>

export async function insertSyncedDocs<T extends SyncedDoc>(
  collection: RxCollection<T>,
  rows: readonly NewDocFields<T>[],
): Promise<T[]> {
  const now = Date.now()
  const author = authorFields(collection)
  const docs = rows.map((fields) =>
    createSyncedDoc<T>(newId(now), { ...fields, ...author, createdAt: now } as unknown as DocFields<T>, deviceClock.now(), now),
  )
  const result = await collection.bulkInsert(docs)
  if (result.success.length > 0) pendingChanges.markWritten(collection.name, result.success.map((doc) => doc.id))
  if (result.error.length > 0) throw new Error(`insert into ${collection.name} failed: ${JSON.stringify(result.error[0])}`)
  return docs
}

export async function insertSyncedDoc<T extends SyncedDoc>(collection: RxCollection<T>, fields: NewDocFields<T>): Promise<T> {
  const [doc] = await insertSyncedDocs(collection, [fields])
  if (!doc) throw new Error('insert returned nothing')
  return doc
}

/** Returns false when the document does not exist (or was deleted). `remove` clears optional fields. */
export async function patchSyncedDoc<T extends SyncedDoc>(
  collection: RxCollection<T>,
  id: string,
  patch: Partial<DocFields<T>>,
  remove: readonly (keyof DocFields<T> & string)[] = [],
): Promise<boolean> {
  const doc = await collection.findOne(id).exec()
  if (!doc) return false
  let changed = false
  await doc.incrementalModify((current) => {
    const next = applyLocalChange(current as unknown as T, withAuthor(collection, current as unknown as T, patch, remove), deviceClock.now(), Date.now(), remove)
    changed = next !== null
    return (next ?? current) as typeof current
  })
  if (changed) pendingChanges.markWritten(collection.name, [id])
  return true
}

/**
 * Applies `change` to many documents (bulk tag edits over thousands of rows). Each document goes
 * through RxDB's incremental write queue, which writes everything queued together in one storage
 * write and, when a document changed since it was read (a sync pull, another edit), runs `change`
 * again on what is stored, so no concurrent edit is overwritten.
 */
export async function patchSyncedDocs<T extends SyncedDoc>(
  collection: RxCollection<T>,
  ids: readonly string[],
  change: (doc: T) => Partial<DocFields<T>> | null,
): Promise<number> {
  const found = await collection.findByIds([...ids]).exec()
  const changedIds = new Set<string>()
  const writes: Promise<unknown>[] = []
  for (const doc of found.values()) {
    // Documents that would not change as read are left alone (no write, no revision).
    const patch = change(doc.toJSON() as unknown as T)
    if (patch === null || applyLocalChange(doc.toJSON() as unknown as T, patch, 'probe', 0) === null) continue
    writes.push(
      doc.incrementalModify((stored) => {
        const current = stored as unknown as T
        const fresh = change(current)
        const next = fresh && applyLocalChange(current, withAuthor(collection, current, fresh), deviceClock.now(), Date.now())
        if (next) changedIds.add(current.id)
        return (next ?? current) as typeof stored
      }),
    )
  }
  await Promise.all(writes)
  if (changedIds.size > 0) pendingChanges.markWritten(collection.name, [...changedIds])
  return changedIds.size
}

/**
 * Tombstones documents (never hard-deleted, so the deletion replicates) and returns what they
 * were, so the caller can offer undo with `restoreSyncedDocs`.
 */
export async function deleteSyncedDocs<T extends SyncedDoc>(collection: RxCollection<T>, ids: readonly string[]): Promise<T[]> {
  const found = await collection.findByIds([...ids]).exec()
  const now = Date.now()
  const before: T[] = []
  const tombstones: T[] = []
  for (const doc of found.values()) {
    const current = doc.toJSON() as unknown as T
    before.push({ ...current, _deleted: false })
    tombstones.push(markDeleted(current, true, deviceClock.now(), now))
  }
  if (tombstones.length > 0) await upsertAndMark(collection, tombstones)
  return before
}

export async function restoreSyncedDocs<T extends SyncedDoc>(collection: RxCollection<T>, docs: readonly T[]): Promise<void> {
  const now = Date.now()
  const restored = docs.map((doc) => markDeleted(doc, false, deviceClock.now(), now))
  if (restored.length > 0) await upsertAndMark(collection, restored)
}

/** `updatedBy` of a new document, for collections that record it, while signed in. */
function authorFields(collection: RxCollection): { updatedBy?: string } {
  const memberId = actor.memberId
  if (memberId === null || !recordsAuthor(collection)) return {}
  return { updatedBy: memberId }
}

/**
 * Adds `updatedBy` to a patch that really changes something (an unchanged patch stays a no-op,
 * so re-saving the same values never claims the document).
 */
function withAuthor<T extends SyncedDoc>(
  collection: RxCollection<T>,
  current: T,
  patch: Partial<DocFields<T>>,
  remove: readonly (keyof DocFields<T> & string)[] = [],
): Partial<DocFields<T>> {
  const author = authorFields(collection)
  if (author.updatedBy === undefined) return patch
  const changes = applyLocalChange(current, patch, 'probe', 0, remove)
  return changes === null ? patch : { ...patch, ...author }
}

function recordsAuthor(collection: RxCollection): boolean {
  return Object.hasOwn(collection.schema.jsonSchema.properties, 'updatedBy')
}

async function upsertAndMark<T extends SyncedDoc>(collection: RxCollection<T>, docs: T[]): Promise<void> {
  const result = await collection.bulkUpsert(docs)
  pendingChanges.markWritten(
    collection.name,
    result.success.map((doc) => doc.primary),
  )
}
