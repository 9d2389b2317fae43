import type { TrackingEventRecord, TrackingStore } from '../storage/trackingStore'
import type { TrackingProjector } from './trackingProjector'

// The hot path answers first and records after: hits are queued in memory and written every
// flushIntervalMs in one transaction per batch, then projected to clients. Events at risk on a
// crash (kill -9, power loss) are those of the current interval: at most flushIntervalMs of hits
// (plus a batch in flight whose transaction had not committed). A clean shutdown (app.close())
// flushes everything first. When the database refuses a batch, it is kept and retried on the
// next interval, up to maxQueued events; beyond that the oldest are dropped and reported.

export const DEFAULT_FLUSH_INTERVAL_MS = 50
const MAX_BATCH = 5_000
const DEFAULT_MAX_QUEUED = 200_000

export interface TrackingRecorderOptions {
  tracking: TrackingStore
  projector: TrackingProjector
  flushIntervalMs?: number
  maxQueued?: number
  onError: (error: unknown) => void
}

export class TrackingRecorder {
  readonly #queue: TrackingEventRecord[] = []
  readonly #interval: number
  readonly #maxQueued: number
  #timer: NodeJS.Timeout | null = null
  #flushing: Promise<void> = Promise.resolve()
  #closed = false

  constructor(private readonly options: TrackingRecorderOptions) {
    this.#interval = options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS
    this.#maxQueued = options.maxQueued ?? DEFAULT_MAX_QUEUED
  }

  get closed(): boolean {
    return this.#closed
  }

  /** Queues a hit for the next flush. False once closed (the caller should refuse the request). */
  record(event: TrackingEventRecord): boolean {
    if (this.#closed) return false
    this.#queue.push(event)
    if (this.#queue.length > this.#maxQueued) {
      const dropped = this.#queue.splice(0, this.#queue.length - this.#maxQueued)
      this.options.onError(new Error(`tracking: ${dropped.length} events dropped, the database has not accepted writes for a while`))
    }
    this.#schedule()
    return true
  }

  /** Writes (and projects) everything queued so far; resolves when done. Flushes never overlap. */
  flush(): Promise<void> {
    if (this.#timer !== null) {
      clearTimeout(this.#timer)
      this.#timer = null
    }
    this.#flushing = this.#flushing.then(() => this.#drain())
    return this.#flushing
  }

  /** Flushes events, pending contact rollups and campaign stats now (tests). */
  async settle(): Promise<void> {
    await this.flush()
    await this.options.projector.settle()
  }

  /** Refuses new hits, writes everything queued and every pending stats update. */
  async close(): Promise<void> {
    this.#closed = true
    await this.flush()
    await this.options.projector.close()
  }

  #schedule(): void {
    if (this.#timer !== null || this.#queue.length === 0) return
    this.#timer = setTimeout(() => {
      this.#timer = null
      void this.flush()
    }, this.#interval)
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, MAX_BATCH)
      let first: boolean[]
      try {
        first = await this.options.tracking.recordEvents(batch)
      } catch (error) {
        this.#queue.unshift(...batch)
        this.options.onError(error)
        if (!this.#closed) this.#schedule()
        return
      }
      try {
        await this.options.projector.project(batch, first)
      } catch (error) {
        this.options.onError(error)
      }
    }
  }
}
