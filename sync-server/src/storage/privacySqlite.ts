import type { Database } from 'better-sqlite3'
import { assignSequences, planDocumentWrites } from './documentWrites'
import { normalizeEmail } from './port'
import type { ChangeNotice, StoredDocument } from './port'
import {
  ADD_HASHED_SUPPRESSION_SQL,
  anonymousContactId,
  ANONYMISE_FIRSTS_SQL,
  ANONYMISE_RECIPIENTS_SQL,
  ANONYMISE_TRACKING_SQL,
  auditValues,
  DELETE_OUTBOX_SQL,
  DELETE_PLAIN_SUPPRESSION_SQL,
  INSERT_AUDIT_SQL,
  LIST_AUDIT_BEFORE_SQL,
  LIST_AUDIT_SQL,
  listAuditValues,
  outboxRowsFor,
  PLAIN_SUPPRESSIONS_SQL,
  RECIPIENT_HISTORY_SQL,
  SUPPRESSION_HISTORY_SQL,
  toAuditEntry,
  toRecipientHistory,
  toTrackingHistory,
  TRACKING_HISTORY_SQL,
} from './privacyRows'
import type { AuditRow, OutboxCandidateRow, RecipientHistoryRow, TrackingHistoryRow } from './privacyRows'
import type { AuditEntry, ErasureResult, ErasureTargets, ErasureWrites, PrivacyStore } from './privacyStore'
import { preparedStatements } from './sqliteStatements'
import { hashedSuppressionKey } from './suppressionHash'

/** How the core SQLite storage writes replicated documents (sqlite.ts), for the erasure's transaction. */
export interface SqliteDocumentWriter {
  /** The workspace's sequence; throws UnknownWorkspaceError when it is missing or deleted. */
  readWorkspaceSeq(workspaceId: string): number
  writeDocument(workspaceId: string, collection: string, document: StoredDocument): void
  setWorkspaceSeq(workspaceId: string, seq: number): void
  /** Tells change listeners, after commit. */
  dispatch(notice: ChangeNotice): void
}

type Doc = Record<string, unknown>
const ERASED_COLLECTIONS = ['contacts', 'activities', 'events'] as const

