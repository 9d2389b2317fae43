import type { MemberRole } from '@core/schema'
import type { ReplicationCheckpoint } from '@core/sync/protocol'
import type { TrackingStore } from './trackingStore'
import type { SendingStore } from './sendingPort'
import type { SettingsStore } from './settingsStore'
import type { PrivacyStore } from './privacyStore'
import type { WebhookStore } from './webhookStore'
import type { WorkflowStore } from './workflowStore'

// The one interface the server speaks to its database. Two implementations (sqlite.ts,
// postgres.ts) pass the same contract suite (contract.test.ts). Times are epoch milliseconds.

export interface UserRecord {
  id: string
  /** Stored lower-cased and trimmed; unique. */
  email: string
  name: string
  passwordHash: string
  createdAt: number
}

export interface SessionRecord {
  /** sha256 of the bearer token (hex); the token itself is never stored. */
  tokenHash: string
  userId: string
  createdAt: number
  expiresAt: number
  revokedAt: number | null
}

export interface WorkspaceRecord {
  id: string
  name: string
  createdAt: number
}

export interface MembershipRecord {
  workspaceId: string
  userId: string
  role: MemberRole
  joinedAt: number
}

export interface InviteRecord {
  /** sha256 of the one-time code (hex). */
  codeHash: string
  workspaceId: string
  role: Exclude<MemberRole, 'owner'>
  createdBy: string
  createdAt: number
  expiresAt: number
  usedAt: number | null
  usedBy: string | null
}

/** A replicated document as stored: its JSON (including `_deleted`) and its sequence. */
export interface StoredDocument {
  id: string
  seq: number
  /** The document exactly as replicated (JSON object text, `_deleted` included). */
  json: string
}

export interface DocumentWrite {
  id: string
  /** The full document, `_deleted` included. */
  doc: Record<string, unknown>
}

export interface PullPage {
  documents: StoredDocument[]
  /** Position after the last returned document; the input checkpoint when nothing was returned. */
  checkpoint: ReplicationCheckpoint | null
}

/** What `pushDocuments`' decide callback sees and returns, inside the write transaction. */
export interface PushContext {
  /** Current stored documents among the pushed ids (parsed), by id. */
  masters: ReadonlyMap<string, Record<string, unknown>>
}

export interface ChangeNotice {
  workspaceId: string
  collection: string
  /** Highest sequence written by the committed change. */
  seq: number
}

/**
 * Sent to change listeners when notices may have been missed (PostgreSQL: the LISTEN connection
 * came back after dropping): anything in any workspace may have changed since the last notice.
 */
export const ANY_CHANGE: ChangeNotice = Object.freeze({ workspaceId: '*', collection: '*', seq: Number.MAX_SAFE_INTEGER })

/** Thrown by pushDocuments when a pushed id already belongs to another workspace. Nothing is written. */
export class ForeignDocumentError extends Error {
  constructor(readonly ids: string[]) {
    super('document belongs to another workspace')
    this.name = 'ForeignDocumentError'
  }
}

/**
 * Thrown by pushDocuments and the membership writers when the workspace is missing or deleted
 * (e.g. deleted between the caller's membership check and the write). Nothing is written.
 */
export class UnknownWorkspaceError extends Error {
  constructor(readonly workspaceId: string) {
    super('workspace not found')
    this.name = 'UnknownWorkspaceError'
  }
}

/** The form emails are stored and looked up in (UserRecord.email). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

/** Thrown by createUser when the email is taken. */
export class EmailTakenError extends Error {
  constructor() {
    super('email already registered')
    this.name = 'EmailTakenError'
  }
}

/** Optional settings of openSqliteStorage / openPostgresStorage. */
export interface StorageOptions {
  /**
   * Problems that have no caller to throw to: a change listener that threw, a dropped
   * PostgreSQL notification connection (it reconnects by itself). Default: console.error.
   */
  onError?: (error: unknown) => void
}

