import { addRxPlugin, type RxCollection, type WithDeleted } from 'rxdb'
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election'
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication'
import type { Subscription } from 'rxjs'
import { collectionNames, serverAuthoredCollections, type CollectionName } from '@core/schema'
import { PULL_LIMIT_MAX, PUSH_BATCH_MAX, type PullResponse, type PushRow, type ReplicationCheckpoint } from '@core/sync/protocol'
import { STORAGE_META_FIELDS } from '@core/sync/syncedDoc'
import type { OutpostDatabase } from '../collections'
import { Backoff, DEFAULT_BACKOFF, type BackoffOptions } from './backoff'
import { ConnectionGate, GateClosedError } from './connectionGate'
import { browserNetwork, type NetworkSignals } from './network'
import { PendingChanges } from './pendingChanges'
import { ReplicationStream, type StreamStatus } from './replicationStream'
import { normalizeServerUrl, requestJson, SyncRequestError, type FetchLike, type SyncCredentials, type SyncFailure } from './syncHttp'

addRxPlugin(RxDBLeaderElectionPlugin)

export type ConnectionState =
  /** Started, no answer from the server yet. */
  | 'connecting'
  | 'online'
  /** No network, or the server cannot be reached: changes wait locally. */
  | 'offline'
  /** The server answered with an error (see `errorMessage`); retried with backoff. */
  | 'error'
  /** The server refused the token: replication stopped for good. */
  | 'unauthorized'
  | 'stopped'

/** What the engine reports; no token or document data in here. */
export interface SyncEngineSnapshot {
  connection: ConnectionState
  errorMessage: string | null
  /** Some collection is pulling or pushing right now. */
  active: boolean
  /** Changes made here the server has not acknowledged yet. */
  pending: number
  /** When every collection was last seen idle, in sync and connected (epoch ms). */
  lastSyncedAt: number | null
  /** False while another tab of this browser profile runs the replication. */
  leader: boolean
}

export interface SyncEngineOptions {
  database: OutpostDatabase
  fetch: FetchLike
  /** Server, token and workspace; read per request so the token never sits in this object. Null: signed out. */
  credentials: () => (SyncCredentials & { workspaceId: string }) | null
  collections?: readonly CollectionName[]
  /** Receives the highest `_clock` stamp of every pulled document, so later local edits sort after it. */
  clock?: { receive(stamp: string): void }
  pending?: PendingChanges
  network?: NetworkSignals
  /** RxDB's own wait between failed attempts; our backoff adds to it. */
  retryTimeMs?: number
  pullBatchSize?: number
  pushBatchSize?: number
  backoff?: BackoffOptions
  streamIdleTimeoutMs?: number
  requestTimeoutMs?: number
  /** The server refused the token (401): the session is dead. */
  onUnauthorized?: () => void
  now?: () => number
}

type ReplicationDoc = Record<string, unknown>
type Replication = RxReplicationState<ReplicationDoc, ReplicationCheckpoint>

const DEFAULT_PULL_BATCH = 1000
const DEFAULT_PUSH_BATCH = 500
const DEFAULT_RETRY_MS = 2_000
/** A request with no answer by then counts as unanswered (a server that drops packets never refuses). */
const DEFAULT_REQUEST_TIMEOUT_MS = 60_000

/**
 * Replicates every collection with the sync server over the HTTP contract
 * (sync-server/README.md): RxDB's replication primitives with our pull and push handlers, one
 * multiplexed SSE stream for live changes, and one backoff shared by all requests so an
 * unreachable server is asked rarely and an offline device not at all. Framework-free: a Node
 * test can drive it with an in-memory database and the real server.
 */
export class SyncEngine {
  private readonly fetch: FetchLike
  private readonly network: NetworkSignals
  private readonly pending: PendingChanges
  private readonly gate: ConnectionGate
  private readonly now: () => number
  private readonly collections: readonly CollectionName[]
  private readonly listeners = new Set<() => void>()
  private readonly replications = new Map<CollectionName, Replication>()
  private readonly subscriptions: Subscription[] = []
  private readonly cleanups: (() => void)[] = []
  private readonly activeByCollection = new Map<CollectionName, boolean>()
  private requests = new AbortController()
  private stream: ReplicationStream | null = null
  private started = false
  private stopped = false
  private checkingInSync = false
  private recheckInSync = false
  private snapshot: SyncEngineSnapshot

