import type { HlcClock } from '@core/hlc'
import { CONTACT_LIMITS } from '@core/schema'
import type { Contact } from '@core/schema'
import { applyLocalChange, createSyncedDoc } from '@core/sync/localChange'
import type { SyncedDoc } from '@core/sync/syncedDoc'
import type { StepDocumentWrite } from '../storage/workflowStore'

// The replicated documents a step writes inside its commit (so a step's change to a contact and
// the record that the step was taken are one transaction). Stamped by the server's HLC exactly
// like ServerDocuments.patch / insert: only fields whose value changes get a new stamp.

type Doc = Record<string, unknown>

/**
 * Sets the step's change on a live contact; a deleted or missing contact is left alone. The
 * engine computed `fields` from the contact as it read it (`read`); the change is re-applied to
 * the stored contact, so another step or a device that changed it meanwhile keeps its change.
 */
export function contactPatchWrite(clock: HlcClock, now: () => number, read: Contact, fields: Partial<Contact>): StepDocumentWrite {
  const contactId = read.id
  return {
    collection: 'contacts',
    ids: [contactId],
    decide: ({ masters }) => {
      const master = masters.get(contactId)
      if (master === undefined || master._deleted === true) return []
      for (const stamp of Object.values(master._clock as Record<string, string>)) clock.receive(stamp)
      const rebased = rebaseContactPatch(read, fields, master as unknown as Contact)
      const next = applyLocalChange(master as unknown as SyncedDoc, rebased as Partial<Omit<SyncedDoc, keyof SyncedDoc>>, clock.now(), now())
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

/**
 * `patch` (absolute values computed from `read`) as a change to `current`: tags and lists gain
 * and lose what the step added and removed, the score adjustment moves by the step's delta,
 * custom fields and stage history take only the step's own entries; other fields are set.
 */
export function rebaseContactPatch(read: Contact, patch: Partial<Contact>, current: Contact): Partial<Contact> {
  const rebased: Partial<Contact> = { ...patch }
  if (patch.tags !== undefined) rebased.tags = rebaseList(read.tags, patch.tags, current.tags, (tag) => tag.toLowerCase())
  if (patch.lists !== undefined) rebased.lists = rebaseList(read.lists ?? [], patch.lists, current.lists ?? [], (id) => id)
  if (patch.scoreAdjustment !== undefined) {
    const moved = (current.scoreAdjustment ?? 0) + patch.scoreAdjustment - (read.scoreAdjustment ?? 0)
    rebased.scoreAdjustment = Math.min(100_000, Math.max(-100_000, moved))
  }
  if (patch.customFields !== undefined) {
    const changed = Object.entries(patch.customFields).filter(([key, value]) => read.customFields[key] !== value)
    rebased.customFields = { ...current.customFields, ...Object.fromEntries(changed) }
  }
  if (patch.stageHistory !== undefined) {
    const added = patch.stageHistory.slice((read.stageHistory ?? []).length)
    rebased.stageHistory = [...(current.stageHistory ?? []), ...added].slice(-CONTACT_LIMITS.stageHistory)
  }
  return rebased
}

function rebaseList(read: readonly string[], wanted: readonly string[], current: readonly string[], key: (value: string) => string): string[] {
  const before = new Set(read.map(key))
  const after = new Set(wanted.map(key))
  const removed = new Set([...before].filter((value) => !after.has(value)))
  const kept = current.filter((value) => !removed.has(key(value)))
  const present = new Set(kept.map(key))
  for (const value of wanted) {
    if (before.has(key(value)) || present.has(key(value))) continue
    kept.push(value)
    present.add(key(value))
  }
  return kept
}
