import { canonicalJson } from './canonicalJson'
import type { SyncedDoc } from './syncedDoc'

type EnvelopeKey = keyof SyncedDoc
export type DocFields<T extends SyncedDoc> = Omit<T, EnvelopeKey>

/** A new document with every field (and its liveness) stamped by this device's clock. */
export function createSyncedDoc<T extends SyncedDoc>(id: string, fields: DocFields<T>, stamp: string, nowMs: number): T {
  const clock: Record<string, string> = { _deleted: stamp }
  for (const key of Object.keys(fields)) clock[key] = stamp
  return { ...fields, id, updatedAt: nowMs, _deleted: false, _clock: clock } as unknown as T
}

/**
 * Applies a local edit: only fields whose value really changes get the new stamp, so an
 * untouched field never overrides a concurrent edit from another device. `undefined` in the
 * patch means "leave as is"; optional fields listed in `remove` are cleared (and the clearing
 * is stamped, so it merges like any other edit). Returns null when nothing changes.
 */
export function applyLocalChange<T extends SyncedDoc>(
  doc: T,
  patch: Partial<DocFields<T>>,
  stamp: string,
  nowMs: number,
  remove: readonly (keyof DocFields<T> & string)[] = [],
): T | null {
  const next: Record<string, unknown> = { ...(doc as unknown as Record<string, unknown>) }
  const clock = { ...doc._clock }
  let changed = false
  for (const [key, value] of Object.entries(patch)) {
    const current = (doc as unknown as Record<string, unknown>)[key]
    if (value === undefined || canonicalJson(value) === canonicalJson(current)) continue
    next[key] = value
    clock[key] = stamp
    changed = true
  }
  for (const key of remove) {
    if (!(key in next)) continue
    delete next[key]
    clock[key] = stamp
    changed = true
  }
  if (!changed) return null
  next._clock = clock
  next.updatedAt = Math.max(doc.updatedAt, nowMs)
  return next as T
}

/** Deletion is a stamped field too, so a delete and a concurrent edit resolve like any other fields. */
export function markDeleted<T extends SyncedDoc>(doc: T, deleted: boolean, stamp: string, nowMs: number): T {
  return {
    ...doc,
    _deleted: deleted,
    _clock: { ...doc._clock, _deleted: stamp },
    updatedAt: Math.max(doc.updatedAt, nowMs),
  }
}
