import type { RxConflictHandler, WithDeleted } from 'rxdb'
import { canonicalJson } from '@core/sync/canonicalJson'
import { mergeByFieldClock } from '@core/sync/merge'
import { STORAGE_META_FIELDS, type SyncedDoc } from '@core/sync/syncedDoc'

/** A document's replicated content: storage bookkeeping dropped, liveness always a boolean. */
export function replicatedContent(doc: object): string {
  const content: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(doc)) {
    if (!STORAGE_META_FIELDS.has(key)) content[key] = value
  }
  content._deleted = Boolean(content._deleted)
  return canonicalJson(content)
}

/**
 * Conflicts resolve like on the server: per-field last-writer-wins by HLC stamp (the one
 * core merge), so a concurrent edit to another field, or a delete racing an edit, never loses data silently.
 */
export function fieldClockConflictHandler<T>(): RxConflictHandler<T> {
  return {
    isEqual: (a, b) => replicatedContent(a) === replicatedContent(b),
    resolve: async ({ realMasterState, newDocumentState }) =>
      mergeByFieldClock(realMasterState as unknown as SyncedDoc, newDocumentState as unknown as SyncedDoc) as unknown as WithDeleted<T>,
  }
}
