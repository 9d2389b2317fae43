import type { Kysely, Migration } from 'kysely'

// The send queue and suppression list (ARCHITECTURE.md, "Sending"). Times are epoch ms.

export const sendingSchema: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // Addresses never mailed again by this workspace, stored normalized (trimmed, lower-case).
    await db.schema
      .createTable('suppressions')
      .addColumn('workspace_id', 'text', (column) => column.notNull())
      .addColumn('email', 'text', (column) => column.notNull())
      .addColumn('reason', 'text', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('suppressions_pk', ['workspace_id', 'email'])
      .execute()

    // One row per started campaign: its existence is what makes materialization happen once.
    await db.schema
      .createTable('campaign_runs')
      .addColumn('workspace_id', 'text', (column) => column.notNull())
      .addColumn('campaign_id', 'text', (column) => column.notNull())
      // JSON array of the template's tracked links; click tokens carry an index into it.
      .addColumn('links', 'text', (column) => column.notNull())
      // The template as it was when the campaign started (JSON): every message renders the same
      // content and links, whatever edits arrive while it sends.
      .addColumn('template', 'text', (column) => column.notNull())
      .addColumn('total', 'integer', (column) => column.notNull())
      .addColumn('suppressed', 'integer', (column) => column.notNull())
      .addColumn('duplicates', 'integer', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('campaign_runs_pk', ['workspace_id', 'campaign_id'])
      .execute()

    // The queue itself. `lease_until` matters while status = 'sending' (claimed), `next_attempt_at`
    // while 'queued' (retry backoff); `claim_id` names the claim holding the row.
    await db.schema
      .createTable('recipients')
      .addColumn('workspace_id', 'text', (column) => column.notNull())
      .addColumn('campaign_id', 'text', (column) => column.notNull())
      .addColumn('contact_id', 'text', (column) => column.notNull())
      .addColumn('email', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('claim_id', 'text')
      .addColumn('lease_until', 'bigint', (column) => column.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'bigint', (column) => column.notNull().defaultTo(0))
      .addColumn('message_id', 'text')
      .addColumn('sent_at', 'bigint')
      .addColumn('last_error', 'text')
      .addPrimaryKeyConstraint('recipients_pk', ['workspace_id', 'campaign_id', 'contact_id'])
      .addUniqueConstraint('recipients_email_unique', ['workspace_id', 'campaign_id', 'email'])
      .execute()
    // Claims read one range per status: queued rows by due time, claimed rows by lease expiry.
    await db.schema.createIndex('recipients_due').on('recipients').columns(['workspace_id', 'campaign_id', 'status', 'next_attempt_at']).execute()
    await db.schema.createIndex('recipients_lease').on('recipients').columns(['workspace_id', 'campaign_id', 'status', 'lease_until']).execute()
  },
}