export interface StoragePort {
  readonly kind: 'sqlite' | 'postgres'
  /** Durable engagement history behind the tracking endpoints. */
  readonly tracking: TrackingStore
  /** Server-only settings: sending settings (secrets encrypted) and the SMTP sink's outbox. */
  readonly settings: SettingsStore
  /** The send queue, suppression list and stored campaign links (sync-server/src/sending). */
  readonly sending: SendingStore
  /** Privacy tools: a contact's server-side history, its erasure, the audit log (sync-server/src/privacy). */
  readonly privacy: PrivacyStore
  /** Outbound webhooks: endpoints, the delivery queue, the attempts log (sync-server/src/webhooks). */
  readonly webhooks: WebhookStore
  /** The workflow engine's durable state: versions, enrolments, step records, outbox (sync-server/src/workflows). */
  readonly workflows: WorkflowStore

  /** Runs pending schema migrations (idempotent; safe when several instances start at once). */
  migrate(): Promise<void>
  close(): Promise<void>

  // Accounts
  createUser(user: UserRecord): Promise<void>
  findUserByEmail(email: string): Promise<UserRecord | null>
  findUserById(id: string): Promise<UserRecord | null>

  // Sessions (bearer tokens)
  createSession(session: SessionRecord): Promise<void>
  findSession(tokenHash: string): Promise<SessionRecord | null>
  revokeSession(tokenHash: string, at: number): Promise<void>

  // Workspaces and membership. Every membership change also writes the member's projection
  // document into the `members` collection (same transaction, next sequence), so clients see it.
  createWorkspace(workspace: WorkspaceRecord, owner: MembershipRecord, ownerDoc: Record<string, unknown>): Promise<void>
  /** Null when missing or deleted. */
  getWorkspace(id: string): Promise<WorkspaceRecord | null>
  /** Marks the workspace deleted: it disappears from every lookup; its data stays until purged. */
  deleteWorkspace(id: string, at: number): Promise<void>
  listWorkspacesForUser(userId: string): Promise<Array<WorkspaceRecord & { role: MemberRole }>>
  getMembership(workspaceId: string, userId: string): Promise<MembershipRecord | null>
  listMembers(workspaceId: string): Promise<Array<MembershipRecord & { email: string; name: string }>>
  /** Inserts or updates the membership and writes `memberDoc` (id = userId) into `members`. */
  saveMembership(membership: MembershipRecord, memberDoc: Record<string, unknown>): Promise<void>
  /** Deletes the membership and writes the tombstone `memberDoc` into `members`. */
  removeMembership(workspaceId: string, userId: string, memberDoc: Record<string, unknown>): Promise<void>

  createInvite(invite: InviteRecord): Promise<void>
  /**
   * One transaction: marks an unused, unexpired invite of a live workspace used by `userId` and,
   * unless they already belong to the workspace, adds them with the invite's role (and writes
   * `memberDocFor(membership)` into `members`). Returns the invite and the caller's membership,
   * or null when the code is unknown, used or expired (and then changes nothing).
   */
  acceptInvite(
    codeHash: string,
    userId: string,
    at: number,
    memberDocFor: (membership: MembershipRecord) => Record<string, unknown>,
  ): Promise<{ invite: InviteRecord; membership: MembershipRecord } | null>

  // Replicated documents. Ids are unique per collection across all workspaces.
  /**
   * Documents of one workspace and collection after `checkpoint` (exclusive), ordered by
   * (seq, id), at most `limit`. Exclusive on the pair: `{ seq: n, id: '' }` still returns seq n.
   */
  pull(workspaceId: string, collection: string, checkpoint: ReplicationCheckpoint | null, limit: number): Promise<PullPage>
  /** The workspace's current highest sequence (0 when nothing was written). */
  currentSeq(workspaceId: string): Promise<number>
  /**
   * One transaction, serialized per workspace (so sequences commit in order): reads the stored
   * masters of `ids`, throws ForeignDocumentError if any id belongs to another workspace, calls
   * `decide` (synchronous, pure) and writes what it returns, each written document getting the
   * next sequence number. Returns the stored versions of the written documents. Notifies
   * change listeners (on every instance, for PostgreSQL) after commit when anything was written.
   * Throws UnknownWorkspaceError for a missing or deleted workspace; `members` is written only by
   * the membership methods (pushing it throws).
   */
  pushDocuments(
    workspaceId: string,
    collection: string,
    ids: readonly string[],
    decide: (context: PushContext) => DocumentWrite[],
  ): Promise<StoredDocument[]>
  /** Subscribes to committed changes; returns the unsubscribe function. */
  onChange(listener: (notice: ChangeNotice) => void): () => void
}
