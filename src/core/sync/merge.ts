import { canonicalJson } from './canonicalJson'
import { isErased } from './erased'
import { STORAGE_META_FIELDS, type SyncedDoc } from './syncedDoc'

const ENVELOPE_FIELDS: ReadonlySet<string> = new Set(['id', 'updatedAt', '_clock'])

/**
 * Field-level last-writer-wins: every field takes the value whose `_clock` stamp is highest.
 * Equal stamps (or none) fall back to the greater canonical JSON value, so the result is a
 * join over a total order per field: commutative, associative and idempotent, whichever
 * replica runs it and in whatever order documents arrive.
 */
export function mergeByFieldClock<T extends SyncedDoc>(a: T, b: T): T {
  if (a.id !== b.id) throw new Error(`mergeByFieldClock: different documents ${a.id} and ${b.id}`)
  // An erasure beats every edit, whatever its stamp (erased.ts); two erasures merge field by field.
  const erasedA = isErased(a)
  const erasedB = isErased(b)
  if (!erasedA && !erasedB) return mergeFields(a, b)
  const merged = erasedA === erasedB ? mergeFields(a, b) : erasedA ? mergeFields(a, a) : mergeFields(b, b)
  return { ...merged, _deleted: true }
}

function mergeFields<T extends SyncedDoc>(a: T, b: T): T {
  const merged: Record<string, unknown> = { id: a.id }
  const clock: Record<string, string> = {}
  const fields = new Set<string>()
  for (const key of Object.keys(a)) fields.add(key)
  for (const key of Object.keys(b)) fields.add(key)
  for (const key of Object.keys(a._clock)) fields.add(key)
  for (const key of Object.keys(b._clock)) fields.add(key)

  const recordA = a as unknown as Record<string, unknown>
  const recordB = b as unknown as Record<string, unknown>
  for (const field of fields) {
    if (ENVELOPE_FIELDS.has(field) || STORAGE_META_FIELDS.has(field)) continue
    const stampA = a._clock[field] ?? ''
    const stampB = b._clock[field] ?? ''
    const takeA = stampA !== stampB ? stampA > stampB : valueRank(recordA[field]) >= valueRank(recordB[field])
    const value = takeA ? recordA[field] : recordB[field]
    const stamp = takeA ? stampA : stampB
    if (value !== undefined) merged[field] = value
    if (stamp !== '') clock[field] = stamp
  }
  merged.updatedAt = Math.max(a.updatedAt, b.updatedAt)
  merged._clock = clock
  if (merged._deleted === undefined) merged._deleted = false
  return merged as T
}

function valueRank(value: unknown): string {
  return value === undefined ? '' : `1${canonicalJson(value)}`
}
