// A workspace's send rate (messages per second), shared by every campaign it is sending: each
// message reserves the next free slot, and up to a tenth of a second of unused slots may be
// caught up at once, so a short pause is not followed by a long burst.

export class RateLimiter {
  #nextSlot = 0
  #ratePerSecond: number

  constructor(
    ratePerSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#ratePerSecond = RateLimiter.#valid(ratePerSecond)
  }

  get ratePerSecond(): number {
    return this.#ratePerSecond
  }

  setRate(ratePerSecond: number): void {
    this.#ratePerSecond = RateLimiter.#valid(ratePerSecond)
  }

  /** Takes the next slot; returns how many ms to wait before sending in it. */
  reserve(): number {
    const now = this.now()
    const interval = 1000 / this.#ratePerSecond
    const catchUp = Math.max(interval, 100)
    const slot = Math.max(this.#nextSlot, now - catchUp + interval)
    this.#nextSlot = slot + interval
    return Math.max(0, slot - now)
  }

  /** Resolves when the next message may go. */
  async take(): Promise<void> {
    const wait = this.reserve()
    if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait))
  }

  static #valid(ratePerSecond: number): number {
    if (!Number.isFinite(ratePerSecond) || ratePerSecond <= 0) throw new Error(`send rate must be a positive number, got ${ratePerSecond}`)
    return ratePerSecond
  }
}
