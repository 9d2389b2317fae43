import { Backoff, backoffDelay } from './backoff'

describe('backoff', () => {
  const options = { baseMs: 1_000, maxMs: 30_000 }

  it('doubles the ceiling per failure and caps it at 30 s', () => {
    const highest = (attempt: number) => backoffDelay(attempt, { ...options, random: () => 0.999999 })
    expect([0, 1, 2, 3, 4, 5, 6, 10].map(highest)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000])
  })

  it('jitters within the upper half, so clients that lost the same server do not return in lockstep', () => {
    expect(backoffDelay(3, { ...options, random: () => 0 })).toBe(4_000)
    expect(backoffDelay(3, { ...options, random: () => 0.5 })).toBe(6_000)
    const seen = new Set(Array.from({ length: 50 }, () => backoffDelay(3, options)))
    expect(seen.size).toBeGreaterThan(1)
    for (const delay of seen) expect(delay >= 4_000 && delay <= 8_000).toBe(true)
  })

  it('grows with consecutive failures and starts over after a success', () => {
    const backoff = new Backoff({ ...options, random: () => 0 })
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([500, 1_000, 2_000])
    expect(backoff.failures).toBe(3)
    backoff.reset()
    expect(backoff.next()).toBe(500)
  })

  it('never goes negative or overflows for absurd attempt numbers', () => {
    expect(backoffDelay(-3, { ...options, random: () => 0 })).toBe(500)
    expect(backoffDelay(10_000, { ...options, random: () => 0 })).toBe(15_000)
  })
})
