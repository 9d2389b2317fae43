import { isWebhookEventType } from '@core/webhooks/events'
import type { WebhookEventType } from '@core/webhooks/events'
import type { WebhookAttemptRecord, WebhookDeliveryRecord, WebhookDeliveryStatus, WebhookEndpointHealth, WebhookEndpointRecord } from './webhookStore'
import { WEBHOOK_ATTEMPTS_KEPT } from './webhookStore'

// SQL and row mapping shared by webhookSqlite.ts and webhookPostgres.ts. Placeholders are written
// `$1…`; `forSqlite` turns a statement into plain `?` placeholders with its arguments in order.

export const ENDPOINT_COLUMNS =
  'id, workspace_id, url, description, events_json, secret_cipher, enabled, disabled_reason, disabled_at, consecutive_failures, failing_since, created_at, created_by, updated_at'
export const DELIVERY_COLUMNS =
  'id, workspace_id, endpoint_id, event_id, event_type, payload_json, status, attempts, next_attempt_at, first_attempt_at, last_attempt_at, last_status_code, last_duration_ms, last_error, created_at'
export const ATTEMPT_COLUMNS = 'delivery_id, attempt, endpoint_id, at, status_code, duration_ms, error'

export const INSERT_ENDPOINT_SQL = `INSERT INTO webhook_endpoints (${ENDPOINT_COLUMNS})
  VALUES ($1, $2, $3, $4, $5, $6, $7, '', NULL, 0, NULL, $8, $9, $8)`
export const GET_ENDPOINT_SQL = `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE workspace_id = $1 AND id = $2`
export const LIST_ENDPOINTS_SQL = `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE workspace_id = $1 ORDER BY created_at, id`
/** $3 url, $4 description, $5 events, $6 secret (null: keep each), $7 at. */
export const UPDATE_ENDPOINT_FIELDS_SQL = `UPDATE webhook_endpoints SET
    url = COALESCE($3, url), description = COALESCE($4, description), events_json = COALESCE($5, events_json),
    secret_cipher = COALESCE($6, secret_cipher), updated_at = $7
  WHERE workspace_id = $1 AND id = $2`
/** Enabling clears the notice and the failure streak. */
export const ENABLE_ENDPOINT_SQL = `UPDATE webhook_endpoints SET enabled = 1, disabled_reason = '', disabled_at = NULL,
    consecutive_failures = 0, failing_since = NULL, updated_at = $3
  WHERE workspace_id = $1 AND id = $2 AND enabled = 0`
/** What waited while it was disabled goes out now rather than at its backed-off time. */
export const RELEASE_WAITING_SQL = `UPDATE webhook_deliveries SET next_attempt_at = $3
  WHERE workspace_id = $1 AND endpoint_id = $2 AND status = 'queued' AND next_attempt_at > $3`
export const DISABLE_ENDPOINT_SQL = `UPDATE webhook_endpoints SET enabled = 0, disabled_reason = $3, disabled_at = $4, updated_at = $4
  WHERE workspace_id = $1 AND id = $2 AND enabled = 1`
export const DELETE_ENDPOINT_SQL = 'DELETE FROM webhook_endpoints WHERE workspace_id = $1 AND id = $2'
/** $2 is '%<contact id>%': ids are ULIDs, which hold no LIKE wildcards. */
export const FORGET_CONTACT_SQL = 'DELETE FROM webhook_deliveries WHERE workspace_id = $1 AND payload_json LIKE $2'

export const GET_DELIVERY_SQL = `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE workspace_id = $1 AND id = $2`
/** $3: a delivery id, or '' for the newest page. */
export const LIST_DELIVERIES_SQL = `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries
  WHERE workspace_id = $1 AND endpoint_id = $2 AND ($3 = '' OR id < $3) ORDER BY id DESC LIMIT $4`
export const LATEST_DELIVERIES_SQL = `SELECT ${prefixed('d', DELIVERY_COLUMNS)} FROM webhook_deliveries d
  WHERE d.workspace_id = $1 AND d.id = (SELECT MAX(x.id) FROM webhook_deliveries x WHERE x.endpoint_id = d.endpoint_id)`

/** The delivery as recordAttempt finds it. */
export const ATTEMPTED_DELIVERY_SQL = 'SELECT workspace_id, endpoint_id FROM webhook_deliveries WHERE id = $1'
export const INSERT_ATTEMPT_SQL = `INSERT INTO webhook_attempts (${ATTEMPT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (delivery_id, attempt) DO NOTHING`
/** $2 status, $3 next attempt, $4 at, $5 status code, $6 duration, $7 error, $8 claim. A success counts whoever holds it. */
export const FINISH_ATTEMPT_SQL = `UPDATE webhook_deliveries SET status = $2, next_attempt_at = $3, last_attempt_at = $4,
    last_status_code = $5, last_duration_ms = $6, last_error = $7, claim_id = NULL, lease_until = 0
  WHERE id = $1 AND ((status = 'sending' AND claim_id = $8) OR ($2 = 'succeeded' AND status IN ('queued', 'sending')))`
export const ENDPOINT_SUCCEEDED_SQL = `UPDATE webhook_endpoints SET consecutive_failures = 0, failing_since = NULL
  WHERE id = $1 RETURNING workspace_id, id, enabled, consecutive_failures, failing_since`
