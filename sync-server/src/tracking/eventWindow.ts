import type { ServerDocuments } from '../serverDocuments'
import type { StoragePort } from '../storage/port'

// Devices keep a recent window of engagement events (ARCHITECTURE.md, data model): older event
// documents are tombstoned, so every device drops them on its next pull, while tracking_events
// keeps the full history and the rollups on contacts and campaigns keep the totals.

const DAY_MS = 86_400_000
const PRUNE_BATCH = 1_000
/** A bound on one run, so pruning a large backlog never holds the server for long. */
const MAX_BATCHES_PER_RUN = 50

export interface EventWindowOptions {
  storage: StoragePort
  documents: ServerDocuments
  windowDays: number
  /** Between runs (default hourly). */
  intervalMs?: number
  now?: () => number
  onError?: (error: unknown) => void
}

export class EventWindowPruner {
  readonly #options: EventWindowOptions
  #timer: ReturnType<typeof setInterval> | null = null
  #running: Promise<number> | null = null

  constructor(options: EventWindowOptions) {
    this.#options = options
  }

  start(): void {
    if (this.#timer !== null) return
    const run = () => void this.pruneOnce().catch((error: unknown) => this.#options.onError?.(error))
    this.#timer = setInterval(run, this.#options.intervalMs ?? 3_600_000)
    this.#timer.unref()
    run()
  }

  async stop(): Promise<void> {
    if (this.#timer !== null) clearInterval(this.#timer)
    this.#timer = null
    await this.#running?.catch(() => undefined)
  }

  /** Tombstones event documents older than the window; returns how many. One run at a time. */
  pruneOnce(): Promise<number> {
    this.#running ??= this.#prune().finally(() => {
      this.#running = null
    })
    return this.#running
  }

  async #prune(): Promise<number> {
    const { storage, documents, windowDays } = this.#options
    const before = (this.#options.now ?? Date.now)() - windowDays * DAY_MS
    let pruned = 0
    let batches = 0
    for (const workspaceId of await storage.tracking.workspacesWithEventDocumentsBefore(before)) {
      while (batches < MAX_BATCHES_PER_RUN) {
        const ids = await storage.tracking.eventDocumentsBefore(workspaceId, before, PRUNE_BATCH)
        if (ids.length === 0) break
        batches++
        const written = await documents.patch(workspaceId, 'events', new Map(ids.map((id) => [id, () => ({ _deleted: true })])))
        pruned += written.length
        if (ids.length < PRUNE_BATCH) break
      }
    }
    return pruned
  }
}
