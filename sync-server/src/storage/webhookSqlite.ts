import type { Database, Statement } from 'better-sqlite3'
import * as sql from './webhookSql'
import type { AttemptRow, DeliveryRow, EndpointRow, HealthRow } from './webhookSql'
import type { ClaimedWebhookDelivery, WebhookAttemptResult, WebhookEndpointHealth, WebhookStore } from './webhookStore'

// Outbound webhooks on SQLite. Statements run to completion without yielding and SQLite has one
// writer, so a claim (one UPDATE … RETURNING) never hands a delivery to two dispatchers.

export function createSqliteWebhookStore(db: Database): WebhookStore {
  const prepared = new Map<string, { statement: Statement; order: number[] }>()
  const statement = (text: string) => {
    let entry = prepared.get(text)
    if (entry === undefined) {
      const converted = sql.forSqlite(text)
      entry = { statement: db.prepare(converted.text), order: converted.order }
      prepared.set(text, entry)
    }
    const { statement: compiled, order } = entry
    const args = (values: unknown[]) => order.map((index) => values[index])
    return {
      all: <Row>(...values: unknown[]) => compiled.all(...args(values)) as Row[],
      get: <Row>(...values: unknown[]) => compiled.get(...args(values)) as Row | undefined,
      run: (...values: unknown[]) => compiled.run(...args(values)).changes,
    }
  }

  const enqueue = db.transaction((deliveries: Parameters<WebhookStore['enqueueDeliveries']>[0]) => {
    let added = 0
    const insert = statement(`INSERT INTO webhook_deliveries (id, workspace_id, endpoint_id, event_id, event_type, payload_json, status, attempts, next_attempt_at, created_at)
      SELECT $1, $2, $3, $4, $5, $6, 'queued', 0, $7, $7 WHERE EXISTS (SELECT 1 FROM webhook_endpoints WHERE id = $3 AND workspace_id = $2)
      ON CONFLICT (endpoint_id, event_id) DO NOTHING`)
    for (const d of deliveries) added += insert.run(d.id, d.workspaceId, d.endpointId, d.eventId, d.eventType, d.payloadJson, d.createdAt)
    return added
  })

  const claim = db.transaction((claimId: string, limit: number, now: number, leaseMs: number): ClaimedWebhookDelivery[] => {
    const rows = statement(`UPDATE webhook_deliveries SET status = 'sending', claim_id = $1, lease_until = $2, attempts = attempts + 1,
        first_attempt_at = COALESCE(first_attempt_at, $3)
      WHERE id IN (
        SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.enabled = 1
        WHERE (d.status = 'queued' AND d.next_attempt_at <= $3) OR (d.status = 'sending' AND d.lease_until <= $3)
        ORDER BY d.next_attempt_at LIMIT $4)
      RETURNING ${sql.DELIVERY_COLUMNS}`).all<DeliveryRow>(claimId, now + leaseMs, now, limit)
    if (rows.length === 0) return []
    const endpoints = new Map(
      statement('SELECT id, url, secret_cipher FROM webhook_endpoints WHERE id IN (SELECT value FROM json_each($1))')
        .all<{ id: string; url: string; secret_cipher: string }>(JSON.stringify([...new Set(rows.map((row) => row.endpoint_id))]))
        .map((row) => [row.id, row]),
    )
    return rows.flatMap((row) => {
      const endpoint = endpoints.get(row.endpoint_id)
      return endpoint === undefined ? [] : [{ delivery: sql.toDelivery(row), url: endpoint.url, secretCipher: endpoint.secret_cipher }]
    })
  })

  const record = db.transaction((result: WebhookAttemptResult): WebhookEndpointHealth | null => {
    const delivery = statement(sql.ATTEMPTED_DELIVERY_SQL).get<{ workspace_id: string; endpoint_id: string }>(result.deliveryId)
    if (delivery === undefined) return null
    statement(sql.INSERT_ATTEMPT_SQL).run(
      result.deliveryId,
      result.attempt,
      delivery.endpoint_id,
      result.at,
      result.statusCode,
      Math.round(result.durationMs),
      result.error,
    )
    const finished = sql.finishedState(result.outcome, result.at)
    statement(sql.FINISH_ATTEMPT_SQL).run(
      result.deliveryId,
      finished.status,
      finished.nextAttemptAt,
      result.at,
      result.statusCode,
      Math.round(result.durationMs),
      result.error,
      result.claimId,
    )
    const health = statement(result.outcome.kind === 'succeeded' ? sql.ENDPOINT_SUCCEEDED_SQL : sql.ENDPOINT_FAILED_SQL).get<HealthRow>(
      delivery.endpoint_id,
      result.at,
    )
    statement(sql.PRUNE_ATTEMPTS_SQL).run(delivery.endpoint_id)
    return health === undefined ? null : sql.toHealth(health)
  })

  const update = db.transaction((workspaceId: string, id: string, changes: Parameters<WebhookStore['updateEndpoint']>[2], at: number): boolean => {
    const changed = statement(sql.UPDATE_ENDPOINT_FIELDS_SQL).run(
      workspaceId,
      id,
      changes.url ?? null,
      changes.description ?? null,
      changes.events === undefined ? null : JSON.stringify(changes.events),
      changes.secretCipher ?? null,
      at,
    )
    if (changed === 0) return false
    if (changes.enabled === true && statement(sql.ENABLE_ENDPOINT_SQL).run(workspaceId, id, at) > 0) statement(sql.RELEASE_WAITING_SQL).run(workspaceId, id, at)
    if (changes.enabled === false) statement(sql.DISABLE_ENDPOINT_SQL).run(workspaceId, id, '', at)
    return true
  })

  const getEndpoint = (workspaceId: string, id: string) => {
    const row = statement(sql.GET_ENDPOINT_SQL).get<EndpointRow>(workspaceId, id)
    return row === undefined ? null : sql.toEndpoint(row)
  }

  return {
    async createEndpoint(endpoint) {
      statement(sql.INSERT_ENDPOINT_SQL).run(
        endpoint.id,
        endpoint.workspaceId,
        endpoint.url,
        endpoint.description,
        JSON.stringify(endpoint.events),
        endpoint.secretCipher,
        endpoint.enabled ? 1 : 0,
        endpoint.createdAt,
        endpoint.createdBy,
      )
    },

    async getEndpoint(workspaceId, id) {
      return getEndpoint(workspaceId, id)
    },

    async listEndpoints(workspaceId) {
      return statement(sql.LIST_ENDPOINTS_SQL).all<EndpointRow>(workspaceId).map(sql.toEndpoint)
    },

    async updateEndpoint(workspaceId, id, changes, at) {
      return update.immediate(workspaceId, id, changes, at) ? getEndpoint(workspaceId, id) : null
    },

    async disableEndpoint(workspaceId, id, reason, at) {
      return statement(sql.DISABLE_ENDPOINT_SQL).run(workspaceId, id, reason, at) > 0
    },

    async deleteEndpoint(workspaceId, id) {
      // Deliveries and their attempts go with it (ON DELETE CASCADE).
      return statement(sql.DELETE_ENDPOINT_SQL).run(workspaceId, id) > 0
    },

    async forgetContact(workspaceId, contactId) {
      return statement(sql.FORGET_CONTACT_SQL).run(workspaceId, `%${contactId}%`)
    },

    async enqueueDeliveries(deliveries) {
      if (deliveries.length === 0) return 0
      return enqueue.immediate(deliveries)
    },

    async claimDeliveries({ claimId, limit, now, leaseMs }) {
      return claim.immediate(claimId, limit, now, leaseMs)
    },

    async recordAttempt(result) {
      return record.immediate(result)
    },

    async releaseClaim(claimId) {
      return statement(sql.RELEASE_CLAIM_SQL).run(claimId)
    },

    async getDelivery(workspaceId, id) {
      const row = statement(sql.GET_DELIVERY_SQL).get<DeliveryRow>(workspaceId, id)
      return row === undefined ? null : sql.toDelivery(row)
    },

    async listDeliveries(workspaceId, endpointId, { before, limit }) {
      const rows = statement(sql.LIST_DELIVERIES_SQL).all<DeliveryRow>(workspaceId, endpointId, before ?? '', limit + 1)
      const page = rows.slice(0, limit).map(sql.toDelivery)
      const attempts = statement(`SELECT ${sql.ATTEMPT_COLUMNS} FROM webhook_attempts WHERE delivery_id IN (SELECT value FROM json_each($1)) ORDER BY delivery_id, attempt`)
        .all<AttemptRow>(JSON.stringify(page.map((delivery) => delivery.id)))
        .map(sql.toAttempt)
      return {
        deliveries: page.map((delivery) => ({ ...delivery, attemptLog: attempts.filter((attempt) => attempt.deliveryId === delivery.id) })),
        nextBefore: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
      }
    },

    async latestDeliveries(workspaceId) {
      const rows = statement(sql.LATEST_DELIVERIES_SQL).all<DeliveryRow>(workspaceId)
      return new Map(rows.map((row) => [row.endpoint_id, sql.toDelivery(row)]))
    },
  }
}
