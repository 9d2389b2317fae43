import { describe, expect, it } from 'vitest'
import { RateLimiter } from './rateLimiter'

describe('RateLimiter', () => {
  it('spaces messages at the rate once the catch-up allowance is used', () => {
    let now = 10_000
    const limiter = new RateLimiter(10, () => now)
    const waits = Array.from({ length: 5 }, () => limiter.reserve())
    // 10/s: one slot per 100 ms; the first goes now, then every 100 ms.
    expect(waits).toEqual([0, 100, 200, 300, 400])
    now += 1_000
    expect(limiter.reserve()).toBe(0)
  })

  it('sends no more than the rate (plus 100 ms of catch-up) in any second', () => {
    const now = 0
    const limiter = new RateLimiter(200, () => now)
    let sentWithinOneSecond = 0
    for (let i = 0; i < 1_000; i += 1) {
      const wait = limiter.reserve()
      if (wait < 1_000) sentWithinOneSecond += 1
    }
    expect(sentWithinOneSecond).toBeGreaterThanOrEqual(200)
    expect(sentWithinOneSecond).toBeLessThanOrEqual(200 + 20)
  })

  it('an idle spell does not bank more than 100 ms of slots', () => {
    let now = 0
    const limiter = new RateLimiter(100, () => now)
    limiter.reserve()
    now = 60_000
    const immediate = Array.from({ length: 30 }, () => limiter.reserve()).filter((wait) => wait === 0)
    expect(immediate.length).toBeLessThanOrEqual(11)
  })

  it('refuses a rate that is not a positive number', () => {
    expect(() => new RateLimiter(0)).toThrow(/positive/)
    expect(() => new RateLimiter(Number.NaN)).toThrow(/positive/)
  })
})
