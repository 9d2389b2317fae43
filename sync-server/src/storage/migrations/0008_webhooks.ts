import type { Kysely, Migration } from 'kysely'

// Outbound webhooks (issue 8): endpoints admins register, the delivery queue (one row per event
// and endpoint: the unique key makes emitting an event twice queue it once) and a bounded log of
// every attempt. Times are epoch ms; booleans are integers so the SQL is shared by both dialects.
export const webhooksMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('webhook_endpoints')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('workspace_id', 'text', (column) => column.notNull().references('workspaces.id').onDelete('cascade'))
      .addColumn('url', 'text', (column) => column.notNull())
      .addColumn('description', 'text', (column) => column.notNull())
      // JSON array of WebhookEventType.
      .addColumn('events_json', 'text', (column) => column.notNull())
      // AES-256-GCM (secretBox.ts) of the signing secret; never plaintext.
      .addColumn('secret_cipher', 'text', (column) => column.notNull())
      .addColumn('enabled', 'integer', (column) => column.notNull())
      .addColumn('disabled_reason', 'text', (column) => column.notNull().defaultTo(''))
      .addColumn('disabled_at', 'bigint')
      .addColumn('consecutive_failures', 'integer', (column) => column.notNull().defaultTo(0))
      // First failed attempt of the current failure streak (auto-disable needs it to span time).
      .addColumn('failing_since', 'bigint')
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('created_by', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .execute()
    await db.schema.createIndex('webhook_endpoints_workspace').on('webhook_endpoints').columns(['workspace_id', 'id']).execute()

    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('workspace_id', 'text', (column) => column.notNull())
      .addColumn('endpoint_id', 'text', (column) => column.notNull().references('webhook_endpoints.id').onDelete('cascade'))
      .addColumn('event_id', 'text', (column) => column.notNull())
      .addColumn('event_type', 'text', (column) => column.notNull())
      // The exact request body: what is signed, byte for byte, on every attempt.
      .addColumn('payload_json', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'bigint', (column) => column.notNull())
      .addColumn('first_attempt_at', 'bigint')
      .addColumn('last_attempt_at', 'bigint')
      .addColumn('last_status_code', 'integer')
      .addColumn('last_duration_ms', 'integer')
      .addColumn('last_error', 'text', (column) => column.notNull().defaultTo(''))
      .addColumn('claim_id', 'text')
      .addColumn('lease_until', 'bigint', (column) => column.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addUniqueConstraint('webhook_deliveries_event_once', ['endpoint_id', 'event_id'])
      .execute()
    await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute()
    await db.schema.createIndex('webhook_deliveries_log').on('webhook_deliveries').columns(['endpoint_id', 'id']).execute()

    await db.schema
      .createTable('webhook_attempts')
      .addColumn('delivery_id', 'text', (column) => column.notNull().references('webhook_deliveries.id').onDelete('cascade'))
      .addColumn('attempt', 'integer', (column) => column.notNull())
      .addColumn('endpoint_id', 'text', (column) => column.notNull())
      .addColumn('at', 'bigint', (column) => column.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('duration_ms', 'integer', (column) => column.notNull())
      .addColumn('error', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('webhook_attempts_pk', ['delivery_id', 'attempt'])
      .execute()
    await db.schema.createIndex('webhook_attempts_newest').on('webhook_attempts').columns(['endpoint_id', 'at']).execute()
  },
}
