import type { RxStorageInstance } from 'rxdb'
import { WORKSPACE_EXPORT_COLLECTIONS, WorkspaceExportWriter, type WorkspaceExportMeta } from '@core/export/workspaceJson'
import type { OutpostDatabase } from '../../data/database'
import { storagePages, storedDocumentCount } from '../../data/storagePages'
import { throwIfCancelled, yieldToBrowser } from './chunkedWork'

// The whole workspace as one JSON file (format in src/core/export/workspaceJson.ts), read page by
// page straight from storage and written as parts, yielding between pages, with progress.

/** Documents read from IndexedDB at once: a 5,000-row read holds the main thread ~200 ms (bench/export.mjs). */
const READ_PAGE_DOCS = 1_000
/** Documents serialized between two yields to the browser. */
const JSON_CHUNK_DOCS = 500

export interface WorkspaceJsonResult {
  /** The file in order; each chunk already a Blob, so saving it encodes nothing more at once. */
  parts: Array<string | Blob>
  /** Documents written. */
  documents: number
}

export async function buildWorkspaceJson(
  db: OutpostDatabase,
  meta: WorkspaceExportMeta,
  options: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal } = {},
): Promise<WorkspaceJsonResult> {
  const storages = WORKSPACE_EXPORT_COLLECTIONS.map((name) => db[name].storageInstance as unknown as RxStorageInstance<Record<string, unknown>, unknown, unknown>)
  // Progress counts stored documents read, tombstones included, as the table count does.
  const counts = await Promise.all(storages.map(async (storage, index) => (await storedDocumentCount(storage)) ?? db[WORKSPACE_EXPORT_COLLECTIONS[index]!].count().exec()))
  const total = counts.reduce((sum, count) => sum + count, 0)
  const writer = new WorkspaceExportWriter()
  const parts: Array<string | Blob> = [writer.begin(meta)]
  options.onProgress?.(0, total)
  let read = 0
  for (const [index, name] of WORKSPACE_EXPORT_COLLECTIONS.entries()) {
    parts.push(writer.beginCollection(name))
    for await (const page of storagePages(storages[index]!, READ_PAGE_DOCS)) {
      for (let start = 0; start < page.length; start += JSON_CHUNK_DOCS) {
        throwIfCancelled(options.signal)
        const chunk = page.slice(start, start + JSON_CHUNK_DOCS)
        parts.push(new Blob([writer.documents(chunk)]))
        read += chunk.length
        // Documents written meanwhile can push the count past the total read at the start.
        options.onProgress?.(read, Math.max(total, read))
        await yieldToBrowser()
      }
    }
  }
  throwIfCancelled(options.signal)
  parts.push(writer.end())
  const documents = Object.values(writer.counts).reduce((sum, count) => sum + count, 0)
  return { parts, documents }
}
