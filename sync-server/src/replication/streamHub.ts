import type { ServerResponse } from 'node:http'
import type { FastifyBaseLogger } from 'fastify'
import { RESYNC } from '@core/sync/protocol'
import { ANY_CHANGE, type ChangeNotice, type StoragePort } from '../storage/port'

// Fans committed changes out to this instance's SSE connections. Notices come from the storage
// port (in-process for SQLite, LISTEN/NOTIFY for PostgreSQL, so a change pushed through another
// instance arrives here too); each connection then reads what is new from storage.

const STREAM_PAGE = 1000

interface Subscriber {
  workspaceId: string
  collections: ReadonlySet<string>
  /** Wraps each event's data with the collection name (multiplexed stream). */
  multiplexed: boolean
  response: ServerResponse
  /** Highest sequence already sent, per collection. */
  cursors: Map<string, number>
  dirty: Set<string>
  draining: boolean
}

export class StreamHub {
  private readonly subscribers = new Set<Subscriber>()
  private readonly unsubscribe: () => void
  private readonly heartbeat: NodeJS.Timeout

  constructor(
    private readonly storage: StoragePort,
    private readonly log: FastifyBaseLogger,
    heartbeatMs: number,
  ) {
    this.unsubscribe = storage.onChange((notice) => this.notify(notice))
    this.heartbeat = setInterval(() => this.ping(), heartbeatMs)
    this.heartbeat.unref()
  }

  get size(): number {
    return this.subscribers.size
  }

  /**
   * Starts streaming to `response` (headers already written). The cursor is read before the
   * first event, then RESYNC tells the client to pull from its own checkpoint: together they
   * cover everything, whatever the client missed while disconnected.
   */
  async open(workspaceId: string, collections: readonly string[], multiplexed: boolean, response: ServerResponse): Promise<void> {
    const seq = await this.storage.currentSeq(workspaceId)
    const subscriber: Subscriber = {
      workspaceId,
      collections: new Set(collections),
      multiplexed,
      response,
      cursors: new Map(collections.map((collection) => [collection, seq])),
      dirty: new Set(),
      draining: false,
    }
    this.subscribers.add(subscriber)
    response.on('close', () => this.subscribers.delete(subscriber))
    this.write(subscriber, `data: ${RESYNC}\n\n`)
    // Changes committed between reading the cursor and registering were notified to nobody.
    for (const collection of collections) subscriber.dirty.add(collection)
    void this.drain(subscriber)
  }

  /** Ends every stream (graceful shutdown), so the server can close. */
  close(): void {
    clearInterval(this.heartbeat)
    this.unsubscribe()
    for (const subscriber of this.subscribers) subscriber.response.end()
    this.subscribers.clear()
  }

  private notify(notice: ChangeNotice): void {
    if (notice === ANY_CHANGE) {
      for (const subscriber of this.subscribers) {
        for (const collection of subscriber.collections) subscriber.dirty.add(collection)
        void this.drain(subscriber)
      }
      return
    }
    for (const subscriber of this.subscribers) {
      if (subscriber.workspaceId !== notice.workspaceId || !subscriber.collections.has(notice.collection)) continue
      if ((subscriber.cursors.get(notice.collection) ?? 0) >= notice.seq) continue
      subscriber.dirty.add(notice.collection)
      void this.drain(subscriber)
    }
  }

  private async drain(subscriber: Subscriber): Promise<void> {
    if (subscriber.draining) return
    subscriber.draining = true
    try {
      while (subscriber.dirty.size > 0 && this.subscribers.has(subscriber)) {
        const [collection] = subscriber.dirty
        if (collection === undefined) break
        subscriber.dirty.delete(collection)
        await this.sendNew(subscriber, collection)
      }
    } catch (error) {
      this.log.error({ err: error, workspaceId: subscriber.workspaceId }, 'stream read failed; asking the client to resync')
      this.write(subscriber, `data: ${RESYNC}\n\n`)
    } finally {
      subscriber.draining = false
    }
  }

  private async sendNew(subscriber: Subscriber, collection: string): Promise<void> {
    for (;;) {
      const cursor = subscriber.cursors.get(collection) ?? 0
      // Sequences are unique per workspace, so "after seq" is exact; the checkpoint id only
      // orders ties, which cannot occur here.
      const page = await this.storage.pull(subscriber.workspaceId, collection, { seq: cursor, id: '' }, STREAM_PAGE)
      const fresh = page.documents.filter((doc) => doc.seq > cursor)
      const last = fresh.at(-1)
      if (!last || !page.checkpoint) return
      subscriber.cursors.set(collection, last.seq)
      const checkpoint = JSON.stringify({ seq: last.seq, id: last.id })
      const documents = `[${fresh.map((doc) => doc.json).join(',')}]`
      const prefix = subscriber.multiplexed ? `"collection":${JSON.stringify(collection)},` : ''
      this.write(subscriber, `data: {${prefix}"documents":${documents},"checkpoint":${checkpoint}}\n\n`)
      if (page.documents.length < STREAM_PAGE) return
    }
  }

  private ping(): void {
    for (const subscriber of this.subscribers) this.write(subscriber, ': ping\n\n')
  }

  private write(subscriber: Subscriber, chunk: string): void {
    if (!subscriber.response.writableEnded) subscriber.response.write(chunk)
  }
}
