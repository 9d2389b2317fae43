import type { RxStorageInstance } from 'rxdb'
import { WORKSPACE_EXPORT_COLLECTIONS, WorkspaceExportWriter, type WorkspaceExportMeta } from '@core/export/workspaceJson'
import type { OutpostDatabase } from '../../data/database'
import { storagePages } from '../../data/storagePages'
import { throwIfCancelled, yieldToBrowser } from './chunkedWork'

// The whole workspace as one JSON file (format in src/core/export/workspaceJson.ts), read page by
// page straight from storage and written as parts, yielding between pages, with progress.

export interface WorkspaceJsonResult {
  parts: string[]
  /** Documents written. */
  documents: number
}

export async function buildWorkspaceJson(
  db: OutpostDatabase,
  meta: WorkspaceExportMeta,
  options: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal } = {},
): Promise<WorkspaceJsonResult> {
  const counts = await Promise.all(WORKSPACE_EXPORT_COLLECTIONS.map((name) => db[name].count().exec()))
  const total = counts.reduce((sum, count) => sum + count, 0)
  const writer = new WorkspaceExportWriter()
  const parts = [writer.begin(meta)]
  let done = 0
  options.onProgress?.(0, total)
  for (const name of WORKSPACE_EXPORT_COLLECTIONS) {
    parts.push(writer.beginCollection(name))
    const storage = db[name].storageInstance as unknown as RxStorageInstance<Record<string, unknown>, unknown, unknown>
    for await (const page of storagePages(storage)) {
      throwIfCancelled(options.signal)
      const before = writer.counts[name] ?? 0
      parts.push(writer.documents(page))
      done += (writer.counts[name] ?? 0) - before
      // Documents written meanwhile can push the count past the total read at the start.
      options.onProgress?.(Math.min(done, total), Math.max(total, done))
      await yieldToBrowser()
    }
  }
  parts.push(writer.end())
  return { parts, documents: done }
}
