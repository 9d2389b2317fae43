import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { addDays, atLocalHour, isKnownTimeZone, localDate, weekdayOf } from './zonedTime'

describe('zonedTime', () => {
  it('reads the local date of an instant, or null for an unknown zone', () => {
    // 23:30 UTC on 30 Nov is already 1 Dec in Tokyo and still 30 Nov in New York.
    const instant = Date.UTC(2026, 10, 30, 23, 30)
    expect(localDate(instant, 'Asia/Tokyo')).toEqual({ year: 2026, month: 12, day: 1 })
    expect(localDate(instant, 'America/New_York')).toEqual({ year: 2026, month: 11, day: 30 })
    expect(localDate(instant, 'Atlantis/Capital')).toBeNull()
    expect(isKnownTimeZone('Europe/Berlin')).toBe(true)
  })

  it('moves across months and years and knows the weekday', () => {
    expect(addDays({ year: 2026, month: 12, day: 31 }, 1)).toEqual({ year: 2027, month: 1, day: 1 })
    expect(addDays({ year: 2028, month: 3, day: 1 }, -1)).toEqual({ year: 2028, month: 2, day: 29 })
    expect(weekdayOf({ year: 2026, month: 11, day: 30 })).toBe(1)
  })

  it('gives the instant of a local hour, hour 24 being the next midnight, across DST', () => {
    expect(atLocalHour({ year: 2026, month: 7, day: 1 }, 9, 'Europe/Berlin')).toBe(Date.UTC(2026, 6, 1, 7))
    expect(atLocalHour({ year: 2026, month: 12, day: 31 }, 24, 'UTC')).toBe(Date.UTC(2027, 0, 1))
    // 02:00 does not exist in Berlin on 29 Mar 2026: it moves forward to 03:00 CEST.
    expect(atLocalHour({ year: 2026, month: 3, day: 29 }, 2, 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 1))
  })

  it('round-trips: the local hour of a date falls on that date', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3650 }),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom('UTC', 'Europe/Berlin', 'America/Los_Angeles', 'Australia/Sydney', 'Asia/Kolkata'),
        (offset, hour, timeZone) => {
          const date = addDays({ year: 2025, month: 1, day: 1 }, offset)
          const at = atLocalHour(date, hour, timeZone)
          expect(at).not.toBeNull()
          expect(localDate(at as number, timeZone)).toEqual(date)
        },
      ),
      { numRuns: 300 },
    )
  })
})
