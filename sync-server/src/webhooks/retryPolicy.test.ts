import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { afterFailure, DISABLE_AFTER_FAILURES, DISABLE_AFTER_MS, disableReason, RETRY_MAX_MS, RETRY_WINDOW_MS, retryDelayMs } from './retryPolicy'

const middle = () => 0.5

describe('retryDelayMs', () => {
  it('starts at a minute and doubles each attempt up to an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((attempt) => retryDelayMs(attempt, middle) / 60_000)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60])
  })

  it('stays within ±20 % of the backoff and never goes backwards by more than the jitter', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, random) => {
        const delay = retryDelayMs(attempt, () => random)
        const base = Math.min(60_000 * 2 ** (attempt - 1), RETRY_MAX_MS)
        return delay >= base * 0.8 - 1 && delay <= base * 1.2 + 1
      }),
    )
  })
})

describe('afterFailure', () => {
  it('retries within 24 hours of the first attempt, then gives up', () => {
    expect(afterFailure(1, 0, 0, middle)).toEqual({ kind: 'retry', nextAttemptAt: 60_000 })
    expect(afterFailure(30, 0, RETRY_WINDOW_MS - 2 * RETRY_MAX_MS, middle)).toMatchObject({ kind: 'retry' })
    expect(afterFailure(30, 0, RETRY_WINDOW_MS - 1_000, middle)).toEqual({ kind: 'failed' })
  })

  it('never schedules a retry past the window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: RETRY_WINDOW_MS * 2 }), (attempt, elapsed) => {
        const outcome = afterFailure(attempt, 1_000, 1_000 + elapsed)
        return outcome.kind === 'failed' || (outcome.nextAttemptAt > 1_000 + elapsed && outcome.nextAttemptAt <= 1_000 + RETRY_WINDOW_MS)
      }),
    )
  })
})

describe('disableReason', () => {
  const health = (consecutiveFailures: number, failingSince: number | null, enabled = true) => ({ enabled, consecutiveFailures, failingSince })

  it(`disables after ${DISABLE_AFTER_FAILURES} failures in a row spanning an hour, not sooner`, () => {
    expect(disableReason(health(DISABLE_AFTER_FAILURES, 0), DISABLE_AFTER_MS)).toContain('Disabled after 15 failed attempts in a row over 1 hour')
    expect(disableReason(health(DISABLE_AFTER_FAILURES - 1, 0), DISABLE_AFTER_MS * 5)).toBeNull()
    // A burst of failures during a short outage does not switch the endpoint off.
    expect(disableReason(health(500, 0), DISABLE_AFTER_MS - 1)).toBeNull()
    expect(disableReason(health(500, null), DISABLE_AFTER_MS * 5)).toBeNull()
    expect(disableReason(health(500, 0, false), DISABLE_AFTER_MS * 5)).toBeNull()
  })
})
