import { err, ok, type Result } from '@core/result'
import { ACTIVITY_LIMITS, type Activity, type ActivityKind } from '@core/schema'
import type { NewDocFields } from '../../data/syncedWrites'

/** What the composer holds while the user types: text, as it comes from inputs. */
export interface ActivityDraft {
  kind: ActivityKind
  subject: string
  body: string
  /** YYYY-MM-DD from a date input; tasks only. */
  dueDate: string
  durationMinutes: string
}

export type ActivityDraftErrors = Partial<Record<'subject' | 'body' | 'dueDate' | 'durationMinutes', string>>

export const EMPTY_ACTIVITY_DRAFT: Omit<ActivityDraft, 'kind'> = { subject: '', body: '', dueDate: '', durationMinutes: '' }

const MAX_DURATION_MINUTES = 1440

/** The fields of a new activity, or per-field messages; nothing half-valid is ever stored. */
export function activityFromDraft(
  draft: ActivityDraft,
  link: { contactId: string; companyId: string },
  now: number,
): Result<NewDocFields<Activity>, ActivityDraftErrors> {
  const errors: ActivityDraftErrors = {}
  const subject = draft.subject.trim()
  const body = draft.body.trim()
  if (subject.length > ACTIVITY_LIMITS.subject) errors.subject = `Keep the subject under ${ACTIVITY_LIMITS.subject} characters`
  if (body.length > ACTIVITY_LIMITS.body) errors.body = `Keep it under ${ACTIVITY_LIMITS.body.toLocaleString('en')} characters`
  const fields: NewDocFields<Activity> = { kind: draft.kind, ...link, subject, body, occurredAt: now }
  switch (draft.kind) {
    case 'note':
      if (!body) errors.body = 'Write the note first'
      break
    case 'task': {
      if (!subject) errors.subject = 'Say what needs doing'
      fields.done = false
      if (draft.dueDate) {
        const dueAt = localDateToTimestamp(draft.dueDate)
        if (dueAt === null) errors.dueDate = 'Pick a valid due date'
        else fields.dueAt = dueAt
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

export function startOfLocalDay(timestamp: number): number {
  const date = new Date(timestamp)
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime()
}

/** A task is overdue once its due day has passed without it being done. */
export function isOverdue(activity: Pick<Activity, 'kind' | 'dueAt' | 'done'>, now: number): boolean {
  return activity.kind === 'task' && !activity.done && activity.dueAt !== undefined && activity.dueAt < startOfLocalDay(now)
}
