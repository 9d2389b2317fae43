import type { Contact } from '@core/schema'
import type { ContactCollection } from '../../data/collections'
import { patchSyncedDocs } from '../../data/syncedWrites'

/** The schema's cap on lists per contact. */
export const MAX_LISTS_PER_CONTACT = 200
/** Rows per storage write: big enough to be fast, small enough for the progress bar to move. */
const CHUNK = 2_000

export interface ListChangeResult {
  changed: number
  /** Contacts already at the lists-per-contact cap (adding only). */
  skipped: number
}

/**
 * Adds (or removes) a static list on many contacts through the synced writes, in chunks so a
 * list of 100,000 shows progress and never holds one giant transaction.
 */
export async function changeListMembership(
  contacts: ContactCollection,
  listId: string,
  ids: readonly string[],
  mode: 'add' | 'remove',
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<ListChangeResult> {
  let changed = 0
  let skipped = 0
  onProgress(0, ids.length)
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK)
    changed += await patchSyncedDocs<Contact>(contacts, chunk, (contact) => {
      const lists = contact.lists ?? []
      if (mode === 'remove') return lists.includes(listId) ? { lists: lists.filter((id) => id !== listId) } : null
      if (lists.includes(listId)) return null
      if (lists.length >= MAX_LISTS_PER_CONTACT) {
        skipped++
        return null
      }
      return { lists: [...lists, listId] }
    })
    onProgress(Math.min(ids.length, start + chunk.length), ids.length)
  }
  return { changed, skipped }
}
