import { err, ok, type Result } from '@core/result'
import { ACTIVITY_LIMITS, type Activity, type ActivityKind } from '@core/schema'
import { isTaskOverdue, startOfLocalDay as coreStartOfLocalDay } from '@core/tasks/taskGroups'
import type { NewDocFields } from '../../data/syncedWrites'

/** What the composer holds while the user types: text, as it comes from inputs. */
export interface ActivityDraft {
  kind: ActivityKind
  subject: string
  body: string
  /** YYYY-MM-DD from a date input; tasks only. */
  dueDate: string
  /** HH:MM from a time input; '' = any time that day. Tasks only. */
  dueTime: string
  /** Member id; '' = unassigned. Tasks only. */
  assigneeId: string
  durationMinutes: string
}

export type ActivityDraftErrors = Partial<Record<'subject' | 'body' | 'dueDate' | 'dueTime' | 'durationMinutes', string>>

export const EMPTY_ACTIVITY_DRAFT: Omit<ActivityDraft, 'kind'> = { subject: '', body: '', dueDate: '', dueTime: '', assigneeId: '', durationMinutes: '' }

/** What an activity is linked to; '' = none (dealId: absent or '' = none). */
export interface ActivityLink {
  contactId: string
  companyId: string
  dealId?: string
}

const MAX_DURATION_MINUTES = 1440

/** The fields of a new activity, or per-field messages; nothing half-valid is ever stored. */
export function activityFromDraft(
  draft: ActivityDraft,
  link: ActivityLink,
  now: number,
): Result<NewDocFields<Activity>, ActivityDraftErrors> {
  const errors: ActivityDraftErrors = {}
  const subject = draft.subject.trim()
  const body = draft.body.trim()
  if (subject.length > ACTIVITY_LIMITS.subject) errors.subject = `Keep the subject under ${ACTIVITY_LIMITS.subject} characters`
  if (body.length > ACTIVITY_LIMITS.body) errors.body = `Keep it under ${ACTIVITY_LIMITS.body.toLocaleString('en')} characters`
  const { dealId, ...records } = link
  const fields: NewDocFields<Activity> = { kind: draft.kind, ...records, subject, body, occurredAt: now }
  if (dealId) fields.dealId = dealId
  switch (draft.kind) {
    case 'note':
      if (!body) errors.body = 'Write the note first'
      break
    case 'task': {
      if (!subject) errors.subject = 'Say what needs doing'
      fields.done = false
      if (draft.assigneeId) fields.assigneeId = draft.assigneeId
      if (draft.dueDate) {
        const dueAt = localDateToTimestamp(draft.dueDate)
        const minutes = draft.dueTime ? timeToMinutes(draft.dueTime) : 0
        if (dueAt === null) errors.dueDate = 'Pick a valid due date'
        else if (minutes === null) errors.dueTime = 'Pick a valid time'
        else fields.dueAt = atLocalMinutes(dueAt, minutes)
      } else if (draft.dueTime) {
        errors.dueDate = 'Pick a day for that time'
      }
      break
    }
    case 'call':
    case 'meeting': {
      if (!subject && !body) errors.subject = `Add a subject or notes for the ${draft.kind}`
      const duration = draft.durationMinutes.trim()
      if (duration) {
        const minutes = Number(duration)
        if (!Number.isInteger(minutes) || minutes < 0 || minutes > MAX_DURATION_MINUTES) {
          errors.durationMinutes = `Duration is whole minutes, 0 to ${MAX_DURATION_MINUTES.toLocaleString('en')}`
        } else {
          fields.durationMinutes = minutes
        }
      }
      break
    }
  }
  return Object.keys(errors).length > 0 ? err(errors) : ok(fields)
}

/** Midnight at the start of that day, local time: a due date is a day on the user's calendar. */
export function localDateToTimestamp(date: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!match) return null
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const value = new Date(year, month - 1, day)
  if (value.getFullYear() !== year || value.getMonth() !== month - 1 || value.getDate() !== day) return null
  return value.getTime()
}

export const startOfLocalDay = coreStartOfLocalDay

/** Minutes after midnight for "HH:MM" (24 h, what a time input gives), or null. */
export function timeToMinutes(time: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(time)
  if (!match) return null
  const [hours, minutes] = [Number(match[1]), Number(match[2])]
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : null
}

/** That wall-clock time on the day starting at `midnight` (calendar fields, so a DST day still gives 09:00). */
function atLocalMinutes(midnight: number, minutes: number): number {
  const date = new Date(midnight)
  return new Date(date.getFullYear(), date.getMonth(), date.getDate(), Math.floor(minutes / 60), minutes % 60).getTime()
}

/** The date and time inputs' values for a stored due time ('' time = any time that day). */
export function dueInputs(dueAt: number | undefined): { dueDate: string; dueTime: string } {
  if (dueAt === undefined) return { dueDate: '', dueTime: '' }
  const date = new Date(dueAt)
  const pad = (value: number) => String(value).padStart(2, '0')
  const dueDate = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
  const dueTime = startOfLocalDay(dueAt) === dueAt ? '' : `${pad(date.getHours())}:${pad(date.getMinutes())}`
  return { dueDate, dueTime }
}

/**
 * Overdue as "My tasks" says it (src/core/tasks/taskGroups): a timed task once its time has
 * passed, a day-only task once its day has passed, and never a done one.
 */
export function isOverdue(activity: Pick<Activity, 'kind' | 'dueAt' | 'done'>, now: number): boolean {
  return isTaskOverdue(activity, now, startOfLocalDay)
}
