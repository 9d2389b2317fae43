import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'

// A/B tests on campaigns (issue 8). Each statement adds one column: SQLite cannot add several in
// one ALTER TABLE.
export const abTestsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // The variant a test-share recipient gets; '' for everyone else (plain campaigns, and the rest
    // of an A/B audience, which waits as 'held' and gets the winner).
    await db.schema.alterTable('recipients').addColumn('variant', 'text', (column) => column.notNull().defaultTo('')).execute()
    // Per-variant figures read the test share only (a fifth of a 100,000-contact audience, say).
    await db.schema
      .createIndex('recipients_variant')
      .on('recipients')
      .columns(['workspace_id', 'campaign_id', 'variant'])
      .where(sql.ref('variant'), '<>', sql.lit(''))
      .execute()
    // The variants as they were at the start (JSON: id, name, template with the overrides applied,
    // offset of its links in `links`, plus metric and wait); null for a plain campaign.
    await db.schema.alterTable('campaign_runs').addColumn('ab_test', 'text').execute()
    // The decision, written once (the release of the held rows happens in the same transaction).
    await db.schema.alterTable('campaign_runs').addColumn('ab_winner_id', 'text').execute()
    await db.schema.alterTable('campaign_runs').addColumn('ab_decided_by', 'text').execute()
    await db.schema.alterTable('campaign_runs').addColumn('ab_decided_at', 'bigint').execute()
  },
}
