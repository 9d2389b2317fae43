import { describe, expect, it } from 'vitest'
import { commonTimeZones, epochToZonedParts, formatInTimeZone, zonedDateTimeToEpoch } from './scheduleTime'

describe('zonedDateTimeToEpoch', () => {
  it('converts wall time in a zone to the instant, on both sides of a DST change', () => {
    // Berlin: CET (+1) until 29 Mar 2026 02:00, then CEST (+2).
    expect(zonedDateTimeToEpoch('2026-03-28', '14:05', 'Europe/Berlin')).toEqual({ ok: true, value: Date.UTC(2026, 2, 28, 13, 5) })
    expect(zonedDateTimeToEpoch('2026-03-30', '14:05', 'Europe/Berlin')).toEqual({ ok: true, value: Date.UTC(2026, 2, 30, 12, 5) })
    expect(zonedDateTimeToEpoch('2026-11-30', '09:00', 'America/New_York')).toEqual({ ok: true, value: Date.UTC(2026, 10, 30, 14, 0) })
    expect(zonedDateTimeToEpoch('2026-07-01', '00:00', 'UTC')).toEqual({ ok: true, value: Date.UTC(2026, 6, 1) })
  })

  it('moves a time skipped by the spring-forward jump forward by the jump', () => {
    // 02:30 does not exist in Berlin on 29 Mar 2026; it becomes 03:30 CEST = 01:30 UTC.
    expect(zonedDateTimeToEpoch('2026-03-29', '02:30', 'Europe/Berlin')).toEqual({ ok: true, value: Date.UTC(2026, 2, 29, 1, 30) })
    // New York skips 02:00–03:00 on 8 Mar 2026.
    expect(zonedDateTimeToEpoch('2026-03-08', '02:15', 'America/New_York')).toEqual({ ok: true, value: Date.UTC(2026, 2, 8, 7, 15) })
  })

  it('takes the first of two instants when clocks go back', () => {
    // 02:30 happens twice in Berlin on 25 Oct 2026: first CEST (00:30 UTC), then CET (01:30 UTC).
    expect(zonedDateTimeToEpoch('2026-10-25', '02:30', 'Europe/Berlin')).toEqual({ ok: true, value: Date.UTC(2026, 9, 25, 0, 30) })
    expect(zonedDateTimeToEpoch('2026-11-01', '01:30', 'America/New_York')).toEqual({ ok: true, value: Date.UTC(2026, 10, 1, 5, 30) })
  })

  it('round-trips with epochToZonedParts for every hour across a DST change', () => {
    for (let hour = 0; hour < 72; hour++) {
      const instant = Date.UTC(2026, 9, 24) + hour * 3_600_000
      const parts = epochToZonedParts(instant, 'Europe/Berlin')
      const back = zonedDateTimeToEpoch(parts.date, parts.time, 'Europe/Berlin')
      expect(back.ok).toBe(true)
      // Only the repeated hour maps back to its first occurrence.
      if (back.ok) expect([instant, instant - 3_600_000]).toContain(back.value)
    }
  })

  it('rejects bad input with a message', () => {
    expect(zonedDateTimeToEpoch('2026-02-30', '10:00', 'UTC')).toEqual({ ok: false, error: '2026-02-30 is not a real date.' })
    expect(zonedDateTimeToEpoch('30/11/2026', '10:00', 'UTC').ok).toBe(false)
    expect(zonedDateTimeToEpoch('2026-11-30', '24:00', 'UTC').ok).toBe(false)
    expect(zonedDateTimeToEpoch('2026-11-30', '9:00', 'UTC').ok).toBe(false)
    expect(zonedDateTimeToEpoch('2026-11-30', '10:00', 'Mars/Olympus')).toEqual({ ok: false, error: 'Unknown time zone "Mars/Olympus".' })
  })
})

describe('formatting', () => {
  it('formats an instant for people, with the zone', () => {
    expect(formatInTimeZone(Date.UTC(2026, 10, 30, 13, 5), 'Europe/Berlin')).toBe('Mon 30 Nov 2026, 14:05 (Europe/Berlin)')
    expect(formatInTimeZone(Date.UTC(2026, 6, 1, 23, 5), 'Europe/Berlin')).toBe('Thu 2 Jul 2026, 01:05 (Europe/Berlin)')
    expect(formatInTimeZone(Date.UTC(2026, 6, 1, 23, 5), 'Nowhere/Zone')).toBe('Wed 1 Jul 2026, 23:05 (UTC)')
  })

  it('gives the form fields of an instant', () => {
    expect(epochToZonedParts(Date.UTC(2026, 2, 29, 1, 30), 'Europe/Berlin')).toEqual({ date: '2026-03-29', time: '03:30' })
    expect(epochToZonedParts(Date.UTC(2026, 0, 1, 0, 0), 'America/Los_Angeles')).toEqual({ date: '2025-12-31', time: '16:00' })
  })

  it('lists time zones with UTC first', () => {
    const zones = commonTimeZones()
    expect(zones[0]).toBe('UTC')
    expect(zones).toContain('Europe/Berlin')
    expect(new Set(zones).size).toBe(zones.length)
  })
})
