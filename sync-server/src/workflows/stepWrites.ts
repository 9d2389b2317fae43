import type { HlcClock } from '@core/hlc'
import type { Contact } from '@core/schema'
import { applyLocalChange, createSyncedDoc } from '@core/sync/localChange'
import type { SyncedDoc } from '@core/sync/syncedDoc'
import type { StepDocumentWrite } from '../storage/workflowStore'

// The replicated documents a step writes inside its commit (so a step's change to a contact and
// the record that the step was taken are one transaction). Stamped by the server's HLC exactly
// like ServerDocuments.patch / insert: only fields whose value changes get a new stamp.

type Doc = Record<string, unknown>

/** Sets `fields` on a live contact; a deleted or missing contact is left alone. */
export function contactPatchWrite(clock: HlcClock, now: () => number, contactId: string, fields: Partial<Contact>): StepDocumentWrite {
  return {
    collection: 'contacts',
    ids: [contactId],
    decide: ({ masters }) => {
      const master = masters.get(contactId)
      if (master === undefined || master._deleted === true) return []
      for (const stamp of Object.values(master._clock as Record<string, string>)) clock.receive(stamp)
      const next = applyLocalChange(master as unknown as SyncedDoc, fields as Partial<Omit<SyncedDoc, keyof SyncedDoc>>, clock.now(), now())
      return next === null ? [] : [{ id: contactId, doc: next as unknown as Doc }]
    },
  }
}

/** Inserts a new server-authored document (an id that exists already is left as it is). */
export function insertWrite(clock: HlcClock, now: () => number, collection: string, id: string, fields: Doc): StepDocumentWrite {
  return {
    collection,
    ids: [id],
    decide: ({ masters }) =>
      masters.has(id) ? [] : [{ id, doc: createSyncedDoc(id, fields as Omit<SyncedDoc, keyof SyncedDoc>, clock.now(), now()) as unknown as Doc }],
  }
}
