import type { AuditKind } from '@core/privacy/audit'
import type { DocumentWrite, StoredDocument } from './port'
import type { SuppressionReason } from './sendingPort'
import type { TrackingEventType } from './trackingStore'

// Privacy tools (sync-server/src/privacy): everything the server holds about one contact, its
// erasure in one transaction, and the audit log. Both storage implementations provide it as
// `storage.privacy` and pass privacyContract.test.ts.

export interface AuditEntry {
  workspaceId: string
  /** A ULID; unique per workspace (a device reporting the same entry twice stores it once). */
  id: string
  /** When it happened: the server's clock for what it did, the device's for what it reports. */
  at: number
  /** When the server stored it. */
  recordedAt: number
  actorId: string
  actorEmail: string
  kind: AuditKind
  /** A contact id, or an export's scope. */
  subject: string
  /** Rows or documents exported; null when not counted. */
  rowCount: number | null
  /** 'server': done by the server (contact export, erasure); 'device': reported by a member's device. */
  source: 'server' | 'device'
}

/** Where a page of the audit log continues (newest first): after this entry. */
export interface AuditCursor {
  recordedAt: number
  id: string
}

/** Everything the server keeps about one contact beyond its replicated documents. */
export interface ContactHistory {
  /** Every open, click and unsubscribe recorded for the contact, oldest first. */
  trackingEvents: Array<{ campaignId: string; type: TrackingEventType; linkIndex: number; at: number; machine: boolean; userAgentFamily: string }>
  /** The contact's rows in campaign send queues. */
  recipients: Array<{ campaignId: string; email: string; status: string; attempts: number; messageId: string | null; sentAt: number | null; lastError: string | null }>
  /** Suppression entries of the contact's address (absent address: none). */
  suppressions: Array<{ reason: string; createdAt: number }>
  /** Mail the embedded SMTP sink caught for the address. */
  outboxMessages: Array<{ id: string; receivedAt: number; from: string; to: string; subject: string }>
}

type Doc = Record<string, unknown>

/** What an erasure found, read inside its transaction. */
export interface ErasureTargets {
  /** The contact document (live, deleted or already erased). */
  contact: Doc
  /** Every activity document of the contact (tombstones too: they still hold their data). */
  activities: ReadonlyMap<string, Doc>
  /** Every `events` document of the contact. */
  events: ReadonlyMap<string, Doc>
}

/** What the caller's decide returns: the documents to write (ids among the targets only). */
export interface ErasureWrites {
  contacts: DocumentWrite[]
  activities: DocumentWrite[]
  events: DocumentWrite[]
  /** Keep the address suppressed (as a hash) for this reason even when it is not on the list now. */
  suppress: SuppressionReason | null
}

export interface ErasureResult {
  /** The documents written, by collection (each with its new sequence). */
  written: Record<'contacts' | 'activities' | 'events', StoredDocument[]>
  /** Rows removed or anonymised per server table. */
  purged: { trackingEvents: number; recipients: number; outboxMessages: number; suppressions: number }
}

export interface PrivacyStore {
  /** The contact document of this workspace (parsed, deleted or not), or null when it is not one of its contacts. */
  getContact(workspaceId: string, contactId: string): Promise<Doc | null>
  /** The server-side history of one contact; `email` (normalized) finds its suppression and outbox entries. */
  contactHistory(workspaceId: string, contactId: string, email: string | null): Promise<ContactHistory>
  /**
   * One transaction, serialized with pushes to the workspace: reads the contact (null, and
   * nothing changed, when it is not one of the workspace's contacts), its activities and events,
   * writes what `decide` returns with the next sequences (notifying change listeners after
   * commit), deletes its tracking events, anonymises its send-queue rows (a queued one is skipped,
   * never sent), deletes caught mail to its address, replaces its suppression entries by hashed
   * ones (suppressionHash.ts) and appends `audit`.
   */
  eraseContact(workspaceId: string, contactId: string, decide: (targets: ErasureTargets) => ErasureWrites, audit: AuditEntry): Promise<ErasureResult | null>
  /** Appends entries; an id already stored for the workspace is left as it is. Returns how many were new. */
  addAuditEntries(entries: readonly AuditEntry[]): Promise<number>
  /** Newest first (recordedAt, then id), at most `limit`, after `before` when given. */
  listAuditEntries(workspaceId: string, limit: number, before: AuditCursor | null): Promise<AuditEntry[]>
}
