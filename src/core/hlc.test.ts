import fc from 'fast-check'
import {
  clampStamp,
  compareStamps,
  createHlc,
  formatStamp,
  HlcClock,
  isStamp,
  MAX_CLOCK_DRIFT_MS,
  parseStamp,
  receiveHlc,
  tickHlc,
  ZERO_STAMP,
  type Hlc,
} from './hlc'

const T0 = 1_767_225_600_000 // 2026-01-01T00:00:00Z

const hlcArb: fc.Arbitrary<Hlc> = fc.record({
  wallMs: fc.integer({ min: 0, max: 10 ** 15 - 1 }),
  counter: fc.integer({ min: 0, max: 99_999 }),
  node: fc.stringMatching(/^[A-Za-z0-9_.:]{1,12}$/),
})

function compareClocks(a: Hlc, b: Hlc): number {
  if (a.wallMs !== b.wallMs) return a.wallMs < b.wallMs ? -1 : 1
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1
  return a.node < b.node ? -1 : a.node > b.node ? 1 : 0
}

describe('stamp format', () => {
  it('is a 15-digit wall time, a 5-digit counter and the node id', () => {
    const stamp = formatStamp({ wallMs: T0, counter: 7, node: 'laptop_1' })
    expect(stamp).toBe('001767225600000-00007-laptop_1')
    expect(stamp).toMatch(/^\d{15}-\d{5}-.+$/)
    expect(isStamp(stamp)).toBe(true)
    expect(parseStamp(stamp)).toEqual({ wallMs: T0, counter: 7, node: 'laptop_1' })
  })

  it('rejects strings that are not stamps', () => {
    expect(parseStamp('1767225600000-7-a')).toBeNull()
    expect(parseStamp('001767225600000-00007-')).toBeNull()
    expect(isStamp('001767225600000-00007-no spaces')).toBe(false)
  })

  it('ZERO_STAMP sorts before any real stamp', () => {
    expect(isStamp(ZERO_STAMP)).toBe(true)
    expect(compareStamps(ZERO_STAMP, formatStamp({ wallMs: 1, counter: 0, node: 'a' }))).toBe(-1)
  })

  it('round-trips through parseStamp', () => {
    fc.assert(
      fc.property(hlcArb, (clock) => {
        expect(parseStamp(formatStamp(clock))).toEqual(clock)
      }),
    )
  })

  it('plain string order is clock order', () => {
    fc.assert(
      fc.property(hlcArb, hlcArb, (a, b) => {
        expect(compareStamps(formatStamp(a), formatStamp(b))).toBe(compareClocks(a, b))
      }),
    )
  })

  it('refuses node ids that would break parsing', () => {
    expect(() => createHlc('has space')).toThrow()
    expect(() => createHlc('')).toThrow()
    expect(createHlc('node_1').counter).toBe(0)
  })
})

describe('tickHlc', () => {
  it('follows the physical clock when it moves forward', () => {
    const next = tickHlc(createHlc('a', T0), T0 + 5)
    expect(next).toEqual({ wallMs: T0 + 5, counter: 0, node: 'a' })
  })

  it('stays monotonic when the physical clock stalls or goes backwards', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: T0 - 10_000, max: T0 + 10_000 }), { minLength: 1, maxLength: 200 }), (readings) => {
        let clock = createHlc('a')
        let previous = formatStamp(clock)
        for (const now of readings) {
          clock = tickHlc(clock, now)
          const stamp = formatStamp(clock)
          expect(stamp > previous).toBe(true)
          previous = stamp
        }
      }),
    )
  })

  it('borrows a millisecond instead of wrapping when the counter overflows', () => {
    const full: Hlc = { wallMs: T0, counter: 99_999, node: 'a' }
    const next = tickHlc(full, T0 - 1_000)
    expect(next).toEqual({ wallMs: T0 + 1, counter: 0, node: 'a' })
    expect(formatStamp(next) > formatStamp(full)).toBe(true)
  })
})

