import { contactCsvHeader, contactToCsvRow, csvRecords, type ContactCsvContext } from '@core/export/contactsCsv'
import type { Contact } from '@core/schema'
import { throwIfCancelled, yieldToBrowser } from './chunkedWork'

// Builds a contacts CSV in chunks (parts of one file), yielding to the browser between chunks so
// 100,000 rows never freeze the window, and reporting progress as it goes.

export const CSV_CHUNK_ROWS = 2_000

export interface BuildOptions {
  onProgress?: (done: number, total: number) => void
  signal?: AbortSignal
  chunkRows?: number
}

/** The file's text as parts (header first); contacts missing from `contactOf` (deleted meanwhile) are skipped. */
export async function buildContactsCsv(
  ids: readonly string[],
  contactOf: (id: string) => Contact | undefined,
  context: ContactCsvContext,
  options: BuildOptions = {},
): Promise<{ parts: Blob[]; rows: number }> {
  const chunkRows = options.chunkRows ?? CSV_CHUNK_ROWS
  // Each chunk becomes a Blob right away: the text is encoded chunk by chunk, between yields,
  // instead of all 20 MB at once when the file is saved.
  const parts = [new Blob([csvRecords([contactCsvHeader(context)])])]
  let rows = 0
  for (let start = 0; start < ids.length; start += chunkRows) {
    throwIfCancelled(options.signal)
    const chunk: ReturnType<typeof contactToCsvRow>[] = []
    for (const id of ids.slice(start, start + chunkRows)) {
      const contact = contactOf(id)
      if (contact !== undefined) chunk.push(contactToCsvRow(contact, context))
    }
    parts.push(new Blob([csvRecords(chunk)]))
    rows += chunk.length
    options.onProgress?.(Math.min(start + chunkRows, ids.length), ids.length)
    await yieldToBrowser()
  }
  throwIfCancelled(options.signal)
  return { parts, rows }
}
