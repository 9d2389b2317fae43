import { contactInputFromDraft, importPatch, type PlannedBatch } from '@core/import/planImport'
import type { DuplicateMode } from '@core/import/importFields'
import type { Company, Contact } from '@core/schema'
import { applyLocalChange, createSyncedDoc, type DocFields } from '@core/sync/localChange'
import type { RxCollection } from 'rxdb'
import { actor } from '../../data/actor'
import type { OutpostDatabase } from '../../data/database'
import { deviceClock } from '../../data/deviceClock'
import { pendingChanges } from '../../data/sync/pendingChanges'

export interface BatchWriteResult {
  companiesCreated: number
  /** Planned updates whose contact was deleted meanwhile (on another device): nothing written. */
  updatesMissing: number
  /** Updates that matched a contact and found nothing to change. */
  updatesUnchanged: number
}

/**
 * Writes one planned batch the way the app writes anything (syncedWrites): new documents get
 * every field stamped by this device's clock, updates stamp only the fields they change, and
 * every write is counted among the changes waiting to sync. Companies go first so no contact
 * ever points at a company that is not stored. Each call is one insert per collection and one
 * upsert: a batch is written whole or (on a storage error) throws before the next part.
 */
export async function writeImportBatch(db: OutpostDatabase, batch: PlannedBatch, mode: DuplicateMode): Promise<BatchWriteResult> {
  const now = Date.now()
  // The signed-in member, like every local write (syncedWrites): the feed says who imported.
  const author = actor.memberId === null ? {} : { updatedBy: actor.memberId }
  const result: BatchWriteResult = { companiesCreated: 0, updatesMissing: 0, updatesUnchanged: 0 }

  if (batch.companies.length > 0) {
    const companies = batch.companies.map(({ id, name }) =>
      createSyncedDoc<Company>(
        id,
        { name, domain: '', industry: '', phone: '', city: '', country: '', tags: [], ...author, createdAt: now } as DocFields<Company>,
        deviceClock.now(),
        now,
      ),
    )
    await insertAll(db.companies, companies)
    result.companiesCreated = companies.length
  }

  if (batch.creates.length > 0) {
    const contacts = batch.creates.map(({ id, draft, companyId }) =>
      createSyncedDoc<Contact>(id, { ...contactInputFromDraft(draft, companyId), ...author, createdAt: now } as DocFields<Contact>, deviceClock.now(), now),
    )
    await insertAll(db.contacts, contacts)
  }

  if (batch.updates.length > 0) {
    const mergeMode = mode === 'fill' ? 'fill' : 'update'
    const stored = await db.contacts.findByIds(batch.updates.map((update) => update.id)).exec()
    const changed: Contact[] = []
    for (const update of batch.updates) {
      const doc = stored.get(update.id)
      if (!doc) {
        result.updatesMissing++
        continue
      }
      const current = doc.toJSON() as unknown as Contact
      const patch = importPatch(current, update, mergeMode)
      const stamp = deviceClock.now()
      // Only a real change names the member: an unchanged row stays unchanged.
      const next = applyLocalChange(current, patch, stamp, now) && applyLocalChange(current, { ...patch, ...author }, stamp, now)
      if (next) changed.push(next)
      else result.updatesUnchanged++
    }
    if (changed.length > 0) {
      const written = await db.contacts.bulkUpsert(changed)
      pendingChanges.markWritten(
        db.contacts.name,
        written.success.map((doc) => doc.primary),
      )
      const failed = written.error[0]
      if (failed) throw new Error(`a contact could not be saved (${failed.documentId}, status ${failed.status})`)
    }
  }
  return result
}

async function insertAll<T extends { id: string }>(collection: RxCollection<T>, docs: T[]): Promise<void> {
  const written = await collection.bulkInsert(docs)
  // From the ids, not `written.success`: reading that builds an RxDocument per row.
  const failedIds = new Set(written.error.map((error) => error.documentId))
  pendingChanges.markWritten(
    collection.name,
    docs.filter((doc) => !failedIds.has(doc.id)).map((doc) => doc.id),
  )
  const failed = written.error[0]
  if (failed) throw new Error(`a record could not be saved (${failed.documentId}, status ${failed.status})`)
}