export function createSqlitePrivacyStore(db: Database, writer: SqliteDocumentWriter): PrivacyStore {
  const statement = preparedStatements(db, (sql) => sql.replace(/\$\d+/g, '?'))

  const readContact = (workspaceId: string, contactId: string): Doc | null => {
    const row = statement<{ json: string }>("SELECT json FROM documents WHERE workspace_id = ? AND collection = 'contacts' AND id = ?").get(workspaceId, contactId)
    return row === undefined ? null : (JSON.parse(row.json) as Doc)
  }
  const documentsOfContact = (workspaceId: string, collection: string, contactId: string): Map<string, Doc> => {
    const rows = statement<{ id: string; json: string }>(
      "SELECT id, json FROM documents WHERE workspace_id = ? AND collection = ? AND json_extract(json, '$.contactId') = ?",
    ).all(workspaceId, collection, contactId)
    return new Map(rows.map((row) => [row.id, JSON.parse(row.json) as Doc]))
  }
  const outboxFor = (workspaceId: string, email: string): OutboxCandidateRow[] =>
    outboxRowsFor(
      statement<OutboxCandidateRow>(
        'SELECT id, received_at, from_address, to_addresses, subject FROM outbox_messages WHERE workspace_id = ? AND instr(lower(to_addresses), ?) > 0 ORDER BY received_at, id',
      ).all(workspaceId, email),
      email,
    )

  const erase = db.transaction((workspaceId: string, contactId: string, decide: (targets: ErasureTargets) => ErasureWrites, audit: AuditEntry): ErasureResult | null => {
    let seq = writer.readWorkspaceSeq(workspaceId)
    const contact = readContact(workspaceId, contactId)
    if (contact === null) return null
    const targets: ErasureTargets = {
      contact,
      activities: documentsOfContact(workspaceId, 'activities', contactId),
      events: documentsOfContact(workspaceId, 'events', contactId),
    }
    const writes = decide(targets)
    const allowed = { contacts: [contactId], activities: [...targets.activities.keys()], events: [...targets.events.keys()] }
    const written: ErasureResult['written'] = { contacts: [], activities: [], events: [] }
    for (const collection of ERASED_COLLECTIONS) {
      const stored = assignSequences(seq, planDocumentWrites(allowed[collection], writes[collection]))
      for (const document of stored) writer.writeDocument(workspaceId, collection, document)
      written[collection] = stored
      seq = stored.at(-1)?.seq ?? seq
    }
    writer.setWorkspaceSeq(workspaceId, seq)

    const anonymousId = anonymousContactId()
    const trackingEvents = statement(ANONYMISE_TRACKING_SQL).run(anonymousId, workspaceId, contactId).changes
    statement(ANONYMISE_FIRSTS_SQL).run(anonymousId, workspaceId, contactId)
    const recipients = statement(ANONYMISE_RECIPIENTS_SQL).run(anonymousId, `erased:${anonymousId}`, workspaceId, contactId).changes
    let outboxMessages = 0
    let suppressions = 0
    const email = typeof contact.email === 'string' ? normalizeEmail(contact.email) : ''
    if (email !== '') {
      for (const row of outboxFor(workspaceId, email)) outboxMessages += statement(DELETE_OUTBOX_SQL).run(workspaceId, row.id).changes
      const hash = hashedSuppressionKey(workspaceId, email)
      const plain = statement<{ reason: string; created_at: number }>(PLAIN_SUPPRESSIONS_SQL).all(workspaceId, email)
      for (const row of plain) statement(ADD_HASHED_SUPPRESSION_SQL).run(workspaceId, hash, row.reason, row.created_at)
      if (plain.length === 0 && writes.suppress !== null) statement(ADD_HASHED_SUPPRESSION_SQL).run(workspaceId, hash, writes.suppress, audit.at)
      suppressions = statement(DELETE_PLAIN_SUPPRESSION_SQL).run(workspaceId, email).changes
    }
    statement(INSERT_AUDIT_SQL).run(...auditValues(audit))
    return { written, purged: { trackingEvents, recipients, outboxMessages, suppressions } }
  })

  return {
    async getContact(workspaceId, contactId) {
      return readContact(workspaceId, contactId)
    },

    async contactHistory(workspaceId, contactId, email) {
      const normalized = email === null ? '' : normalizeEmail(email)
      return {
        trackingEvents: statement<TrackingHistoryRow>(TRACKING_HISTORY_SQL).all(workspaceId, contactId).map(toTrackingHistory),
        recipients: statement<RecipientHistoryRow>(RECIPIENT_HISTORY_SQL).all(workspaceId, contactId).map(toRecipientHistory),
        suppressions:
          normalized === ''
            ? []
            : statement<{ reason: string; created_at: number }>(SUPPRESSION_HISTORY_SQL)
                .all(workspaceId, normalized, hashedSuppressionKey(workspaceId, normalized))
                .map((row) => ({ reason: row.reason, createdAt: row.created_at })),
        outboxMessages:
          normalized === ''
            ? []
            : outboxFor(workspaceId, normalized).map((row) => ({ id: row.id, receivedAt: row.received_at, from: row.from_address, to: row.to_addresses, subject: row.subject })),
      }
    },

    async eraseContact(workspaceId, contactId, decide, audit) {
      const result = erase.immediate(workspaceId, contactId, decide, audit)
      if (result === null) return null
      for (const collection of ERASED_COLLECTIONS) {
        const last = result.written[collection].at(-1)
        if (last !== undefined) writer.dispatch({ workspaceId, collection, seq: last.seq })
      }
      return result
    },

    async addAuditEntries(entries) {
      if (entries.length === 0) return 0
      return db.transaction(() => {
        let added = 0
        for (const entry of entries) {
          // A deleted or missing workspace takes no entries (the foreign key only knows "missing").
          writer.readWorkspaceSeq(entry.workspaceId)
          added += statement(INSERT_AUDIT_SQL).run(...auditValues(entry)).changes
        }
        return added
      }).immediate()
    },

    async listAuditEntries(workspaceId, limit, before) {
      const sql = before === null ? LIST_AUDIT_SQL : LIST_AUDIT_BEFORE_SQL
      return statement<AuditRow>(sql).all(...listAuditValues(workspaceId, limit, before)).map(toAuditEntry)
    },
  }
}
