import { createSyncedDoc, type DocFields } from '@core/sync/localChange'
import type { Setting } from '@core/schema'
import type { OutpostDatabase } from '../../data/database'
import { deviceClock } from '../../data/deviceClock'
import { pendingChanges } from '../../data/sync/pendingChanges'
import { patchSyncedDoc } from '../../data/syncedWrites'

/**
 * Saves a workspace-wide settings singleton (scoring, lifecycle) under its fixed id: patches it
 * when it exists, creates it on first save. Two devices creating it offline write the same id,
 * which merges field by field into one document.
 */
export async function saveSettingSingleton(
  db: OutpostDatabase,
  id: string,
  kind: Setting['kind'],
  fields: Partial<DocFields<Setting>>,
): Promise<void> {
  if (await patchSyncedDoc<Setting>(db.settings, id, fields)) return
  const now = Date.now()
  const doc = createSyncedDoc<Setting>(id, { ...fields, kind, createdAt: now } as DocFields<Setting>, deviceClock.now(), now)
  try {
    await db.settings.insert(doc)
    pendingChanges.markWritten('settings', [id])
  } catch (error) {
    // A sync pull or another tab created it meanwhile: apply the edit to that one.
    if (!(await patchSyncedDoc<Setting>(db.settings, id, fields))) throw error
  }
}
