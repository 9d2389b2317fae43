import { epochToZonedParts, zonedDateTimeToEpoch } from '../campaigns/scheduleTime'

// Calendar arithmetic in a time zone for waits, schedules and anniversaries, on top of the
// campaign scheduler's DST-safe conversions (a wall time skipped by a DST jump moves forward).

export interface CalendarDate {
  year: number
  /** 1–12 */
  month: number
  day: number
}

export const DAY_MS = 86_400_000

/** The date a clock in `timeZone` shows at an instant; null for an unknown zone. */
export function localDate(epochMs: number, timeZone: string): CalendarDate | null {
  return localDateTime(epochMs, timeZone)?.date ?? null
}

// Intl formatting costs tens of microseconds a call and the server asks about many contacts at the
// same instant (an anniversary pass) or the same local hours (window waits): remember recent answers.
const lastLocal = new Map<string, { epochMs: number; value: { date: CalendarDate; hour: number } }>()
const hourInstants = new Map<string, number | null>()
const HOUR_INSTANTS_KEPT = 10_000

/** The date and hour a clock in `timeZone` shows at an instant; null for an unknown zone. */
export function localDateTime(epochMs: number, timeZone: string): { date: CalendarDate; hour: number } | null {
  if (!isKnownTimeZone(timeZone)) return null
  const last = lastLocal.get(timeZone)
  if (last && last.epochMs === epochMs) return last.value
  const { date, time } = epochToZonedParts(epochMs, timeZone)
  const [year, month, day] = date.split('-').map(Number)
  const value = { date: { year: year ?? 1970, month: month ?? 1, day: day ?? 1 }, hour: Number(time.slice(0, 2)) }
  lastLocal.set(timeZone, { epochMs, value })
  return value
}

/** `date` moved by whole calendar days (month and year roll over). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days))
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() }
}

/** 0 = Sunday. */
export function weekdayOf(date: CalendarDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay()
}

/** The instant `hour`:00 of `date` starts in `timeZone` (hour 24 = the next day's midnight); null for an unknown zone. */
export function atLocalHour(date: CalendarDate, hour: number, timeZone: string): number | null {
  if (hour >= 24) return atLocalHour(addDays(date, 1), hour - 24, timeZone)
  const key = `${timeZone}|${isoDate(date)}|${hour}`
  const known = hourInstants.get(key)
  if (known !== undefined) return known
  const result = zonedDateTimeToEpoch(isoDate(date), `${pad(Math.max(0, Math.floor(hour)))}:00`, timeZone)
  const instant = result.ok ? result.value : null
  if (hourInstants.size >= HOUR_INSTANTS_KEPT) hourInstants.clear()
  hourInstants.set(key, instant)
  return instant
}

export function isoDate(date: CalendarDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`
}

const knownZones = new Map<string, boolean>()

export function isKnownTimeZone(timeZone: string): boolean {
  let known = knownZones.get(timeZone)
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone })
      known = true
    } catch {
      known = false
    }
    knownZones.set(timeZone, known)
  }
  return known
}

function pad(value: number, length = 2): string {
  return String(value).padStart(length, '0')
}