export const ENDPOINT_FAILED_SQL = `UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1, failing_since = COALESCE(failing_since, $2)
  WHERE id = $1 RETURNING workspace_id, id, enabled, consecutive_failures, failing_since`
export const PRUNE_ATTEMPTS_SQL = `DELETE FROM webhook_attempts WHERE endpoint_id = $1 AND at < (
    SELECT at FROM webhook_attempts WHERE endpoint_id = $1 ORDER BY at DESC LIMIT 1 OFFSET ${WEBHOOK_ATTEMPTS_KEPT - 1})`
export const RELEASE_CLAIM_SQL = `UPDATE webhook_deliveries SET status = 'queued', claim_id = NULL, lease_until = 0,
    attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END
  WHERE status = 'sending' AND claim_id = $1`

function prefixed(alias: string, columns: string): string {
  return columns
    .split(', ')
    .map((column) => `${alias}.${column}`)
    .join(', ')
}

/** `$n` placeholders (each may repeat) to `?`, with the arguments each `?` takes, in order. */
export function forSqlite(sql: string): { text: string; order: number[] } {
  const order: number[] = []
  const text = sql.replace(/\$(\d+)/g, (_match, digits: string) => {
    order.push(Number(digits) - 1)
    return '?'
  })
  return { text, order }
}

export interface EndpointRow {
  id: string
  workspace_id: string
  url: string
  description: string
  events_json: string
  secret_cipher: string
  enabled: number
  disabled_reason: string
  disabled_at: number | string | null
  consecutive_failures: number
  failing_since: number | string | null
  created_at: number | string
  created_by: string
  updated_at: number | string
}

export interface DeliveryRow {
  id: string
  workspace_id: string
  endpoint_id: string
  event_id: string
  event_type: string
  payload_json: string
  status: string
  attempts: number
  next_attempt_at: number | string
  first_attempt_at: number | string | null
  last_attempt_at: number | string | null
  last_status_code: number | null
  last_duration_ms: number | null
  last_error: string
  created_at: number | string
}

export interface AttemptRow {
  delivery_id: string
  attempt: number
  endpoint_id: string
  at: number | string
  status_code: number | null
  duration_ms: number
  error: string
}

export interface HealthRow {
  workspace_id: string
  id: string
  enabled: number
  consecutive_failures: number
  failing_since: number | string | null
}

const orNull = (value: number | string | null): number | null => (value === null ? null : Number(value))

function eventTypes(json: string): WebhookEventType[] {
  const parsed: unknown = JSON.parse(json)
  return Array.isArray(parsed) ? parsed.filter(isWebhookEventType) : []
}

export function toEndpoint(row: EndpointRow): WebhookEndpointRecord {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    url: row.url,
    description: row.description,
    events: eventTypes(row.events_json),
    secretCipher: row.secret_cipher,
    enabled: Number(row.enabled) === 1,
    disabledReason: row.disabled_reason,
    disabledAt: orNull(row.disabled_at),
    consecutiveFailures: Number(row.consecutive_failures),
    failingSince: orNull(row.failing_since),
    createdAt: Number(row.created_at),
    createdBy: row.created_by,
    updatedAt: Number(row.updated_at),
  }
}

const STATUSES: readonly WebhookDeliveryStatus[] = ['queued', 'sending', 'succeeded', 'failed']

export function toDelivery(row: DeliveryRow): WebhookDeliveryRecord {
  const type = row.event_type
  if (!isWebhookEventType(type)) throw new Error(`webhook delivery ${row.id} has an unknown event type`)
  const status = STATUSES.find((candidate) => candidate === row.status)
  if (status === undefined) throw new Error(`webhook delivery ${row.id} has an unknown status`)
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: type,
    payloadJson: row.payload_json,
    status,
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at),
    firstAttemptAt: orNull(row.first_attempt_at),
    lastAttemptAt: orNull(row.last_attempt_at),
    lastStatusCode: row.last_status_code === null ? null : Number(row.last_status_code),
    lastDurationMs: row.last_duration_ms === null ? null : Number(row.last_duration_ms),
    lastError: row.last_error,
    createdAt: Number(row.created_at),
  }
}

export function toAttempt(row: AttemptRow): WebhookAttemptRecord {
  return {
    deliveryId: row.delivery_id,
    attempt: Number(row.attempt),
    at: Number(row.at),
    statusCode: row.status_code === null ? null : Number(row.status_code),
    durationMs: Number(row.duration_ms),
    error: row.error,
  }
}

export function toHealth(row: HealthRow): WebhookEndpointHealth {
  return {
    workspaceId: row.workspace_id,
    endpointId: row.id,
    enabled: Number(row.enabled) === 1,
    consecutiveFailures: Number(row.consecutive_failures),
    failingSince: orNull(row.failing_since),
  }
}

/** Status to store for an attempt's outcome, and when the delivery is next due. */
export function finishedState(outcome: { kind: 'succeeded' } | { kind: 'retry'; nextAttemptAt: number } | { kind: 'failed' }, at: number): { status: WebhookDeliveryStatus; nextAttemptAt: number } {
  return outcome.kind === 'retry' ? { status: 'queued', nextAttemptAt: outcome.nextAttemptAt } : { status: outcome.kind, nextAttemptAt: at }
}
