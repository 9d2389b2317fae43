import { z } from 'zod'

// Wire shapes of the replication protocol (ARCHITECTURE.md, "Sync protocol"), shared by the
// renderer's replication and the sync server so the two cannot drift apart.

/** Server-assigned position: the per-workspace sequence of the last document, then its id. */
export interface ReplicationCheckpoint {
  seq: number
  id: string
}

export const checkpointSchema = z.strictObject({
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  id: z.string().max(64),
})

export const PULL_LIMIT_MAX = 1000
export const PUSH_BATCH_MAX = 1000

/** A pushed change: the state the client based its edit on, and the edit. */
export interface PushRow<T = Record<string, unknown>> {
  assumedMasterState?: T | null
  newDocumentState: T
}

export interface PullResponse<T = Record<string, unknown>> {
  documents: T[]
  checkpoint: ReplicationCheckpoint | null
}

/** One event of the multiplexed stream (`GET /api/replication/stream`). */
export interface StreamEvent<T = Record<string, unknown>> extends PullResponse<T> {
  collection: string
}

/** Sent on the stream when the client may have missed changes (e.g. after reconnecting). */
export const RESYNC = 'RESYNC'

/** Error bodies are `{ error: <code>, message: <human text> }` with a 4xx/5xx status. */
export interface ErrorBody {
  error: string
  message: string
  details?: unknown
}
