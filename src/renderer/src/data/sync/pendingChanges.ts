interface PendingEntry {
  /** Written locally and not yet handed to a push (a newer write than any in flight). */
  written: boolean
  /** Handed to the push handler and not yet acknowledged by the server. */
  inFlight: boolean
  /** When `written` was last set, to settle only writes older than an idle check. */
  generation: number
}

/**
 * The honest "N changes waiting": ids written locally (syncedWrites) plus ids handed to a push
 * and not yet acknowledged, per collection. Counted only while a sync session is running.
 */
export class PendingChanges {
  private readonly entries = new Map<string, Map<string, PendingEntry>>()
  private readonly listeners = new Set<() => void>()
  private total = 0
  private generationCounter = 0
  private tracking = false

  /** Turned on while replication runs; local-only writes need no count (a later first push hands them over anyway). */
  setTracking(tracking: boolean): void {
    this.tracking = tracking
    if (!tracking) this.clear()
  }

  get generation(): number {
    return this.generationCounter
  }

  get count(): number {
    return this.total
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  markWritten(collection: string, ids: Iterable<string>): void {
    if (!this.tracking) return
    const generation = ++this.generationCounter
    this.update(collection, ids, (entry) => ({ written: true, inFlight: entry?.inFlight ?? false, generation }))
  }

  handedToPush(collection: string, ids: Iterable<string>): void {
    if (!this.tracking) return
    this.update(collection, ids, (entry) => ({ written: false, inFlight: true, generation: entry?.generation ?? 0 }))
  }

  acknowledged(collection: string, ids: Iterable<string>): void {
    this.update(collection, ids, (entry) => (entry ? { ...entry, inFlight: false } : undefined))
  }

  /**
   * Forgets local writes made before `generation` that the replication did not need to push
   * (it found them equal to the server's state): call after it reported being in sync.
   */
  settleWrittenBefore(generation: number): void {
    let changed = false
    for (const byId of this.entries.values()) {
      for (const [id, entry] of byId) {
        if (entry.written && !entry.inFlight && entry.generation <= generation) {
          byId.delete(id)
          this.total--
          changed = true
        }
      }
    }
    if (changed) this.notify()
  }

  clear(): void {
    if (this.total === 0 && this.entries.size === 0) return
    this.entries.clear()
    this.total = 0
    this.notify()
  }

  private update(collection: string, ids: Iterable<string>, next: (entry: PendingEntry | undefined) => PendingEntry | undefined): void {
    let byId = this.entries.get(collection)
    if (!byId) {
      byId = new Map()
      this.entries.set(collection, byId)
    }
    let changed = false
    for (const id of ids) {
      const before = byId.get(id)
      const after = next(before)
      if (after && (after.written || after.inFlight)) {
        if (!before) this.total++
        byId.set(id, after)
        changed = true
      } else if (before) {
        byId.delete(id)
        this.total--
        changed = true
      }
    }
    if (changed) this.notify()
  }

  private notify(): void {
    for (const listener of this.listeners) listener()
  }
}

/** The app's one tracker: syncedWrites reports local writes, the replication reports pushes. */
export const pendingChanges = new PendingChanges()
