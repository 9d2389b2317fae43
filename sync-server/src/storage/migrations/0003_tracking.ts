import type { Kysely, Migration } from 'kysely'

// Durable engagement history (opens, clicks, unsubscribes), written in batches by the tracking
// recorder. Full history stays here; clients get a recent window of it as `events` documents.
// No foreign keys: the hot path writes thousands of rows a second and the token already proves
// workspace, campaign and contact.
export const trackingMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('tracking_events')
      .addColumn('workspace_id', 'text', (column) => column.notNull())
      .addColumn('campaign_id', 'text', (column) => column.notNull())
      .addColumn('contact_id', 'text', (column) => column.notNull())
      .addColumn('type', 'text', (column) => column.notNull())
      // -1 when the event is not a click.
      .addColumn('link_index', 'integer', (column) => column.notNull())
      .addColumn('at', 'bigint', (column) => column.notNull())
      // 0 or 1 (an integer on both dialects keeps the SQL shared).
      .addColumn('machine', 'integer', (column) => column.notNull())
      .addColumn('ua_family', 'text', (column) => column.notNull())
      .execute()
    // Serves both the per-campaign aggregates and the "first of its kind for this contact" check.
    await db.schema
      .createIndex('tracking_events_campaign')
      .on('tracking_events')
      .columns(['workspace_id', 'campaign_id', 'contact_id', 'type', 'machine', 'link_index'])
      .execute()
  },
}