  constructor(private readonly options: SyncEngineOptions) {
    this.fetch = options.fetch
    this.network = options.network ?? browserNetwork
    this.pending = options.pending ?? new PendingChanges()
    this.now = options.now ?? Date.now
    this.gate = new ConnectionGate(this.network, new Backoff(options.backoff ?? DEFAULT_BACKOFF), this.now, () =>
      this.update({ connection: 'offline' }),
    )
    this.collections = options.collections ?? collectionNames
    this.snapshot = { connection: 'connecting', errorMessage: null, active: false, pending: this.pending.count, lastSyncedAt: null, leader: true }
  }

  getSnapshot = (): SyncEngineSnapshot => this.snapshot

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The RxDB replication of one collection (tests await `awaitInSync()` on it). */
  replication(collection: CollectionName): Replication | undefined {
    return this.replications.get(collection)
  }

  /** Resolves once every collection is in sync with the server (for tests and "Sync now" callers). */
  async awaitInSync(): Promise<void> {
    await Promise.all([...this.replications.values()].map((replication) => replication.awaitInSync()))
  }

  async start(): Promise<void> {
    if (this.started) return
    const initial = this.options.credentials()
    if (!initial) return
    this.started = true
    this.pending.setTracking(true)
    this.cleanups.push(this.pending.subscribe(() => this.update({ pending: this.pending.count })))
    // Back online: skip the backoff and pull what was missed meanwhile.
    this.cleanups.push(this.network.onOnline(() => this.reSync()))
    this.update({ pending: this.pending.count, connection: this.network.isOnline() ? 'connecting' : 'offline' })

    const db = this.options.database
    if (db.multiInstance && !db.isLeader()) {
      // Only one tab of a browser profile replicates (RxDB leader election); the others see its writes.
      this.update({ leader: false })
      await db.waitForLeadership()
      if (this.stopped) return
      this.update({ leader: true })
    }

    // Every local write counts as waiting, however it was made (syncedWrites, demo data, another
    // tab); writes the replication itself makes ("replication-…" contexts) do not.
    for (const name of this.collections) {
      if (serverAuthoredCollections.has(name)) continue
      const collection = db[name] as unknown as RxCollection<ReplicationDoc>
      this.subscriptions.push(
        collection.eventBulks$.subscribe((bulk) => {
          if (!bulk.context.startsWith('replication-')) this.pending.markWritten(name, bulk.events.map((event) => event.documentId))
        }),
      )
    }

    const identifier = `outpost-sync:${normalizeServerUrl(initial.serverUrl)}:${initial.workspaceId}`
    this.stream = new ReplicationStream({
      fetch: this.fetch,
      credentials: this.options.credentials,
      collections: this.collections,
      onStatus: (status) => this.onStreamStatus(status),
      network: this.network,
      backoff: this.options.backoff,
      idleTimeoutMs: this.options.streamIdleTimeoutMs,
      gate: this.gate,
    })
    for (const name of this.collections) this.replications.set(name, this.replicate(name, identifier, this.stream))
    this.stream.start()
  }

  /** Stops replication and the stream; local data and unpushed changes stay and go out on the next start. */
  async stop(): Promise<void> {
    if (!this.started || this.stopped) return
    this.stopped = true
    this.gate.stop()
    this.requests.abort()
    this.stream?.stop()
    for (const subscription of this.subscriptions) subscription.unsubscribe()
    for (const cleanup of this.cleanups) cleanup()
    await Promise.all([...this.replications.values()].map((replication) => replication.cancel()))
    this.pending.setTracking(false)
    this.update({ connection: this.snapshot.connection === 'unauthorized' ? 'unauthorized' : 'stopped', active: false, pending: 0 })
  }

  /** "Sync now": ask the server for news in every collection and push what waits, skipping any backoff. */
  reSync(): void {
    this.retryNow()
    for (const replication of this.replications.values()) replication.reSync()
  }

  /** "Retry" or the network came back: end every backoff wait now. */
  retryNow(): void {
    if (this.stopped) return
    this.gate.retryNow()
    this.stream?.reconnectNow()
  }