describe('receiveHlc', () => {
  it('produces a stamp greater than both the local and the remote stamp', () => {
    fc.assert(
      fc.property(
        hlcArb.map((c) => ({ ...c, wallMs: T0 + (c.wallMs % 100_000) })),
        hlcArb.map((c) => ({ ...c, wallMs: T0 + (c.wallMs % 100_000) })),
        fc.integer({ min: T0 - 100_000, max: T0 + 100_000 }),
        (local, remote, now) => {
          const next = receiveHlc(local, formatStamp(remote), now)
          const stamp = formatStamp(next)
          expect(stamp > formatStamp(local)).toBe(true)
          expect(stamp > formatStamp(remote)).toBe(true)
          expect(next.node).toBe(local.node)
        },
      ),
    )
  })

  it('moves past a remote stamp whose counter is full', () => {
    const remote = formatStamp({ wallMs: T0, counter: 99_999, node: 'b' })
    const next = receiveHlc(createHlc('a', T0), remote, T0)
    expect(next).toEqual({ wallMs: T0 + 1, counter: 0, node: 'a' })
  })

  it('caps a remote wall time far in the future at now + MAX_CLOCK_DRIFT_MS', () => {
    const yearsAhead = formatStamp({ wallMs: T0 + 3 * 365 * 86_400_000, counter: 42, node: 'b' })
    const next = receiveHlc(createHlc('a', T0), yearsAhead, T0)
    expect(next).toEqual({ wallMs: T0 + MAX_CLOCK_DRIFT_MS, counter: 1, node: 'a' })
    // Local edits made afterwards are stamped from the capped time, not years ahead.
    expect(tickHlc(next, T0 + 1000).wallMs).toBeLessThanOrEqual(T0 + MAX_CLOCK_DRIFT_MS)
  })

  it('believes a remote clock within the allowed drift', () => {
    const ahead = { wallMs: T0 + MAX_CLOCK_DRIFT_MS - 1, counter: 3, node: 'b' }
    expect(receiveHlc(createHlc('a', T0), formatStamp(ahead), T0)).toEqual({ ...ahead, counter: 4, node: 'a' })
  })

  it('treats an unreadable remote stamp as a local tick', () => {
    expect(receiveHlc(createHlc('a', T0), 'garbage', T0 + 1)).toEqual({ wallMs: T0 + 1, counter: 0, node: 'a' })
  })
})

describe('clampStamp', () => {
  it('leaves stamps within the drift window alone', () => {
    const stamp = formatStamp({ wallMs: T0 + MAX_CLOCK_DRIFT_MS, counter: 9, node: 'b' })
    expect(clampStamp(stamp, T0)).toBe(stamp)
  })

  it('caps a stamp from the far future, keeping its node', () => {
    const stamp = formatStamp({ wallMs: T0 + 10 * MAX_CLOCK_DRIFT_MS, counter: 9, node: 'b' })
    expect(clampStamp(stamp, T0)).toBe(formatStamp({ wallMs: T0 + MAX_CLOCK_DRIFT_MS, counter: 0, node: 'b' }))
  })

  it('never raises a stamp and never exceeds the limit', () => {
    fc.assert(
      fc.property(hlcArb, fc.integer({ min: 0, max: 10 ** 14 }), (clock, now) => {
        const stamp = formatStamp(clock)
        const clamped = clampStamp(stamp, now)
        expect(clamped <= stamp).toBe(true)
        if (clock.wallMs <= now + MAX_CLOCK_DRIFT_MS) expect(clamped).toBe(stamp)
        else expect(parseStamp(clamped)).toEqual({ wallMs: now + MAX_CLOCK_DRIFT_MS, counter: 0, node: clock.node })
      }),
    )
  })

  it('passes non-stamps through unchanged', () => {
    expect(clampStamp('not a stamp', T0)).toBe('not a stamp')
  })
})

describe('HlcClock', () => {
  it('issues strictly increasing stamps and folds in remote ones', () => {
    let physical = T0
    const clock = new HlcClock('device_a', () => physical)
    const first = clock.now()
    physical -= 5_000 // the OS clock jumps back
    const second = clock.now()
    expect(second > first).toBe(true)
    const remote = formatStamp({ wallMs: T0 + 60_000, counter: 5, node: 'device_b' })
    clock.receive(remote)
    const third = clock.now()
    expect(third > remote).toBe(true)
    expect(clock.node).toBe('device_a')
  })
})
