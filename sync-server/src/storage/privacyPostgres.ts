import type pg from 'pg'
import { assignSequences, planDocumentWrites } from './documentWrites'
import { normalizeEmail } from './port'
import type { StoredDocument } from './port'
import { inTransaction } from './postgresTransactions'
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
import type { ErasureResult, ErasureTargets, PrivacyStore } from './privacyStore'
import { hashedSuppressionKey } from './suppressionHash'

/** How the core PostgreSQL storage writes replicated documents (postgres.ts), for the erasure's transaction. */
export interface PostgresDocumentWriter {
  /** Locks the workspace row until commit and returns its sequence; throws UnknownWorkspaceError when missing or deleted. */
  lockWorkspace(client: pg.PoolClient, workspaceId: string): Promise<number>
  /** Upserts sequenced documents, moves the workspace sequence and queues the change notice (NOTIFY on commit). */
  writeDocuments(client: pg.PoolClient, workspaceId: string, collection: string, documents: readonly StoredDocument[]): Promise<void>
}

type Doc = Record<string, unknown>
type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient
const ERASED_COLLECTIONS = ['contacts', 'activities', 'events'] as const

async function rows<Row extends pg.QueryResultRow>(db: Queryable, text: string, values: unknown[]): Promise<Row[]> {
  return (await db.query<Row>(text, values)).rows
}

async function readContact(db: Queryable, workspaceId: string, contactId: string): Promise<Doc | null> {
  const [row] = await rows<{ json: string }>(db, "SELECT json FROM documents WHERE workspace_id = $1 AND collection = 'contacts' AND id = $2", [workspaceId, contactId])
  return row === undefined ? null : (JSON.parse(row.json) as Doc)
}

async function documentsOfContact(db: Queryable, workspaceId: string, collection: string, contactId: string): Promise<Map<string, Doc>> {
  const found = await rows<{ id: string; json: string }>(
    db,
    "SELECT id, json FROM documents WHERE workspace_id = $1 AND collection = $2 AND (json::json ->> 'contactId') = $3",
    [workspaceId, collection, contactId],
  )
  return new Map(found.map((row) => [row.id, JSON.parse(row.json) as Doc]))
}

async function outboxFor(db: Queryable, workspaceId: string, email: string): Promise<OutboxCandidateRow[]> {
  const candidates = await rows<OutboxCandidateRow>(
    db,
    'SELECT id, received_at, from_address, to_addresses, subject FROM outbox_messages WHERE workspace_id = $1 AND strpos(lower(to_addresses), $2) > 0 ORDER BY received_at, id',
    [workspaceId, email],
  )
  return outboxRowsFor(candidates, email)
}

export function createPostgresPrivacyStore(pool: pg.Pool, writer: PostgresDocumentWriter): PrivacyStore {
  return {
    getContact(workspaceId, contactId) {
      return readContact(pool, workspaceId, contactId)
    },

    async contactHistory(workspaceId, contactId, email) {
      const normalized = email === null ? '' : normalizeEmail(email)
      const [tracking, recipients, suppressions, outbox] = await Promise.all([
        rows<TrackingHistoryRow>(pool, TRACKING_HISTORY_SQL, [workspaceId, contactId]),
        rows<RecipientHistoryRow>(pool, RECIPIENT_HISTORY_SQL, [workspaceId, contactId]),
        normalized === ''
          ? []
          : rows<{ reason: string; created_at: number }>(pool, SUPPRESSION_HISTORY_SQL, [workspaceId, normalized, hashedSuppressionKey(workspaceId, normalized)]),
        normalized === '' ? [] : outboxFor(pool, workspaceId, normalized),
      ])
      return {
        trackingEvents: tracking.map(toTrackingHistory),
        recipients: recipients.map(toRecipientHistory),
        suppressions: suppressions.map((row) => ({ reason: row.reason, createdAt: row.created_at })),
        outboxMessages: outbox.map((row) => ({ id: row.id, receivedAt: row.received_at, from: row.from_address, to: row.to_addresses, subject: row.subject })),
      }
    },

    eraseContact(workspaceId, contactId, decide, audit) {
      return inTransaction(pool, async (client): Promise<ErasureResult | null> => {
        // The workspace lock orders this after (and before) every push to the workspace.
        let seq = await writer.lockWorkspace(client, workspaceId)
        const contact = await readContact(client, workspaceId, contactId)
        if (contact === null) return null
        const targets: ErasureTargets = {
          contact,
          activities: await documentsOfContact(client, workspaceId, 'activities', contactId),
          events: await documentsOfContact(client, workspaceId, 'events', contactId),
        }
        const writes = decide(targets)
        const allowed = { contacts: [contactId], activities: [...targets.activities.keys()], events: [...targets.events.keys()] }
        const written: ErasureResult['written'] = { contacts: [], activities: [], events: [] }
        for (const collection of ERASED_COLLECTIONS) {
          const stored = assignSequences(seq, planDocumentWrites(allowed[collection], writes[collection]))
          await writer.writeDocuments(client, workspaceId, collection, stored)
          written[collection] = stored
          seq = stored.at(-1)?.seq ?? seq
        }

        const anonymousId = anonymousContactId()
        const trackingEvents = (await client.query(ANONYMISE_TRACKING_SQL, [anonymousId, workspaceId, contactId])).rowCount ?? 0
        await client.query(ANONYMISE_FIRSTS_SQL, [anonymousId, workspaceId, contactId])
        const recipients = (await client.query(ANONYMISE_RECIPIENTS_SQL, [anonymousId, `erased:${anonymousId}`, workspaceId, contactId])).rowCount ?? 0
        let outboxMessages = 0
        let suppressions = 0
        const email = typeof contact.email === 'string' ? normalizeEmail(contact.email) : ''
        if (email !== '') {
          for (const row of await outboxFor(client, workspaceId, email)) outboxMessages += (await client.query(DELETE_OUTBOX_SQL, [workspaceId, row.id])).rowCount ?? 0
          const hash = hashedSuppressionKey(workspaceId, email)
          const plain = await rows<{ reason: string; created_at: number }>(client, PLAIN_SUPPRESSIONS_SQL, [workspaceId, email])
          for (const row of plain) await client.query(ADD_HASHED_SUPPRESSION_SQL, [workspaceId, hash, row.reason, row.created_at])
          if (plain.length === 0 && writes.suppress !== null) await client.query(ADD_HASHED_SUPPRESSION_SQL, [workspaceId, hash, writes.suppress, audit.at])
          suppressions = (await client.query(DELETE_PLAIN_SUPPRESSION_SQL, [workspaceId, email])).rowCount ?? 0
        }
        await client.query(INSERT_AUDIT_SQL, auditValues(audit))
        return { written, purged: { trackingEvents, recipients, outboxMessages, suppressions } }
      })
    },

    async addAuditEntries(entries) {
      if (entries.length === 0) return 0
      return inTransaction(pool, async (client) => {
        let added = 0
        for (const workspaceId of new Set(entries.map((entry) => entry.workspaceId))) await writer.lockWorkspace(client, workspaceId)
        for (const entry of entries) added += (await client.query(INSERT_AUDIT_SQL, auditValues(entry))).rowCount ?? 0
        return added
      })
    },

    async listAuditEntries(workspaceId, limit, before) {
      const sql = before === null ? LIST_AUDIT_SQL : LIST_AUDIT_BEFORE_SQL
      return (await rows<AuditRow>(pool, sql, listAuditValues(workspaceId, limit, before))).map(toAuditEntry)
    },
  }
}
