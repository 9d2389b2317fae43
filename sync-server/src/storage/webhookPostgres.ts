import type pg from 'pg'
import { inTransaction } from './postgresTransactions'
import * as sql from './webhookSql'
import type { AttemptRow, DeliveryRow, EndpointRow, HealthRow } from './webhookSql'
import type { WebhookStore } from './webhookStore'

// Outbound webhooks on PostgreSQL, shared by every server instance: claims take deliveries with
// FOR UPDATE SKIP LOCKED, so concurrent dispatchers pass over each other's rows.

export function createPostgresWebhookStore(pool: pg.Pool): WebhookStore {
  const query = async <Row extends pg.QueryResultRow>(text: string, values: unknown[], client: pg.Pool | pg.PoolClient = pool): Promise<Row[]> =>
    (await client.query<Row>(text, values)).rows
  const run = async (text: string, values: unknown[], client: pg.Pool | pg.PoolClient = pool): Promise<number> => (await client.query(text, values)).rowCount ?? 0

  const getEndpoint = async (workspaceId: string, id: string) => {
    const [row] = await query<EndpointRow>(sql.GET_ENDPOINT_SQL, [workspaceId, id])
    return row === undefined ? null : sql.toEndpoint(row)
  }

  return {
    async createEndpoint(endpoint) {
      await run(sql.INSERT_ENDPOINT_SQL, [
        endpoint.id,
        endpoint.workspaceId,
        endpoint.url,
        endpoint.description,
        JSON.stringify(endpoint.events),
        endpoint.secretCipher,
        endpoint.enabled ? 1 : 0,
        endpoint.createdAt,
        endpoint.createdBy,
      ])
    },

    getEndpoint,

    async listEndpoints(workspaceId) {
      return (await query<EndpointRow>(sql.LIST_ENDPOINTS_SQL, [workspaceId])).map(sql.toEndpoint)
    },

    async updateEndpoint(workspaceId, id, changes, at) {
      const updated = await inTransaction(pool, async (client) => {
        const changed = await run(
          sql.UPDATE_ENDPOINT_FIELDS_SQL,
          [workspaceId, id, changes.url ?? null, changes.description ?? null, changes.events === undefined ? null : JSON.stringify(changes.events), changes.secretCipher ?? null, at],
          client,
        )
        if (changed === 0) return false
        if (changes.enabled === true && (await run(sql.ENABLE_ENDPOINT_SQL, [workspaceId, id, at], client)) > 0) {
          await run(sql.RELEASE_WAITING_SQL, [workspaceId, id, at], client)
        }
        if (changes.enabled === false) await run(sql.DISABLE_ENDPOINT_SQL, [workspaceId, id, '', at], client)
        return true
      })
      return updated ? getEndpoint(workspaceId, id) : null
    },

    async disableEndpoint(workspaceId, id, reason, at) {
      return (await run(sql.DISABLE_ENDPOINT_SQL, [workspaceId, id, reason, at])) > 0
    },

    async deleteEndpoint(workspaceId, id) {
      // Deliveries and their attempts go with it (ON DELETE CASCADE).
      return (await run(sql.DELETE_ENDPOINT_SQL, [workspaceId, id])) > 0
    },

    async forgetContact(workspaceId, contactId) {
      return run(sql.FORGET_CONTACT_SQL, [workspaceId, `%${contactId}%`])
    },

    async enqueueDeliveries(deliveries) {
      if (deliveries.length === 0) return 0
      return run(
        `INSERT INTO webhook_deliveries (id, workspace_id, endpoint_id, event_id, event_type, payload_json, status, attempts, next_attempt_at, created_at)
         SELECT u.id, u.workspace_id, u.endpoint_id, u.event_id, u.event_type, u.payload_json, 'queued', 0, u.created_at, u.created_at
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[])
           AS u (id, workspace_id, endpoint_id, event_id, event_type, payload_json, created_at)
         JOIN webhook_endpoints e ON e.id = u.endpoint_id AND e.workspace_id = u.workspace_id
         ON CONFLICT (endpoint_id, event_id) DO NOTHING`,
        [
          deliveries.map((d) => d.id),
          deliveries.map((d) => d.workspaceId),
          deliveries.map((d) => d.endpointId),
          deliveries.map((d) => d.eventId),
          deliveries.map((d) => d.eventType),
          deliveries.map((d) => d.payloadJson),
          deliveries.map((d) => d.createdAt),
        ],
      )
    },

    async claimDeliveries({ claimId, limit, now, leaseMs }) {
      const rows = await query<DeliveryRow & { url: string; secret_cipher: string }>(
        `WITH picked AS (
           SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.enabled = 1
           WHERE (d.status = 'queued' AND d.next_attempt_at <= $1) OR (d.status = 'sending' AND d.lease_until <= $1)
           ORDER BY d.next_attempt_at LIMIT $2
           FOR UPDATE OF d SKIP LOCKED)
         UPDATE webhook_deliveries d SET status = 'sending', claim_id = $3, lease_until = $4, attempts = d.attempts + 1,
           first_attempt_at = COALESCE(d.first_attempt_at, $1)
         FROM picked, webhook_endpoints e
         WHERE d.id = picked.id AND e.id = d.endpoint_id
         RETURNING ${DELIVERY_COLUMNS_OF_D}, e.url, e.secret_cipher`,
        [now, limit, claimId, now + leaseMs],
      )
      return rows.map((row) => ({ delivery: sql.toDelivery(row), url: row.url, secretCipher: row.secret_cipher }))
    },

    async recordAttempt(result) {
      return inTransaction(pool, async (client) => {
        const [delivery] = await query<{ workspace_id: string; endpoint_id: string }>(
          `${sql.ATTEMPTED_DELIVERY_SQL} FOR UPDATE`,
          [result.deliveryId],
          client,
        )
        if (delivery === undefined) return null
        await run(
          sql.INSERT_ATTEMPT_SQL,
          [result.deliveryId, result.attempt, delivery.endpoint_id, result.at, result.statusCode, Math.round(result.durationMs), result.error],
          client,
        )
        const finished = sql.finishedState(result.outcome, result.at)
        await run(
          sql.FINISH_ATTEMPT_SQL,
          [result.deliveryId, finished.status, finished.nextAttemptAt, result.at, result.statusCode, Math.round(result.durationMs), result.error, result.claimId],
          client,
        )
        const [health] =
          result.outcome.kind === 'succeeded'
            ? await query<HealthRow>(sql.ENDPOINT_SUCCEEDED_SQL, [delivery.endpoint_id], client)
            : await query<HealthRow>(sql.ENDPOINT_FAILED_SQL, [delivery.endpoint_id, result.at], client)
        await run(sql.PRUNE_ATTEMPTS_SQL, [delivery.endpoint_id], client)
        return health === undefined ? null : sql.toHealth(health)
      })
    },

    async releaseClaim(claimId) {
      return run(sql.RELEASE_CLAIM_SQL, [claimId])
    },

    async getDelivery(workspaceId, id) {
      const [row] = await query<DeliveryRow>(sql.GET_DELIVERY_SQL, [workspaceId, id])
      return row === undefined ? null : sql.toDelivery(row)
    },

    async listDeliveries(workspaceId, endpointId, { before, limit }) {
      const rows = await query<DeliveryRow>(sql.LIST_DELIVERIES_SQL, [workspaceId, endpointId, before ?? '', limit + 1])
      const page = rows.slice(0, limit).map(sql.toDelivery)
      const attempts = (
        await query<AttemptRow>(`SELECT ${sql.ATTEMPT_COLUMNS} FROM webhook_attempts WHERE delivery_id = ANY($1::text[]) ORDER BY delivery_id, attempt`, [
          page.map((delivery) => delivery.id),
        ])
      ).map(sql.toAttempt)
      return {
        deliveries: page.map((delivery) => ({ ...delivery, attemptLog: attempts.filter((attempt) => attempt.deliveryId === delivery.id) })),
        nextBefore: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
      }
    },

    async latestDeliveries(workspaceId) {
      const rows = await query<DeliveryRow>(sql.LATEST_DELIVERIES_SQL, [workspaceId])
      return new Map(rows.map((row) => [row.endpoint_id, sql.toDelivery(row)]))
    },
  }
}

const DELIVERY_COLUMNS_OF_D = sql.DELIVERY_COLUMNS.split(', ')
  .map((column) => `d.${column}`)
  .join(', ')
