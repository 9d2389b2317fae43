/**
 * How many contacts to write per batch. Each batch's synchronous parts on the UI thread (IndexedDB
 * clones every row as it is put; the change event then goes to every listener) grow with its
 * size, and how long they take depends on the machine and on what else it is doing. So the size
 * follows what the UI thread experienced: after a long task the next batches are cut to the size
 * that would have taken `targetMs`; a few calm batches in a row grow them again, since fewer,
 * larger transactions write a little faster.
 */
export class BatchSizer {
  private calmBatches = 0

  constructor(
    private current = 500,
    // Below ~200 rows a batch's own work is a few milliseconds: a stall then comes from elsewhere
    // (garbage collection, a busy machine), and smaller batches would only slow the import down.
    private readonly limits = { min: 200, max: 2_000, stallMs: 80, targetMs: 50, calmMs: 40, calmBatchesToGrow: 3 },
  ) {}

  get size(): number {
    return this.current
  }

  /** After a batch of `written` contacts: the longest UI-thread task seen meanwhile (0 for none). */
  next(longestTaskMs: number, written: number): number {
    const { min, max, stallMs, targetMs, calmMs, calmBatchesToGrow } = this.limits
    if (longestTaskMs > stallMs) {
      if (written > 0) this.current = Math.max(min, Math.min(this.current, Math.floor((written * targetMs) / longestTaskMs)))
      this.calmBatches = 0
    } else if (longestTaskMs >= calmMs) {
      this.calmBatches = 0
    } else if (++this.calmBatches >= calmBatchesToGrow) {
      this.current = Math.min(max, Math.round(this.current * 1.25))
      this.calmBatches = 0
    }
    return this.current
  }
}

/** The longest task the browser reports (Long Tasks API) since the last `takeLongest()`; 0 where unsupported. */
export function watchLongTasks(): { takeLongest(): number; stop(): void } {
  let longest = 0
  const supported = typeof PerformanceObserver !== 'undefined' && PerformanceObserver.supportedEntryTypes?.includes('longtask')
  const observer = supported
    ? new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration)
      })
    : null
  observer?.observe({ type: 'longtask', buffered: false })
  return {
    takeLongest() {
      // Entries of tasks that just ended may still be queued: collect them first.
      for (const entry of observer?.takeRecords() ?? []) longest = Math.max(longest, entry.duration)
      const value = longest
      longest = 0
      return value
    },
    stop() {
      observer?.disconnect()
    },
  }
}
