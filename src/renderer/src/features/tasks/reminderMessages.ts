import type { Activity } from '@core/schema'
import { routePath } from '../../app/router'
import type { LinkedRecord } from './useLinkedRecords'

export interface TaskReminder {
  /** Stable per task and due time, so the same reminder is never stacked twice. */
  key: string
  title: string
  body: string
  /** Where a click goes: the task's record, or My tasks. */
  route: string
}

/** More at once than this (back from a long sleep) become one summary instead of a burst. */
export const MAX_SEPARATE_REMINDERS = 3

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/**
 * What to show for the tasks that just fell due: one reminder each (its record in the body and
 * as the click target), or a single "N tasks are due" pointing at My tasks when there are many.
 */
export function reminderMessages(
  due: readonly Pick<Activity, 'id' | 'subject' | 'dueAt' | 'contactId' | 'companyId' | 'dealId'>[],
  linksOf: (task: Pick<Activity, 'contactId' | 'companyId' | 'dealId'>) => LinkedRecord[],
): TaskReminder[] {
  if (due.length === 0) return []
  if (due.length > MAX_SEPARATE_REMINDERS) {
    const names = due.map((task) => task.subject || 'Untitled task')
    return [
      {
        key: `summary-${due.map((task) => `${task.id}@${task.dueAt}`).join(',')}`,
        title: `${due.length} tasks are due`,
        body: clip(names.join(' · '), 300),
        route: routePath({ name: 'tasks' }),
      },
    ]
  }
  return due.map((task) => {
    const record = linksOf(task)[0]
    return {
      key: `${task.id}@${task.dueAt}`,
      title: 'Task due',
      body: clip(record ? `${task.subject || 'Untitled task'} · ${record.label}` : task.subject || 'Untitled task', 300),
      route: record ? routePath(record.route) : routePath({ name: 'tasks' }),
    }
  })
}