  private replicate(name: CollectionName, identifier: string, stream: ReplicationStream): Replication {
    const collection = this.options.database[name] as unknown as RxCollection<ReplicationDoc>
    const pullBatchSize = Math.min(this.options.pullBatchSize ?? DEFAULT_PULL_BATCH, PULL_LIMIT_MAX)
    const replication = replicateRxCollection<ReplicationDoc, ReplicationCheckpoint>({
      replicationIdentifier: identifier,
      collection,
      live: true,
      autoStart: true,
      // Leadership is settled above for the whole engine; visibility must not pause a desktop app.
      waitForLeadership: false,
      toggleOnDocumentVisible: false,
      retryTime: this.options.retryTimeMs ?? DEFAULT_RETRY_MS,
      pull: {
        batchSize: pullBatchSize,
        handler: (checkpoint, batchSize) => this.pull(name, checkpoint, batchSize),
        modifier: (doc: WithDeleted<ReplicationDoc>) => {
          this.foldClock(doc)
          return doc
        },
        stream$: stream.events(name),
      },
      push: serverAuthoredCollections.has(name)
        ? undefined
        : {
            batchSize: Math.min(this.options.pushBatchSize ?? DEFAULT_PUSH_BATCH, PUSH_BATCH_MAX),
            handler: (rows) => this.push(name, rows),
          },
    })
    this.subscriptions.push(
      replication.active$.subscribe((active) => this.onActive(name, active)),
      replication.error$.subscribe((error) => this.onReplicationError(error)),
    )
    return replication
  }

  private async pull(
    name: CollectionName,
    checkpoint: ReplicationCheckpoint | undefined,
    batchSize: number,
  ): Promise<{ documents: WithDeleted<ReplicationDoc>[]; checkpoint: ReplicationCheckpoint | undefined }> {
    const credentials = await this.passGate()
    const query = new URLSearchParams()
    if (checkpoint) query.set('checkpoint', JSON.stringify(checkpoint))
    query.set('limit', String(batchSize))
    const result = await this.withTimeout((signal) =>
      requestJson<PullResponse>(this.fetch, credentials, { path: `/api/replication/${name}/pull?${query.toString()}`, signal }),
    )
    if (!result.ok) throw this.failed(result.error)
    this.succeeded()
    return {
      documents: result.value.documents as WithDeleted<ReplicationDoc>[],
      checkpoint: result.value.checkpoint ?? checkpoint,
    }
  }

  private async push(name: CollectionName, rows: PushRow<WithDeleted<ReplicationDoc>>[]): Promise<WithDeleted<ReplicationDoc>[]> {
    const ids = rows.map((row) => String(row.newDocumentState.id))
    this.pending.handedToPush(name, ids)
    const credentials = await this.passGate()
    const body: PushRow[] = rows.map((row) => ({
      ...(row.assumedMasterState ? { assumedMasterState: withoutStorageMeta(row.assumedMasterState) } : {}),
      newDocumentState: withoutStorageMeta(row.newDocumentState),
    }))
    const result = await this.withTimeout((signal) =>
      requestJson<WithDeleted<ReplicationDoc>[]>(this.fetch, credentials, { method: 'POST', path: `/api/replication/${name}/push`, body, signal }),
    )
    if (!result.ok) throw this.failed(result.error)
    this.succeeded()
    // Conflicts included: the server stored its merge, which the conflict handler adopts.
    this.pending.acknowledged(name, ids)
    const conflicts = Array.isArray(result.value) ? result.value : []
    for (const doc of conflicts) this.foldClock(doc)
    return conflicts
  }

  /** Runs a request that is aborted by stop() or after the request timeout. */
  private async withTimeout<R>(request: (signal: AbortSignal) => Promise<R>): Promise<R> {
    const controller = new AbortController()
    const abort = () => controller.abort()
    const timer = setTimeout(abort, this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS)
    this.requests.signal.addEventListener('abort', abort)
    try {
      return await request(controller.signal)
    } finally {
      clearTimeout(timer)
      this.requests.signal.removeEventListener('abort', abort)
    }
  }

