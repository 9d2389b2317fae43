import type { Contact, WorkflowTrigger } from '../schema'
import type { ContactFacts, TriggerEvent } from './types'
import { addDays, atLocalHour, DAY_MS, localDate, weekdayOf, type CalendarDate } from './zonedTime'

// What enrols a contact. The server keeps each contact's last ContactFacts, compares them with the
// new ones after every change (contactChangeEvents) and enrols it in the active workflows whose
// trigger matches an event. A trigger's `filter` (segment rules on the contact) is the server's to
// apply, since it needs the segment context.

const TEXT_FIELDS = ['email', 'firstName', 'lastName', 'phone', 'title', 'companyId'] as const
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})/

/** How late an anniversary may still enrol (the server was down): a week, never months late. */
export const ANNIVERSARY_GRACE_MS = 7 * DAY_MS

export function contactFacts(contact: Contact, extra: { segments: string[]; score: number }): ContactFacts {
  const fields: Record<string, string> = {}
  for (const field of TEXT_FIELDS) fields[`contact.${field}`] = contact[field]
  for (const key of Object.keys(contact.customFields).sort()) {
    const value = contact.customFields[key]
    if (value === null || value === undefined || value === '') continue
    fields[`custom.${key}`] = typeof value === 'number' ? String(value) : dayOrText(value)
  }
  return {
    tags: [...contact.tags].sort(),
    lifecycleStage: contact.lifecycleStage,
    fields,
    segments: [...new Set(extra.segments)].sort(),
    score: extra.score,
    unsubscribed: contact.unsubscribed === true,
  }
}

/**
 * The events between two sightings of a contact, in a fixed order. A new contact (before null)
 * is created, and also gains its tags and segments and crosses from score 0 to its score, so
 * "tag added" and "entered segment" workflows see contacts that arrive already tagged.
 */
export function contactChangeEvents(before: ContactFacts | null, after: ContactFacts): TriggerEvent[] {
  const events: TriggerEvent[] = []
  if (before === null) events.push({ type: 'contact_created' })
  if (before !== null) {
    const keys = [...new Set([...Object.keys(before.fields), ...Object.keys(after.fields)])].sort()
    for (const field of keys) {
      const value = after.fields[field] ?? ''
      if ((before.fields[field] ?? '') !== value) events.push({ type: 'field_changed', field, value })
    }
  }
  const tagsBefore = new Set((before?.tags ?? []).map((tag) => tag.toLowerCase()))
  for (const tag of [...after.tags].sort()) if (!tagsBefore.has(tag.toLowerCase())) events.push({ type: 'tag_added', tag })
  const segmentsBefore = new Set(before?.segments ?? [])
  const segmentsAfter = new Set(after.segments)
  for (const segmentId of [...segmentsBefore].sort()) if (!segmentsAfter.has(segmentId)) events.push({ type: 'segment_left', segmentId })
  for (const segmentId of [...segmentsAfter].sort()) if (!segmentsBefore.has(segmentId)) events.push({ type: 'segment_entered', segmentId })
  if (before !== null && before.lifecycleStage !== after.lifecycleStage) events.push({ type: 'stage_changed', stage: after.lifecycleStage })
  const scoreBefore = before?.score ?? 0
  if (scoreBefore !== after.score) events.push({ type: 'score_crossed', from: scoreBefore, to: after.score })
  return events
}

/** Whether `event` enrols a contact in a workflow with `trigger` (before the trigger's filter). */
export function triggerMatches(trigger: WorkflowTrigger, event: TriggerEvent): boolean {
  if (trigger.type !== event.type) return false
  switch (event.type) {
    case 'field_changed': {
      if (!trigger.field || trigger.field !== event.field) return false
      const wanted = trigger.value ?? ''
      return wanted.trim() === '' || sameText(wanted, event.value)
    }
    case 'tag_added':
      return !!trigger.tag && sameText(trigger.tag, event.tag)
    case 'segment_entered':
    case 'segment_left':
      return !!trigger.segmentId && trigger.segmentId === event.segmentId
    case 'stage_changed':
      return !trigger.stage || trigger.stage === event.stage
    case 'score_crossed':
      // Upwards only: falling below and rising again counts again, hovering above does not.
      return trigger.threshold !== undefined && event.from < trigger.threshold && trigger.threshold <= event.to
    case 'email_opened':
    case 'email_clicked':
      return !trigger.campaignId || trigger.campaignId === event.campaignId
    case 'api_event':
      return !!trigger.eventName && sameText(trigger.eventName, event.eventName)
    case 'contact_created':
    case 'date_anniversary':
    case 'schedule':
    case 'manual':
      return true
  }
}

