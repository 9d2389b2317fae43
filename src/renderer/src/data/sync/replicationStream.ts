import { Subject, type Observable } from 'rxjs'
import type { RxReplicationPullStreamItem, WithDeleted } from 'rxdb'
import { RESYNC, type ReplicationCheckpoint } from '@core/sync/protocol'
import { Backoff, DEFAULT_BACKOFF, type BackoffOptions } from './backoff'
import type { ConnectionGate } from './connectionGate'
import { browserNetwork, type NetworkSignals } from './network'
import { readSseBody, type SseMessage } from './sseParser'
import { authHeaders, httpFailure, normalizeServerUrl, type FetchLike, type SyncCredentials } from './syncHttp'

export type StreamItem = RxReplicationPullStreamItem<Record<string, unknown>, ReplicationCheckpoint>

export type StreamStatus =
  | { state: 'connecting' }
  /** The server's first event arrived on this connection. */
  | { state: 'connected' }
  /** No network, or no answer from the server. */
  | { state: 'offline' }
  /** The server answered with an error status. */
  | { state: 'error'; status: number; message: string }
  | { state: 'unauthorized' }
  | { state: 'stopped' }

export interface ReplicationStreamOptions {
  fetch: FetchLike
  /** Read per connection attempt; null stops the stream (signed out). */
  credentials: () => SyncCredentials | null
  collections: readonly string[]
  onStatus?: (status: StreamStatus) => void
  backoff?: BackoffOptions
  /** Reconnect when nothing (not even the server's 15 s ping) arrived for this long. */
  idleTimeoutMs?: number
  network?: NetworkSignals
  /**
   * Shared with the engine's requests: connection attempts wait for it (offline, backoff, one
   * probe at a time) and report to it. Without one, the stream keeps its own backoff only.
   */
  gate?: ConnectionGate
}

const DEFAULT_IDLE_TIMEOUT_MS = 45_000

/**
 * ONE multiplexed SSE connection (`GET /api/replication/stream?collections=…`) fanned out per
 * collection. Read with fetch so the bearer token and workspace headers can be sent (EventSource
 * cannot). Reconnects with capped exponential backoff plus jitter, reset once a connection
 * delivers its first event; `RESYNC` (sent first on every connection) goes to every collection.
 */
export class ReplicationStream {
  private readonly subjects = new Map<string, Subject<StreamItem>>()
  private readonly backoff: Backoff
  private readonly network: NetworkSignals
  private running = false
  private connection: AbortController | null = null
  private wake: (() => void) | null = null
  private unsubscribeOnline: (() => void) | null = null

  constructor(private readonly options: ReplicationStreamOptions) {
    this.backoff = new Backoff(options.backoff ?? DEFAULT_BACKOFF)
    this.network = options.network ?? browserNetwork
    for (const name of options.collections) this.subjects.set(name, new Subject<StreamItem>())
  }

  /** The events of one collection, as RxDB's `pull.stream$` wants them. */
  events(collection: string): Observable<StreamItem> {
    const subject = this.subjects.get(collection)
    if (!subject) throw new Error(`ReplicationStream: ${collection} is not among the streamed collections`)
    return subject.asObservable()
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.unsubscribeOnline = this.network.onOnline(() => this.reconnectNow())
    void this.run()
  }

  stop(): void {
    if (!this.running) return
    this.running = false
    this.unsubscribeOnline?.()
    this.unsubscribeOnline = null
    this.connection?.abort()
    this.wakeUp()
    this.report({ state: 'stopped' })
  }

  /** Skips the remaining backoff wait (network back, "Sync now", "Retry"); a live connection is kept. */
  reconnectNow(): void {
    this.backoff.reset()
    this.wakeUp()
  }

  get isRunning(): boolean {
    return this.running
  }

