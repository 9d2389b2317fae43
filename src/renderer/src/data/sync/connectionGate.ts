import { Backoff } from './backoff'
import type { NetworkSignals } from './network'

export class GateClosedError extends Error {
  constructor() {
    super('sync stopped')
    this.name = 'GateClosedError'
  }
}

/**
 * Decides when a request to the sync server may go out, for every request of one engine (pulls,
 * pushes, the stream): never while the OS says offline, not before the shared backoff has run
 * out, and — while the server is not known to answer — one request at a time, so an unreachable
 * server sees (and the browser console shows) one probe per backoff step rather than a burst.
 * Whoever passes must report what happened: answered, unanswered or released.
 */
export class ConnectionGate {
  private reachable = false
  private probing = false
  private blockedUntil = 0
  private stopped = false
  private readonly waiters = new Set<() => void>()

  constructor(
    private readonly network: NetworkSignals,
    private readonly backoff: Backoff,
    private readonly now: () => number = Date.now,
    /** Called whenever a request is held back because the OS says offline. */
    private readonly onOffline: () => void = () => undefined,
  ) {}

  /** Resolves when a request may go out; rejects with GateClosedError once stopped. */
  async pass(): Promise<void> {
    for (;;) {
      if (this.stopped) throw new GateClosedError()
      if (!this.network.isOnline()) {
        this.onOffline()
        await this.wait(null)
        continue
      }
      const wait = this.blockedUntil - this.now()
      if (wait > 0) {
        await this.wait(wait)
        continue
      }
      if (this.reachable) return
      if (!this.probing) {
        this.probing = true
        return
      }
      await this.wait(null)
    }
  }

  /** The server answered (`ok`: with success). An error status still backs off. */
  answered(ok: boolean): void {
    this.reachable = true
    this.probing = false
    if (ok) {
      this.backoff.reset()
      this.blockedUntil = 0
    } else {
      this.blockedUntil = this.now() + this.backoff.next()
    }
    this.wakeAll()
  }

  /** No answer (refused, timed out, DNS): back off and probe again singly. */
  unanswered(): void {
    this.reachable = false
    this.probing = false
    this.blockedUntil = this.now() + this.backoff.next()
    this.wakeAll()
  }

  /** The request ended without telling anything (aborted): let another one try. */
  released(): void {
    if (!this.probing) return
    this.probing = false
    this.wakeAll()
  }

  /** "Retry", "Sync now" or the network came back: end the backoff wait now. */
  retryNow(): void {
    this.backoff.reset()
    this.blockedUntil = 0
    this.wakeAll()
  }

  stop(): void {
    this.stopped = true
    this.wakeAll()
  }

  get isReachable(): boolean {
    return this.reachable
  }

  private wait(ms: number | null): Promise<void> {
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | null = null
      const done = () => {
        if (timer) clearTimeout(timer)
        this.waiters.delete(done)
        resolve()
      }
      if (ms !== null) timer = setTimeout(done, ms)
      this.waiters.add(done)
    })
  }

  private wakeAll(): void {
    for (const waiter of [...this.waiters]) waiter()
  }
}
