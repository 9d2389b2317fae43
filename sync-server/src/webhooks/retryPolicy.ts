// When a failed delivery is tried again, when it is given up, and when an endpoint that keeps
// failing is switched off. Pure; times are epoch ms.

export const RETRY_BASE_MS = 60_000
export const RETRY_MAX_MS = 60 * 60_000
/** Deliveries are retried until this long after their first attempt, then marked failed. */
export const RETRY_WINDOW_MS = 24 * 60 * 60_000
/**
 * An endpoint is disabled after this many failed attempts in a row (over all its deliveries)...
 * ...spanning at least this long: a receiver down for a short deploy is not switched off, one
 * down for an hour or more that keeps refusing is. Its queued deliveries wait for "Re-enable".
 */
export const DISABLE_AFTER_FAILURES = 15
export const DISABLE_AFTER_MS = 60 * 60_000

/** Delay before attempt `attempt + 1`: 1 min doubling per attempt, capped at 1 h, ±20 % jitter. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1), RETRY_MAX_MS)
  return Math.round(base * (0.8 + 0.4 * random()))
}

export type FailedAttemptOutcome = { kind: 'retry'; nextAttemptAt: number } | { kind: 'failed' }

/** After failed attempt number `attempt`: try again (not past the 24 h window) or give up. */
export function afterFailure(attempt: number, firstAttemptAt: number, now: number, random: () => number = Math.random): FailedAttemptOutcome {
  const nextAttemptAt = now + retryDelayMs(attempt, random)
  return nextAttemptAt > firstAttemptAt + RETRY_WINDOW_MS ? { kind: 'failed' } : { kind: 'retry', nextAttemptAt }
}

/** The notice shown on an endpoint switched off for failing, or null while it may carry on. */
export function disableReason(health: { enabled: boolean; consecutiveFailures: number; failingSince: number | null }, now: number): string | null {
  if (!health.enabled || health.failingSince === null) return null
  const failingFor = now - health.failingSince
  if (health.consecutiveFailures < DISABLE_AFTER_FAILURES || failingFor < DISABLE_AFTER_MS) return null
  const hours = Math.floor(failingFor / 3_600_000)
  return `Disabled after ${health.consecutiveFailures} failed attempts in a row over ${hours} hour${hours === 1 ? '' : 's'}. Fix the receiver, then re-enable it: waiting deliveries go out again.`
}