/** Segments whose membership the server must track for this trigger. */
export function triggerSegmentIds(trigger: WorkflowTrigger): string[] {
  switch (trigger.type) {
    case 'segment_entered':
    case 'segment_left':
    case 'schedule':
      return trigger.segmentId ? [trigger.segmentId] : []
    default:
      return []
  }
}

/**
 * The next run of a schedule trigger strictly after `after`: at `hour`:00 in its time zone, every
 * day, on `weekday` every week, or on `monthDay` every month. Null when not a complete schedule.
 */
export function nextScheduleRun(trigger: WorkflowTrigger, after: number): number | null {
  if (trigger.type !== 'schedule' || !trigger.every || trigger.hour === undefined || trigger.hour > 23) return null
  const timeZone = trigger.timeZone ?? 'UTC'
  const today = localDate(after, timeZone)
  if (!today) return null
  const runsOn = (date: CalendarDate): boolean => {
    switch (trigger.every) {
      case 'day':
        return true
      case 'week':
        return weekdayOf(date) === (trigger.weekday ?? 1)
      case 'month':
        return date.day === (trigger.monthDay ?? 1)
      default:
        return false
    }
  }
  // From yesterday: a zone's date can lag the instant's; a month holds every monthDay (≤ 28).
  for (let offset = -1; offset <= 32; offset++) {
    const date = addDays(today, offset)
    if (!runsOn(date)) continue
    const at = atLocalHour(date, trigger.hour, timeZone)
    if (at !== null && at > after) return at
  }
  return null
}

/**
 * The year key ('2026') when a date-anniversary trigger is due for `contact` at `now`: the field's
 * month and day this year, `daysBefore` days earlier, at `hour` in the zone, has passed within
 * ANNIVERSARY_GRACE_MS. Null otherwise (no date, not yet, too long ago, or the date's own year).
 * 29 February falls on 28 February in other years.
 */
export function anniversaryDue(trigger: WorkflowTrigger, contact: Contact, now: number): string | null {
  if (trigger.type !== 'date_anniversary' || !trigger.field) return null
  const timeZone = trigger.timeZone ?? 'UTC'
  const original = dateFieldValue(trigger.field, contact, timeZone)
  const today = localDate(now, timeZone)
  if (!original || !today) return null
  const moments = momentsFor(timeZone, trigger.hour ?? 9, trigger.daysBefore ?? 0)
  // daysBefore can move the moment into the previous year: the anniversary next year may be due now.
  for (const year of [today.year + 1, today.year]) {
    if (year <= original.year) continue
    const key = (year * 100 + original.month) * 100 + original.day
    let at = moments.get(key)
    if (at === undefined) {
      const anniversary = { year, month: original.month, day: Math.min(original.day, daysInMonth(year, original.month)) }
      at = atLocalHour(addDays(anniversary, -(trigger.daysBefore ?? 0)), trigger.hour ?? 9, timeZone)
      moments.set(key, at)
    }
    if (at !== null && at <= now) return now - at < ANNIVERSARY_GRACE_MS ? String(year) : null
  }
  return null
}

// An anniversary pass asks the same few hundred dates for every contact: keep each rule's moments
// by numeric date (yyyymmdd), so a pass over 100,000 contacts does no calendar work for most.
const anniversaryMoments = new Map<string, Map<number, number | null>>()

function momentsFor(timeZone: string, hour: number, daysBefore: number): Map<number, number | null> {
  const rule = `${timeZone}|${hour}|${daysBefore}`
  let moments = anniversaryMoments.get(rule)
  if (!moments || moments.size > 5_000) {
    moments = new Map()
    anniversaryMoments.set(rule, moments)
  }
  return moments
}

function dateFieldValue(field: string, contact: Contact, timeZone: string): CalendarDate | null {
  if (field === 'contact.createdAt') return contact.createdAt > 0 ? localDate(contact.createdAt, timeZone) : null
  if (!field.startsWith('custom.')) return null
  const value = contact.customFields[field.slice('custom.'.length)]
  if (typeof value !== 'string') return null
  const match = DAY_PATTERN.exec(value.trim())
  if (!match) return null
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) }
  return date.month >= 1 && date.month <= 12 && date.day >= 1 && date.day <= daysInMonth(date.year, date.month) ? date : null
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

function sameText(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase()
}

/** Custom dates are stored as YYYY-MM-DD; a value with a time part still compares by its day. */
function dayOrText(value: string): string {
  const match = DAY_PATTERN.exec(value)
  return match && value.length > 10 && value.charAt(10) === 'T' ? match[0] : value
}