  /** Waits out the backoff and any offline spell; throws once stopped so RxDB's retry loop ends. */
  private async passGate(): Promise<SyncCredentials & { workspaceId: string }> {
    await this.gate.pass()
    const credentials = this.stopped ? null : this.options.credentials()
    if (!credentials) {
      this.gate.released()
      throw new GateClosedError()
    }
    return credentials
  }

  /** Reports a failed request to the gate and the snapshot; returns what the handler throws. */
  private failed(failure: SyncFailure): Error {
    if (this.stopped) {
      this.gate.released()
      return new GateClosedError()
    }
    if (failure.kind === 'network') {
      this.gate.unanswered()
      this.update({ connection: 'offline' })
      return new SyncRequestError(failure)
    }
    this.gate.answered(false)
    if (failure.status === 401) this.unauthorized()
    else this.update({ connection: 'error', errorMessage: failure.message })
    return new SyncRequestError(failure)
  }

  private succeeded(): void {
    this.gate.answered(true)
    this.markOnline()
  }

  private markOnline(): void {
    if (this.snapshot.connection !== 'online') this.update({ connection: 'online', errorMessage: null })
  }

  private onStreamStatus(status: StreamStatus): void {
    if (this.stopped) return
    switch (status.state) {
      case 'connected':
        this.markOnline()
        return
      case 'offline':
        this.update({ connection: 'offline' })
        return
      case 'error':
        this.update({ connection: 'error', errorMessage: status.message })
        return
      case 'unauthorized':
        this.unauthorized()
        return
      default:
        return
    }
  }

  /** Errors our handlers already classified arrive here too; anything else (a local write failing) is shown. */
  private onReplicationError(error: unknown): void {
    if (this.stopped) return
    const rxError = error as { code?: string; parameters?: { errors?: unknown; writeError?: unknown } }
    const fromHandler = (rxError.code === 'RC_PULL' || rxError.code === 'RC_PUSH') && rxError.parameters?.errors !== undefined
    if (fromHandler) return
    this.update({ connection: 'error', errorMessage: `Sync stopped on a local error (${rxError.code ?? 'unknown'}).` })
  }

  private unauthorized(): void {
    if (this.snapshot.connection === 'unauthorized') return
    this.update({ connection: 'unauthorized' })
    void this.stop()
    this.options.onUnauthorized?.()
  }

  private onActive(name: CollectionName, active: boolean): void {
    this.activeByCollection.set(name, active)
    const anyActive = [...this.activeByCollection.values()].some(Boolean)
    this.update({ active: anyActive })
    if (!anyActive) void this.checkInSync()
  }

  /** After a quiet moment: settle writes the replication found nothing to push for, and stamp "synced". */
  private async checkInSync(): Promise<void> {
    if (this.checkingInSync) {
      this.recheckInSync = true
      return
    }
    this.checkingInSync = true
    try {
      do {
        this.recheckInSync = false
        const generation = this.pending.generation
        await this.awaitInSync()
        if (this.stopped) return
        this.pending.settleWrittenBefore(generation)
        if (this.pending.count === 0 && this.snapshot.connection === 'online' && !this.snapshot.active) {
          this.update({ lastSyncedAt: this.now() })
        }
      } while (this.recheckInSync && !this.stopped)
    } catch {
      // A replication cancelled mid-check (stop): nothing to report.
    } finally {
      this.checkingInSync = false
    }
  }

  private foldClock(doc: object): void {
    const clock = (doc as { _clock?: unknown })._clock
    if (!this.options.clock || typeof clock !== 'object' || clock === null) return
    let highest = ''
    for (const stamp of Object.values(clock)) if (typeof stamp === 'string' && stamp > highest) highest = stamp
    if (highest) this.options.clock.receive(highest)
  }

  private update(patch: Partial<SyncEngineSnapshot>): void {
    const next = { ...this.snapshot, ...patch }
    const changed = (Object.keys(patch) as (keyof SyncEngineSnapshot)[]).some((key) => next[key] !== this.snapshot[key])
    if (!changed) return
    this.snapshot = next
    for (const listener of this.listeners) listener()
  }
}

function withoutStorageMeta(doc: object): ReplicationDoc {
  const plain: ReplicationDoc = {}
  for (const [key, value] of Object.entries(doc)) if (!STORAGE_META_FIELDS.has(key)) plain[key] = value
  return plain
}
