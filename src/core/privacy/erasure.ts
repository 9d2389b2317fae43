import type { CollectionName } from '../schema'
import { LIFECYCLE_STAGES } from '../schema/lifecycle'
import { ERASED_CLOCK_KEY } from '../sync/erased'
import type { SyncedDoc } from '../sync/syncedDoc'

// Erasing a contact (GDPR "right to erasure") turns it, its activities and its engagement events
// into erased tombstones: still schema-valid (every device and the server validate documents),
// deleted, marked erased (sync/erased.ts: no later edit can revive them), and holding nothing
// about the person. What stays is what the schema requires that says nothing about anyone: ids,
// kinds, timestamps, a campaign id.

type Doc = Record<string, unknown>

/** The collections an erasure writes. */
export type ErasedCollection = Extract<CollectionName, 'contacts' | 'activities' | 'events'>

interface ErasureRule {
  /** Fields copied from the document as they are. */
  keep: readonly string[]
  /** Required fields that get a blank value; every other field is dropped. */
  blank: Readonly<Record<string, unknown>>
}

const RULES: Record<ErasedCollection, ErasureRule> = {
  contacts: {
    keep: ['createdAt'],
    blank: {
      email: '',
      firstName: '',
      lastName: '',
      phone: '',
      title: '',
      companyId: '',
      tags: [],
      lifecycleStage: LIFECYCLE_STAGES[0],
      customFields: {},
    },
  },
  activities: {
    keep: ['kind', 'contactId', 'occurredAt', 'createdAt'],
    blank: { companyId: '', subject: '', body: '' },
  },
  events: {
    keep: ['type', 'campaignId', 'contactId', 'linkIndex', 'machine', 'at'],
    blank: { email: '', url: '' },
  },
}

/**
 * The erased tombstone of `doc`: kept fields, blanked fields, nothing else; deleted, and every
 * field it had or has now (and the erased mark) stamped with `stamp`.
 */
export function erasedDocument(collection: ErasedCollection, doc: Doc, stamp: string, nowMs: number): Doc & SyncedDoc {
  const rule = RULES[collection]
  const next: Doc = { id: doc.id }
  for (const field of rule.keep) if (doc[field] !== undefined) next[field] = doc[field]
  for (const [field, value] of Object.entries(rule.blank)) next[field] = structuredClone(value)
  const clock: Record<string, string> = {}
  const oldClock = (doc._clock ?? {}) as Record<string, string>
  for (const field of new Set([...Object.keys(oldClock), ...Object.keys(next), '_deleted', ERASED_CLOCK_KEY])) {
    if (field !== 'id') clock[field] = stamp
  }
  const updatedAt = typeof doc.updatedAt === 'number' ? Math.max(doc.updatedAt, nowMs) : nowMs
  return { ...next, id: String(doc.id), updatedAt, _deleted: true, _clock: clock }
}
