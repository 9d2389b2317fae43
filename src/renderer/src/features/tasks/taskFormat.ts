import { isDayOnlyDue, isTaskOverdue, startOfLocalDay } from '@core/tasks/taskGroups'

const DAY = 86_400_000
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' })

/** "14:00" (or "2:00 PM"), in the user's locale. */
export function formatTime(timestamp: number): string {
  return timeFormat.format(timestamp)
}

function dayWord(dueAt: number, now: number): string {
  const days = Math.round((startOfLocalDay(dueAt) - startOfLocalDay(now)) / DAY)
  if (days === 0) return 'today'
  if (days === 1) return 'tomorrow'
  if (days === -1) return 'yesterday'
  const far = days < -300 || days > 300
  return new Date(dueAt).toLocaleDateString(undefined, { month: 'short', day: 'numeric', year: far ? 'numeric' : undefined })
}

/** "Due today", "Due tomorrow 09:00", "Overdue · due yesterday": what a task row says about its due time. */
export function formatDue(dueAt: number, now: number, done = false): string {
  const when = isDayOnlyDue(dueAt, startOfLocalDay) ? dayWord(dueAt, now) : `${dayWord(dueAt, now)} ${formatTime(dueAt)}`
  const overdue = isTaskOverdue({ kind: 'task', dueAt, done }, now, startOfLocalDay)
  return overdue ? `Overdue · due ${when}` : `Due ${when}`
}
