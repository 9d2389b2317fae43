import { err, ok, type Result } from '../result'

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/
const TIME_PATTERN = /^(\d{2}):(\d{2})$/
const HOUR_MS = 3_600_000

interface WallClock {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  weekday: string
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        weekday: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      })
    } catch {
      return null
    }
    formatters.set(timeZone, formatter)
  }
  return formatter
}

function wallClock(epochMs: number, formatter: Intl.DateTimeFormat): WallClock {
  const parts: Record<string, string> = {}
  for (const part of formatter.formatToParts(epochMs)) parts[part.type] = part.value
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: parts.weekday ?? '',
  }
}

/** The zone's offset from UTC at an instant, in ms (Berlin in summer: +2 h). */
function offsetAt(epochMs: number, formatter: Intl.DateTimeFormat): number {
  const wall = wallClock(epochMs, formatter)
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second)
  return asUtc - (epochMs - (((epochMs % 1000) + 1000) % 1000))
}

/**
 * The instant a wall-clock date and time in `timeZone` stands for. Like Temporal's "compatible"
 * choice: a time skipped by a DST jump moves forward by the jump (02:30 → 03:30), and a time that
 * happens twice when clocks go back means the first of the two.
 */
export function zonedDateTimeToEpoch(date: string, time: string, timeZone: string): Result<number> {
  const dateMatch = DATE_PATTERN.exec(date.trim())
  const timeMatch = TIME_PATTERN.exec(time.trim())
  if (!dateMatch) return err(`"${date}" is not a date: use YYYY-MM-DD.`)
  if (!timeMatch) return err(`"${time}" is not a time: use HH:mm (24-hour).`)
  const [year, month, day] = [Number(dateMatch[1]), Number(dateMatch[2]), Number(dateMatch[3])]
  const [hour, minute] = [Number(timeMatch[1]), Number(timeMatch[2])]
  const wall = Date.UTC(year, month - 1, day, hour, minute)
  const check = new Date(wall)
  if (year < 1970 || check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return err(`${date} is not a real date.`)
  }
  if (hour > 23 || minute > 59) return err(`${time} is not a time of day.`)
  const formatter = formatterFor(timeZone)
  if (!formatter) return err(`Unknown time zone "${timeZone}".`)
  // Offsets either side of the wall time catch a transition between them.
  const before = wall - offsetAt(wall - 12 * HOUR_MS, formatter)
  const after = wall - offsetAt(wall + 12 * HOUR_MS, formatter)
  const valid = [before, after].filter((candidate) => localWall(candidate, formatter) === wall)
  if (valid.length > 0) return ok(Math.min(...valid))
  return ok(before)
}

function localWall(epochMs: number, formatter: Intl.DateTimeFormat): number {
  const wall = wallClock(epochMs, formatter)
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute)
}

/** The date and time a clock in `timeZone` shows at an instant, as the schedule form's fields. */
export function epochToZonedParts(epochMs: number, timeZone: string): { date: string; time: string } {
  const wall = wallClock(epochMs, formatterFor(timeZone) ?? (formatterFor('UTC') as Intl.DateTimeFormat))
  return { date: `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`, time: `${pad(wall.hour)}:${pad(wall.minute)}` }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** "Mon 30 Nov 2026, 14:05 (Europe/Berlin)"; an unknown zone shows UTC and says so. */
export function formatInTimeZone(epochMs: number, timeZone: string): string {
  const formatter = formatterFor(timeZone)
  const zone = formatter ? timeZone : 'UTC'
  const wall = wallClock(epochMs, formatter ?? (formatterFor('UTC') as Intl.DateTimeFormat))
  return `${wall.weekday} ${wall.day} ${MONTHS[wall.month - 1] ?? ''} ${wall.year}, ${pad(wall.hour)}:${pad(wall.minute)} (${zone})`
}

const FALLBACK_TIME_ZONES = [
  'UTC',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Paris',
  'Europe/Madrid',
  'Europe/Helsinki',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Africa/Johannesburg',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Singapore',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Pacific/Auckland',
]

/** Zones for the schedule picker: every IANA zone the runtime knows, UTC first. */
export function commonTimeZones(): string[] {
  const supportedValuesOf = (Intl as { supportedValuesOf?: (key: 'timeZone') => string[] }).supportedValuesOf
  const zones = supportedValuesOf ? supportedValuesOf('timeZone') : FALLBACK_TIME_ZONES
  return ['UTC', ...zones.filter((zone) => zone !== 'UTC')]
}

function pad(value: number, length = 2): string {
  return String(value).padStart(length, '0')
}
