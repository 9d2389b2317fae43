import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { HlcClock } from '@core/hlc'
import { collectionNames, isCollectionName, serverAuthoredCollections, type CollectionName } from '@core/schema'
import { checkpointSchema, PULL_LIMIT_MAX, PUSH_BATCH_MAX, type ReplicationCheckpoint } from '@core/sync/protocol'
import { authenticateWorkspace } from '../auth/session'
import { ApiError, notFound } from '../http/errors'
import { parseBody } from '../http/validate'
import { ForeignDocumentError, type DocumentWrite, type StoragePort } from '../storage/port'
import { checkDocument } from './documentValidation'
import { guardPushedDocument } from './pushGuard'
import { canPerform } from '@core/workspace/roles'
import { resolvePush, type CheckedPushRow } from './resolvePush'
import type { StreamHub } from './streamHub'
import type { OutboundEvents } from '../webhooks/outboundEvents'
import { replicationEvents } from '../webhooks/replicationEvents'

export interface ReplicationRouteOptions {
  storage: StoragePort
  hub: StreamHub
  now: () => number
  /** The server's HLC: stamps what the server decides (guarded campaign status, rollups). */
  clock: HlcClock
  /** Webhook events of committed pushes (contacts, deals, tasks); none when absent. */
  outboundEvents?: OutboundEvents
}

const DEFAULT_PULL_LIMIT = 100

const pullQuery = z.strictObject({
  checkpoint: z.string().max(500).optional(),
  limit: z.string().regex(/^\d{1,4}$/, 'limit must be a whole number').optional(),
})
const streamQuery = z.strictObject({ collections: z.string().max(1000).optional() })
const pushRow = z.strictObject({ assumedMasterState: z.unknown().optional(), newDocumentState: z.unknown() })

function collectionParam(request: FastifyRequest): CollectionName {
  const { collection } = request.params as { collection?: unknown }
  if (!isCollectionName(collection)) throw new ApiError('unknown_collection', `unknown collection: ${String(collection).slice(0, 60)}`)
  return collection
}

function parseCheckpoint(raw: string | undefined): ReplicationCheckpoint | null {
  if (raw === undefined || raw === '' || raw === 'null') return null
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    throw new ApiError('invalid_checkpoint', 'checkpoint must be JSON like {"seq":12,"id":"…"} from a previous pull')
  }
  if (value === null) return null
  const parsed = checkpointSchema.safeParse(value)
  if (!parsed.success) throw new ApiError('invalid_checkpoint', 'checkpoint must be {"seq": <whole number>, "id": <string>} from a previous pull')
  return parsed.data
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PULL_LIMIT
  const limit = Number(raw)
  if (limit < 1 || limit > PULL_LIMIT_MAX) throw new ApiError('invalid_request', `limit must be between 1 and ${PULL_LIMIT_MAX}`)
  return limit
}

function checkPushRows(collection: CollectionName, body: unknown): CheckedPushRow[] {
  if (!Array.isArray(body)) throw new ApiError('invalid_request', 'push body must be an array of {assumedMasterState, newDocumentState}')
  if (body.length > PUSH_BATCH_MAX) throw new ApiError('invalid_request', `push at most ${PUSH_BATCH_MAX} documents at a time`)
  return body.map((raw, index) => {
    const row = pushRow.safeParse(raw)
    if (!row.success) throw new ApiError('invalid_request', `row ${index}: expected {assumedMasterState, newDocumentState}`)
    const checked = checkDocument(collection, row.data.newDocumentState)
    if (!checked.ok) throw new ApiError('invalid_document', `row ${index}: ${checked.reason}`, { row: index })
    const assumed = row.data.assumedMasterState ?? null
    if (assumed !== null && (typeof assumed !== 'object' || Array.isArray(assumed))) {
      throw new ApiError('invalid_request', `row ${index}: assumedMasterState must be an object or null`)
    }
    return { id: checked.doc.id as string, doc: checked.doc, assumedMasterState: assumed as Record<string, unknown> | null }
  })
}

