import fc from 'fast-check'
import { addDays, compare, customRange, dayBoundaries, dayIndex, dayKeys, localDayKey, presetRange, previousPeriod, rangeDays, rangeForPreset } from './period'

const DAY = 86_400_000
// Any instant from 2000 to 2040: covers leap years and every DST change of the test machine's zone.
const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) })

describe('presetRange', () => {
  it('covers the last N days including today, from local midnight to the end of today', () => {
    const now = new Date(2025, 4, 10, 15, 30).getTime()
    const range = presetRange(7, now)
    expect(new Date(range.from)).toEqual(new Date(2025, 4, 4))
    expect(new Date(range.to + 1)).toEqual(new Date(2025, 4, 11))
  })

  it('always spans exactly N local days and contains now', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(7, 30, 90, 365), (now, days) => {
        const range = presetRange(days, now)
        expect(rangeDays(range)).toBe(days)
        expect(range.from <= now && now <= range.to).toBe(true)
      }),
    )
  })
})

describe('rangeForPreset', () => {
  const now = new Date(2025, 4, 10, 9).getTime()
  it('gives the preset range, or the custom one when valid', () => {
    expect(rangeForPreset('30d', now, { from: '', to: '' })).toEqual({ ok: true, value: presetRange(30, now) })
    const custom = rangeForPreset('custom', now, { from: '2025-01-01', to: '2025-01-31' })
    expect(custom.ok && rangeDays(custom.value)).toBe(31)
  })

  it('explains a custom range that is not one', () => {
    expect(rangeForPreset('custom', now, { from: '2025-02-01', to: '2025-01-01' })).toEqual({ ok: false, error: 'The start date is after the end date.' })
    expect(customRange('2020-01-01', '2025-01-01')).toEqual({ ok: false, error: 'Choose at most three years.' })
    expect(customRange('2025-1-1', '2025-01-02').ok).toBe(false)
  })
})

describe('previousPeriod', () => {
  it('is the same number of days, ending the millisecond before the range starts', () => {
    const range = presetRange(7, new Date(2025, 4, 10, 15).getTime())
    const previous = previousPeriod(range)
    expect(new Date(previous.from)).toEqual(new Date(2025, 3, 27))
    expect(previous.to).toBe(range.from - 1)
  })

  it('never overlaps the range and has as many days, in any zone and across DST changes', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 400 }), (now, days) => {
        const range = presetRange(days, now)
        const previous = previousPeriod(range)
        expect(rangeDays(previous)).toBe(days)
        expect(previous.to + 1).toBe(range.from)
        expect(localDayKey(previous.from)).toBe(localDayKey(addDays(range.from, -days)))
      }),
    )
  })
})

describe('compare', () => {
  it('gives the change and its ratio to the previous value', () => {
    expect(compare(150, 100)).toEqual({ value: 150, previous: 100, delta: 50, deltaRatio: 0.5 })
    expect(compare(50, 100)).toEqual({ value: 50, previous: 100, delta: -50, deltaRatio: -0.5 })
  })

  it('has no ratio when the previous period was zero', () => {
    expect(compare(5, 0)).toEqual({ value: 5, previous: 0, delta: 5, deltaRatio: null })
  })

  it('keeps the sign of the change whatever the sign of the previous value', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: -1e9, max: 1e9 }), (value, previous) => {
        const result = compare(value, previous)
        expect(result.delta).toBe(value - previous)
        if (result.deltaRatio !== null) expect(Math.sign(result.deltaRatio)).toBe(Math.sign(result.delta))
      }),
    )
  })
})

describe('dayIndex', () => {
  it('puts every instant on the same day as its local day key', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 120 }), fc.integer({ min: -130 * DAY, max: 2 * DAY }), (now, days, offset) => {
        const range = presetRange(days, now)
        const boundaries = dayBoundaries(range)
        const at = now + offset
        const index = dayIndex(boundaries, at)
        const keys = dayKeys(range.from, range.to)
        if (at < range.from || at > range.to) expect(index).toBe(-1)
        else expect(keys[index]).toBe(localDayKey(at))
      }),
    )
  })

  it('is -1 for an empty list of boundaries', () => {
    expect(dayIndex([], 5)).toBe(-1)
    expect(dayIndex([1], 1)).toBe(-1)
  })
})
