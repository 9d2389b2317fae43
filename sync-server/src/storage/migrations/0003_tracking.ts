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
    // Per-campaign aggregates and counts only. Kept to two columns on purpose: every hit adds an
    // entry, and with one campaign's entries side by side a new one lands at the end of its run;
    // the six-column index (with the contact) that first-of-kind lookups used to need cost every
    // insert a random descent: about 9 µs a row on SQLite against about 3 µs with this one.
    await db.schema.createIndex('tracking_events_campaign').on('tracking_events').columns(['workspace_id', 'campaign_id']).execute()
    // One row per (workspace, campaign, contact, type, machine, link) ever recorded: whether an
    // event is the first of its kind is "did inserting its key add a row" (insert-or-ignore), and
    // the key constraint makes that exact when several writers race. Repeat hits write nothing here.
    await db.schema
      .createTable('tracking_firsts')
      .addColumn('workspace_id', 'text', (column) => column.notNull())
      .addColumn('campaign_id', 'text', (column) => column.notNull())
      .addColumn('contact_id', 'text', (column) => column.notNull())
      .addColumn('type', 'text', (column) => column.notNull())
      .addColumn('machine', 'integer', (column) => column.notNull())
      .addColumn('link_index', 'integer', (column) => column.notNull())
      .addPrimaryKeyConstraint('tracking_firsts_key', ['workspace_id', 'campaign_id', 'contact_id', 'type', 'machine', 'link_index'])
      .execute()
  },
}