export function registerReplicationRoutes(app: FastifyInstance, options: ReplicationRouteOptions): void {
  const { storage, hub, now, clock } = options
  const serverStamp = (after: readonly string[]): string => {
    for (const stamp of after) clock.receive(stamp)
    return clock.now()
  }

  app.get('/api/replication/:collection/pull', async (request, reply) => {
    const caller = await authenticateWorkspace(storage, request, now())
    const collection = collectionParam(request)
    const query = parseBody(pullQuery, request.query)
    const checkpoint = parseCheckpoint(query.checkpoint)
    const limit = parseLimit(query.limit)
    const page = await storage.pull(caller.workspaceId, collection, checkpoint, limit)
    // Stored JSON goes out verbatim: no parse/serialize round trip per document.
    const body = `{"documents":[${page.documents.map((doc) => doc.json).join(',')}],"checkpoint":${JSON.stringify(page.checkpoint)}}`
    return reply.type('application/json; charset=utf-8').send(body)
  })

  app.post('/api/replication/:collection/push', async (request) => {
    const caller = await authenticateWorkspace(storage, request, now())
    const collection = collectionParam(request)
    if (serverAuthoredCollections.has(collection)) throw new ApiError('read_only_collection', `${collection} is written by the server only`)
    const rows = checkPushRows(collection, request.body)
    if (rows.length === 0) return []
    const mayErase = canPerform(caller.role, 'privacy:erase')
    const mayModerate = caller.role === 'owner' || caller.role === 'admin'
    const userId = caller.user.id
    let conflicts: Array<Record<string, unknown>> = []
    let written: { masters: ReadonlyMap<string, Record<string, unknown>>; writes: DocumentWrite[] } = { masters: new Map(), writes: [] }
    try {
      const stored = await storage.pushDocuments(caller.workspaceId, collection, [...new Set(rows.map((row) => row.id))], ({ masters }) => {
        const resolution = resolvePush(rows, masters, now(), (incoming, master, assumedMaster) =>
          guardPushedDocument({ collection, incoming, master, assumedMaster, serverStamp, mayErase, userId, mayModerate }),
        )
        conflicts = resolution.conflicts
        written = { masters, writes: resolution.writes }
        return resolution.writes
      })
      // After commit: the push stands even if queuing its webhook events fails (logged).
      const events = options.outboundEvents ? replicationEvents(caller.workspaceId, collection, written.masters, written.writes, stored, now()) : []
      if (events.length > 0) await options.outboundEvents?.emit(events).catch((error: unknown) => request.log.error({ err: error }, 'webhooks: queuing push events failed'))
    } catch (error) {
      if (error instanceof ForeignDocumentError) throw notFound('document not found')
      throw error
    }
    return conflicts
  })

  async function openStream(workspaceId: string, reply: FastifyReply, collections: CollectionName[], multiplexed: boolean) {
    reply.hijack()
    reply.raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    })
    await hub.open(workspaceId, collections, multiplexed, reply.raw)
  }

  app.get('/api/replication/:collection/stream', async (request, reply) => {
    const caller = await authenticateWorkspace(storage, request, now())
    const collection = collectionParam(request)
    await openStream(caller.workspaceId, reply, [collection], false)
  })

  app.get('/api/replication/stream', async (request, reply) => {
    const caller = await authenticateWorkspace(storage, request, now())
    const query = parseBody(streamQuery, request.query)
    const names = query.collections ? query.collections.split(',') : collectionNames
    const unknown = names.find((name) => !isCollectionName(name))
    if (unknown !== undefined) throw new ApiError('unknown_collection', `unknown collection: ${unknown.slice(0, 60)}`)
    await openStream(caller.workspaceId, reply, [...new Set(names)] as CollectionName[], true)
  })
}
