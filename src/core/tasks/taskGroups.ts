import type { Activity } from '../schema'

// Tasks are activities of kind 'task'. These pure functions decide where a task belongs on
// "My tasks" and the dashboard, and which tasks are due for a reminder, so every screen (and
// every device) agrees on what "overdue" means.
//
// Due dates come in two flavours sharing one field: a task due "on a day" is stored at local
// midnight of that day (what a date-only picker gives), a task due "at a time" at that instant.
// A due time of exactly 00:00 therefore reads as "any time that day".
//  - A day-only task is overdue once its day has passed (it stays in Today all day).
//  - A timed task is overdue as soon as its time has passed, even earlier today: its reminder
//    has fired, so leaving it under Today would hide that it was missed.

/** The fields these functions read; a whole Activity fits. */
export type TaskFields = Pick<Activity, 'kind' | 'occurredAt' | 'dueAt' | 'done' | 'doneAt' | 'assigneeId'>

/** Midnight at the start of the day holding `timestamp`, in the user's calendar. */
export type StartOfDay = (timestamp: number) => number

export interface TaskGroups<T> {
  /** Not done, due before now (timed) or before today (day-only); oldest first. */
  overdue: T[]
  /** Not done, due later today or any time today (day-only); earliest first, day-only first. */
  today: T[]
  /** Not done, due tomorrow or later; earliest first. */
  upcoming: T[]
  /** Not done, no due date; newest first. */
  noDueDate: T[]
  /** Done; most recently completed first. */
  done: T[]
}

const HOUR = 3_600_000

/** Midnight in the JS runtime's local time zone (DST-safe: built from calendar fields). */
export const startOfLocalDay: StartOfDay = (timestamp) => {
  const date = new Date(timestamp)
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime()
}

/** Start of day for a fixed offset from UTC, in minutes east (CET is 60, New York in winter −300). */
export function fixedOffsetStartOfDay(minutesEastOfUtc: number): StartOfDay {
  const offset = minutesEastOfUtc * 60_000
  return (timestamp) => Math.floor((timestamp + offset) / (24 * HOUR)) * 24 * HOUR - offset
}

/** Midnight of the next day. 36 h lands inside the next day whether today has 23, 24 or 25 hours. */
export function startOfNextDay(timestamp: number, startOfDay: StartOfDay): number {
  return startOfDay(startOfDay(timestamp) + 36 * HOUR)
}

/** True when the task is due "on a day" rather than at a time (stored at that day's midnight). */
export function isDayOnlyDue(dueAt: number, startOfDay: StartOfDay): boolean {
  return startOfDay(dueAt) === dueAt
}

export function isTaskOverdue(task: Pick<TaskFields, 'kind' | 'dueAt' | 'done'>, now: number, startOfDay: StartOfDay): boolean {
  if (task.kind !== 'task' || task.done === true || task.dueAt === undefined) return false
  return isDayOnlyDue(task.dueAt, startOfDay) ? task.dueAt < startOfDay(now) : task.dueAt < now
}

/**
 * Splits tasks into the sections of "My tasks". Activities of other kinds are ignored, so a
 * caller can pass a whole activity list. Sorts are stable: equal keys keep the input order.
 */
export function groupTasks<T extends TaskFields>(tasks: readonly T[], now: number, startOfDay: StartOfDay): TaskGroups<T> {
  const groups: TaskGroups<T> = { overdue: [], today: [], upcoming: [], noDueDate: [], done: [] }
  const tomorrow = startOfNextDay(now, startOfDay)
  for (const task of tasks) {
    if (task.kind !== 'task') continue
    if (task.done === true) groups.done.push(task)
    else if (task.dueAt === undefined) groups.noDueDate.push(task)
    else if (isTaskOverdue(task, now, startOfDay)) groups.overdue.push(task)
    else if (task.dueAt < tomorrow) groups.today.push(task)
    else groups.upcoming.push(task)
  }
  const byDue = (a: T, b: T) => (a.dueAt ?? 0) - (b.dueAt ?? 0)
  groups.overdue.sort(byDue)
  groups.today.sort(byDue)
  groups.upcoming.sort(byDue)
  groups.noDueDate.sort((a, b) => b.occurredAt - a.occurredAt)
  groups.done.sort((a, b) => (b.doneAt ?? 0) - (a.doneAt ?? 0))
  return groups
}

/** Unassigned: the field is absent or ''. */
export function isUnassigned(task: Pick<TaskFields, 'assigneeId'>): boolean {
  return task.assigneeId === undefined || task.assigneeId === ''
}

/**
 * Whose reminders this device shows: the signed-in member's tasks, or, while local only
 * (memberId null), the tasks nobody is assigned to.
 */
export function remindsMember(task: Pick<TaskFields, 'assigneeId'>, memberId: string | null): boolean {
  return memberId === null ? isUnassigned(task) : task.assigneeId === memberId
}

/** "Assigned to me" on My tasks: the member's tasks; while local only (memberId null), every task. */
export function isAssignedTo(task: Pick<TaskFields, 'assigneeId'>, memberId: string | null): boolean {
  return memberId === null || task.assigneeId === memberId
}

export interface ReminderWindow {
  /** The last time reminders were checked (exclusive). Persist it so a restart does not repeat them. */
  since: number
  /** Now (inclusive). */
  now: number
  memberId: string | null
}

/** Open tasks of the member that fell due in (since, now], earliest first. */
export function dueReminders<T extends TaskFields>(tasks: readonly T[], { since, now, memberId }: ReminderWindow): T[] {
  if (now <= since) return []
  return tasks
    .filter((task) => task.kind === 'task' && task.done !== true && task.dueAt !== undefined && task.dueAt > since && task.dueAt <= now && remindsMember(task, memberId))
    .sort((a, b) => (a.dueAt ?? 0) - (b.dueAt ?? 0))
}

/** When the next reminder is due after `now` (for a single timer), or null when none is. */
export function nextReminderAt(tasks: readonly TaskFields[], now: number, memberId: string | null): number | null {
  let next: number | null = null
  for (const task of tasks) {
    if (task.kind !== 'task' || task.done === true || task.dueAt === undefined || task.dueAt <= now) continue
    if (!remindsMember(task, memberId)) continue
    if (next === null || task.dueAt < next) next = task.dueAt
  }
  return next
}
