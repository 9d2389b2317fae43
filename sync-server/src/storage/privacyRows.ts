import { randomUUID } from 'node:crypto'
import type { AuditCursor, AuditEntry, ContactHistory } from './privacyStore'
import { AUDIT_KINDS } from '@core/privacy/audit'

// Row shapes and SQL of the privacy store shared by both dialects. Placeholders are `$1…`;
// SQLite runs them as plain `?` (each is used once, in order).

export interface AuditRow {
  workspace_id: string
  id: string
  at: number
  recorded_at: number
  actor_id: string
  actor_email: string
  kind: string
  subject: string
  row_count: number | null
  source: string
}

export const AUDIT_COLUMNS = 'workspace_id, id, at, recorded_at, actor_id, actor_email, kind, subject, row_count, source'

export const INSERT_AUDIT_SQL = `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
  ON CONFLICT (workspace_id, id) DO NOTHING`

export function auditValues(entry: AuditEntry): unknown[] {
  return [entry.workspaceId, entry.id, entry.at, entry.recordedAt, entry.actorId, entry.actorEmail, entry.kind, entry.subject, entry.rowCount, entry.source]
}

export function toAuditEntry(row: AuditRow): AuditEntry {
  const kind = AUDIT_KINDS.find((candidate) => candidate === row.kind)
  if (kind === undefined) throw new Error(`unknown audit kind in storage: ${row.kind}`)
  return {
    workspaceId: row.workspace_id,
    id: row.id,
    at: row.at,
    recordedAt: row.recorded_at,
    actorId: row.actor_id,
    actorEmail: row.actor_email,
    kind,
    subject: row.subject,
    rowCount: row.row_count,
    source: row.source === 'server' ? 'server' : 'device',
  }
}

export const LIST_AUDIT_SQL = `SELECT ${AUDIT_COLUMNS} FROM audit_log WHERE workspace_id = $1 ORDER BY recorded_at DESC, id DESC LIMIT $2`
export const LIST_AUDIT_BEFORE_SQL = `SELECT ${AUDIT_COLUMNS} FROM audit_log
  WHERE workspace_id = $1 AND (recorded_at < $2 OR (recorded_at = $3 AND id < $4))
  ORDER BY recorded_at DESC, id DESC LIMIT $5`

export function listAuditValues(workspaceId: string, limit: number, before: AuditCursor | null): unknown[] {
  return before === null ? [workspaceId, limit] : [workspaceId, before.recordedAt, before.recordedAt, before.id, limit]
}

export interface TrackingHistoryRow {
  campaign_id: string
  type: string
  link_index: number
  at: number
  machine: number
  ua_family: string
}
export const TRACKING_HISTORY_SQL = `SELECT campaign_id, type, link_index, at, machine, ua_family FROM tracking_events
  WHERE workspace_id = $1 AND contact_id = $2 ORDER BY at, campaign_id`

export interface RecipientHistoryRow {
  campaign_id: string
  email: string
  status: string
  attempts: number
  message_id: string | null
  sent_at: number | null
  last_error: string | null
}
export const RECIPIENT_HISTORY_SQL = `SELECT campaign_id, email, status, attempts, message_id, sent_at, last_error FROM recipients
  WHERE workspace_id = $1 AND contact_id = $2 ORDER BY campaign_id`

export const SUPPRESSION_HISTORY_SQL = 'SELECT reason, created_at FROM suppressions WHERE workspace_id = $1 AND email IN ($2, $3) ORDER BY created_at'

export interface OutboxCandidateRow {
  id: string
  received_at: number
  from_address: string
  to_addresses: string
  subject: string
}

export function toTrackingHistory(row: TrackingHistoryRow): ContactHistory['trackingEvents'][number] {
  const type = row.type === 'open' || row.type === 'click' || row.type === 'unsubscribe' ? row.type : 'open'
  return { campaignId: row.campaign_id, type, linkIndex: row.link_index, at: row.at, machine: row.machine === 1, userAgentFamily: row.ua_family }
}

export function toRecipientHistory(row: RecipientHistoryRow): ContactHistory['recipients'][number] {
  return {
    campaignId: row.campaign_id,
    email: row.email,
    status: row.status,
    attempts: row.attempts,
    messageId: row.message_id,
    sentAt: row.sent_at,
    lastError: row.last_error,
  }
}

/** The addresses named in a To header as the sink stored it ("Ada <ada@x.com>, bob@y.com"), lower-cased. */
export function addressesIn(toHeader: string): string[] {
  return (toHeader.match(/[^\s<>,;"']+@[^\s<>,;"']+/g) ?? []).map((address) => address.toLowerCase())
}

/** Caught messages addressed to `email` (normalized) among rows found by a substring match. */
export function outboxRowsFor<Row extends Pick<OutboxCandidateRow, 'to_addresses'>>(rows: readonly Row[], email: string): Row[] {
  return rows.filter((row) => addressesIn(row.to_addresses).includes(email))
}

/**
 * The id an erased contact's engagement and send-queue rows are kept under: fresh and random, and
 * stored nowhere else, so the rows still add up in campaign totals but lead back to nobody.
 */
export function anonymousContactId(): string {
  return `erased-${randomUUID()}`
}

// Statements of an erasure (numbered placeholders used once each, in order).
export const ANONYMISE_TRACKING_SQL = 'UPDATE tracking_events SET contact_id = $1 WHERE workspace_id = $2 AND contact_id = $3'
export const ANONYMISE_FIRSTS_SQL = 'UPDATE tracking_firsts SET contact_id = $1 WHERE workspace_id = $2 AND contact_id = $3'
/** A queued row is skipped (never sent); the address gives way to a placeholder that stays unique per campaign. */
export const ANONYMISE_RECIPIENTS_SQL = `UPDATE recipients SET contact_id = $1, email = $2,
    last_error = CASE WHEN status = 'queued' THEN 'contact erased' ELSE NULL END,
    status = CASE WHEN status = 'queued' THEN 'skipped' ELSE status END
  WHERE workspace_id = $3 AND contact_id = $4`
export const DELETE_OUTBOX_SQL = 'DELETE FROM outbox_messages WHERE workspace_id = $1 AND id = $2'
export const PLAIN_SUPPRESSIONS_SQL = 'SELECT reason, created_at FROM suppressions WHERE workspace_id = $1 AND email = $2'
export const DELETE_PLAIN_SUPPRESSION_SQL = 'DELETE FROM suppressions WHERE workspace_id = $1 AND email = $2'
export const ADD_HASHED_SUPPRESSION_SQL = `INSERT INTO suppressions (workspace_id, email, reason, created_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (workspace_id, email) DO NOTHING`