  private async run(): Promise<void> {
    const gate = this.options.gate
    while (this.running) {
      if (gate) {
        try {
          await gate.pass()
        } catch {
          return
        }
        if (!this.running) {
          gate.released()
          return
        }
      } else if (!this.network.isOnline()) {
        this.report({ state: 'offline' })
        await this.sleep(null)
        continue
      }
      const credentials = this.options.credentials()
      if (!credentials) {
        gate?.released()
        this.stop()
        return
      }
      this.report({ state: 'connecting' })
      const outcome = await this.connectOnce(credentials)
      if (!this.running) return
      if (outcome === 'unauthorized') {
        this.report({ state: 'unauthorized' })
        this.stop()
        return
      }
      // A failed attempt already set the gate's backoff; a dropped connection waits on our own (reset once it delivered).
      if (!gate || outcome === 'closed') await this.sleep(this.backoff.next())
    }
  }

  private async connectOnce(credentials: SyncCredentials): Promise<'closed' | 'failed' | 'unauthorized'> {
    const gate = this.options.gate
    let reported = false
    const answered = (ok: boolean) => {
      if (!reported) gate?.answered(ok)
      reported = true
    }
    const controller = new AbortController()
    this.connection = controller
    let idleTimer: ReturnType<typeof setTimeout> | null = null
    const idleTimeout = this.options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS
    const resetIdle = () => {
      if (idleTimer) clearTimeout(idleTimer)
      idleTimer = setTimeout(() => controller.abort(), idleTimeout)
    }
    const url = `${normalizeServerUrl(credentials.serverUrl)}/api/replication/stream?collections=${this.options.collections.map(encodeURIComponent).join(',')}`
    try {
      resetIdle()
      const response = await this.options.fetch(url, {
        headers: { ...authHeaders(credentials), Accept: 'text/event-stream' },
        signal: controller.signal,
        cache: 'no-store',
      })
      answered(response.ok)
      if (response.status === 401) return 'unauthorized'
      if (!response.ok || !response.body) {
        const body: unknown = await response.json().catch(() => null)
        const failure = httpFailure(response.status, body)
        this.report({ state: 'error', status: response.status, message: failure.kind === 'http' ? failure.message : '' })
        return 'failed'
      }
      let first = true
      await readSseBody(
        response.body,
        (message) => {
          if (first) {
            first = false
            this.backoff.reset()
            this.report({ state: 'connected' })
          }
          this.dispatch(message)
        },
        resetIdle,
      )
      // The server ended the stream (restart, deploy): reconnect like after any drop.
      this.report({ state: 'connecting' })
      return 'closed'
    } catch {
      // No answer at all (or the connection dropped later): offline until a connection works again.
      if (!reported && this.running) {
        gate?.unanswered()
        reported = true
      }
      if (this.running) this.report({ state: 'offline' })
      return 'failed'
    } finally {
      if (!reported) gate?.released()
      if (idleTimer) clearTimeout(idleTimer)
      if (this.connection === controller) this.connection = null
    }
  }

  /** Fans one SSE event out: RESYNC to every collection, a change batch to its own collection. */
  private dispatch(message: SseMessage): void {
    if (message.data === RESYNC) {
      for (const subject of this.subjects.values()) subject.next(RESYNC)
      return
    }
    let event: unknown
    try {
      event = JSON.parse(message.data)
    } catch {
      return
    }
    if (!isStreamEvent(event)) return
    this.subjects.get(event.collection)?.next({ documents: event.documents, checkpoint: event.checkpoint })
  }

  /** Waits `ms` (null: until woken), returning early on reconnectNow(), the network coming back or stop(). */
  private sleep(ms: number | null): Promise<void> {
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | null = null
      const done = () => {
        if (timer) clearTimeout(timer)
        if (this.wake === done) this.wake = null
        resolve()
      }
      if (ms !== null) timer = setTimeout(done, ms)
      this.wake = done
    })
  }

  private wakeUp(): void {
    this.wake?.()
  }

  private report(status: StreamStatus): void {
    this.options.onStatus?.(status)
  }
}

interface StreamEventShape {
  collection: string
  documents: WithDeleted<Record<string, unknown>>[]
  checkpoint: ReplicationCheckpoint
}

function isStreamEvent(value: unknown): value is StreamEventShape {
  if (typeof value !== 'object' || value === null) return false
  const event = value as Partial<StreamEventShape>
  return typeof event.collection === 'string' && Array.isArray(event.documents) && typeof event.checkpoint === 'object' && event.checkpoint !== null
}
