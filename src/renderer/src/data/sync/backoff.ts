/** Exponential backoff with full jitter (capped), so many clients that lost one server do not return in lockstep. */
export interface BackoffOptions {
  baseMs: number
  maxMs: number
  /** Returns a number in [0, 1); injected so tests are deterministic. */
  random?: () => number
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, maxMs: 30_000 }

/**
 * Delay before retry number `attempt` (0 = first retry): a random point in the upper half of
 * min(max, base * 2^attempt), so the delay grows but never collapses to zero.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  const random = options.random ?? Math.random
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(Math.max(attempt, 0), 30))
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}

/** Counts consecutive failures; `next()` gives the delay for the next attempt, `reset()` after a success. */
export class Backoff {
  private attempt = 0

  constructor(private readonly options: BackoffOptions = DEFAULT_BACKOFF) {}

  next(): number {
    return backoffDelay(this.attempt++, this.options)
  }

  reset(): void {
    this.attempt = 0
  }

  get failures(): number {
    return this.attempt
  }
}
