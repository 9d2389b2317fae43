import type { Activity } from '@core/schema'
import { showUndoToast } from '../../app/undoRegistry'
import type { AppDispatch } from '../../app/store'
import type { ActivityCollection } from '../../data/database'
import { patchSyncedDoc } from '../../data/syncedWrites'

/** Completing stamps when; reopening clears it. */
export async function setTaskDone(activities: ActivityCollection, taskId: string, done: boolean): Promise<void> {
  if (done) await patchSyncedDoc<Activity>(activities, taskId, { done: true, doneAt: Date.now() })
  else await patchSyncedDoc<Activity>(activities, taskId, { done: false }, ['doneAt'])
}

/** Checks a task off (or reopens it) with an Undo on the toast: a stray click or x costs nothing. */
export async function toggleTaskWithUndo(dispatch: AppDispatch, activities: ActivityCollection, task: Pick<Activity, 'id' | 'subject' | 'done'>): Promise<void> {
  const done = task.done !== true
  await setTaskDone(activities, task.id, done)
  const name = task.subject || 'task'
  showUndoToast(dispatch, done ? `Completed “${name}”` : `Reopened “${name}”`, () => setTaskDone(activities, task.id, !done))
}
