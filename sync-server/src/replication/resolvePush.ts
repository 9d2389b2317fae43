import { clampStamp, MAX_CLOCK_DRIFT_MS } from '@core/hlc'
import { canonicalJson } from '@core/sync/canonicalJson'
import { mergeByFieldClock } from '@core/sync/merge'
import type { SyncedDoc } from '@core/sync/syncedDoc'

// The server side of a push, pure: what to store and what to answer as conflicts.

export interface CheckedPushRow {
  id: string
  /** Validated, storage-meta-free, `_deleted` present. */
  doc: Record<string, unknown>
  /** As sent (null when the client had no master state). */
  assumedMasterState: Record<string, unknown> | null
}

export interface PushResolution {
  writes: Array<{ id: string; doc: Record<string, unknown> }>
  conflicts: Array<Record<string, unknown>>
}

/** Equality of two replicated states, ignoring key order, storage meta and a missing `_deleted`. */
export function sameDocument(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return canonicalJson(comparable(a)) === canonicalJson(comparable(b))
}

function comparable(doc: Record<string, unknown>): Record<string, unknown> {
  const { _rev: _r, _meta: _m, _attachments: _a, ...rest } = doc
  return { ...rest, _deleted: rest._deleted === true }
}

/**
 * A clock far in the future must not win forever: stamps (and updatedAt) beyond now + the
 * allowed drift are pulled back to that limit before anything is compared or stored.
 */
export function clampDocument(doc: Record<string, unknown>, now: number): Record<string, unknown> {
  const clock = doc._clock as Record<string, string>
  let changed = false
  const clamped: Record<string, string> = {}
  for (const [field, stamp] of Object.entries(clock)) {
    const next = clampStamp(stamp, now)
    if (next !== stamp) changed = true
    clamped[field] = next
  }
  const limit = now + MAX_CLOCK_DRIFT_MS
  const updatedAt = typeof doc.updatedAt === 'number' && doc.updatedAt > limit ? limit : doc.updatedAt
  if (!changed && updatedAt === doc.updatedAt) return doc
  return { ...doc, updatedAt, _clock: clamped }
}

/**
 * For each row: no master → store it. Otherwise merge master and pushed state field by field
 * (core merge); store the merge when it differs from the master. The merge is answered as a
 * conflict when the client's assumed master was stale or the merge differs from what it sent,
 * so the client adopts it. Rows for one id apply in order.
 */
/** Rewrites a pushed document before it is merged (server-owned fields, campaign status: pushGuard.ts). */
export type PushGuard = (incoming: Record<string, unknown>, master: Record<string, unknown> | null, assumedMaster: Record<string, unknown> | null) => Record<string, unknown>

const noGuard: PushGuard = (incoming) => incoming

export function resolvePush(
  rows: readonly CheckedPushRow[],
  masters: ReadonlyMap<string, Record<string, unknown>>,
  now: number,
  guard: PushGuard = noGuard,
): PushResolution {
  const current = new Map(masters)
  const written = new Map<string, Record<string, unknown>>()
  const conflicts = new Map<string, Record<string, unknown>>()
  for (const row of rows) {
    const master = current.get(row.id)
    const pushed = clampDocument(row.doc, now)
    const incoming = guard(pushed, master ?? null, row.assumedMasterState)
    if (!master) {
      current.set(row.id, incoming)
      written.set(row.id, incoming)
      conflicts.delete(row.id)
      continue
    }
    const merged = mergeByFieldClock(master as unknown as SyncedDoc, incoming as unknown as SyncedDoc) as unknown as Record<string, unknown>
    if (!sameDocument(merged, master)) {
      current.set(row.id, merged)
      written.set(row.id, merged)
    }
    const stale = row.assumedMasterState === null || !sameDocument(row.assumedMasterState, master)
    // Compared with what the device sent, so a value the guard overruled is answered too.
    if (stale || !sameDocument(merged, pushed)) conflicts.set(row.id, merged)
    else conflicts.delete(row.id)
  }
  return {
    writes: [...written].map(([id, doc]) => ({ id, doc })),
    conflicts: [...conflicts.values()],
  }
}
