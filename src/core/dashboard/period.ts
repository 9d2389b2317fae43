import { err, ok, type Result } from '../result'

// Date ranges shared by the home dashboard and Analytics: the presets, a custom from–to, the
// period just before a range, and "this period vs the previous one". Days are local days of the
// device's zone (what "the last 7 days" means to the person looking), so every step is done with
// Date's calendar arithmetic, which crosses daylight-saving changes correctly.

export const RANGE_PRESETS = [
  { id: '7d', label: '7 days', days: 7 },
  { id: '30d', label: '30 days', days: 30 },
  { id: '90d', label: '90 days', days: 90 },
  { id: '1y', label: '1 year', days: 365 },
  { id: 'custom', label: 'Custom', days: 0 },
] as const
export type RangePresetId = (typeof RANGE_PRESETS)[number]['id']

export interface DateRange {
  /** Local midnight of the first day. */
  from: number
  /** Last millisecond of the last day. */
  to: number
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/
/** A custom range longer than this is refused (charts of one bar per day stop being readable). */
export const MAX_CUSTOM_RANGE_DAYS = 3 * 366

/** YYYY-MM-DD of `at` in the device's zone. */
export function localDayKey(at: number): string {
  const date = new Date(at)
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`
}

/** Local midnight of a YYYY-MM-DD day. */
export function dayStart(day: string): number {
  const [year, month, date] = day.split('-').map(Number)
  return new Date(year ?? 1970, (month ?? 1) - 1, date ?? 1).getTime()
}

/** The last millisecond of a YYYY-MM-DD day. */
export function endOfDay(day: string): number {
  const next = new Date(dayStart(day))
  next.setDate(next.getDate() + 1)
  return next.getTime() - 1
}

/** Local midnight `days` calendar days after (or before, when negative) the day of `at`. */
export function addDays(at: number, days: number): number {
  const date = new Date(dayStart(localDayKey(at)))
  date.setDate(date.getDate() + days)
  return date.getTime()
}

/** Every local day from `from` to `to`, inclusive (setDate steps over DST changes correctly). */
export function dayKeys(from: number, to: number): string[] {
  const days: string[] = []
  const cursor = new Date(dayStart(localDayKey(from)))
  const lastDay = localDayKey(to)
  for (let guard = 0; guard < 5_000; guard++) {
    const key = localDayKey(cursor.getTime())
    days.push(key)
    if (key >= lastDay) break
    cursor.setDate(cursor.getDate() + 1)
  }
  return days
}

/** The number of local days a range covers. */
export function rangeDays(range: DateRange): number {
  return dayKeys(range.from, range.to).length
}

/** The last `days` days up to and including today, in the device's zone. */
export function presetRange(days: number, now: number): DateRange {
  return { from: addDays(now, -(days - 1)), to: endOfDay(localDayKey(now)) }
}

/** Two YYYY-MM-DD days (inclusive), or why they do not make a range. */
export function customRange(fromDay: string, toDay: string): Result<DateRange> {
  if (!DAY_PATTERN.test(fromDay) || !DAY_PATTERN.test(toDay)) return err('Choose a start and an end date.')
  if (Number.isNaN(dayStart(fromDay)) || Number.isNaN(dayStart(toDay))) return err('Choose a start and an end date.')
  if (fromDay > toDay) return err('The start date is after the end date.')
  const range = { from: dayStart(fromDay), to: endOfDay(toDay) }
  if (rangeDays(range) > MAX_CUSTOM_RANGE_DAYS) return err('Choose at most three years.')
  return ok(range)
}

/**
 * The range a preset (or the custom from–to) stands for on the day of `now`; an error for a
 * custom range that is not one.
 */
export function rangeForPreset(preset: RangePresetId, now: number, custom: { from: string; to: string }): Result<DateRange> {
  if (preset === 'custom') return customRange(custom.from, custom.to)
  const days = RANGE_PRESETS.find((option) => option.id === preset)?.days ?? 30
  return ok(presetRange(days, now))
}

/** The same number of days immediately before `range` (the 7 days before "the last 7 days"). */
export function previousPeriod(range: DateRange): DateRange {
  const days = rangeDays(range)
  return { from: addDays(range.from, -days), to: range.from - 1 }
}

export interface Comparison {
  value: number
  previous: number
  /** value − previous. */
  delta: number
  /** delta / |previous|; null when the previous period had nothing to compare with (0 → 5 is not "+∞ %"). */
  deltaRatio: number | null
}

export function compare(current: number, previous: number): Comparison {
  const delta = current - previous
  return { value: current, previous, delta, deltaRatio: previous === 0 ? null : delta / Math.abs(previous) }
}

/**
 * Local-midnight boundaries of every day of a range plus the end: a value at `at` falls on day i
 * when boundaries[i] ≤ at < boundaries[i + 1]. Lets a pass over 100,000 timestamps bucket them by
 * day with a binary search instead of building a Date per timestamp.
 */
export function dayBoundaries(range: DateRange): number[] {
  const days = dayKeys(range.from, range.to)
  const boundaries = days.map(dayStart)
  boundaries.push(range.to + 1)
  return boundaries
}

/** Index of the day `at` falls on, or -1 outside the boundaries. */
export function dayIndex(boundaries: readonly number[], at: number): number {
  const last = boundaries.length - 1
  if (last < 1 || at < boundaries[0]! || at >= boundaries[last]!) return -1
  let low = 0
  let high = last - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if (boundaries[middle]! <= at) low = middle
    else high = middle - 1
  }
  return low
}
