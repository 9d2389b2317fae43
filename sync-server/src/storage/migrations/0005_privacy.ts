import type { Kysely, Migration } from 'kysely'

// The audit log of privacy-relevant actions: contact data exports and erasures (recorded by the
// server as it does them) and CSV / workspace exports (reported by the device that made them,
// possibly later, after being offline). Times are epoch ms.
export const privacyMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('audit_log')
      .addColumn('workspace_id', 'text', (column) => column.notNull().references('workspaces.id').onDelete('cascade'))
      // A ULID; devices choose it for what they report, so a report sent twice is stored once.
      .addColumn('id', 'text', (column) => column.notNull())
      // When it happened (a device's clock for reported entries) and when the server stored it.
      .addColumn('at', 'bigint', (column) => column.notNull())
      .addColumn('recorded_at', 'bigint', (column) => column.notNull())
      // Who: the authenticated member (never taken from the request body).
      .addColumn('actor_id', 'text', (column) => column.notNull())
      .addColumn('actor_email', 'text', (column) => column.notNull())
      .addColumn('kind', 'text', (column) => column.notNull())
      // What: a contact id, or an export's scope ("all contacts", "segment: VIPs").
      .addColumn('subject', 'text', (column) => column.notNull())
      .addColumn('row_count', 'integer')
      // 'server' (the server did it) or 'device' (reported by the member's device).
      .addColumn('source', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('audit_log_pk', ['workspace_id', 'id'])
      .execute()
    await db.schema.createIndex('audit_log_newest').on('audit_log').columns(['workspace_id', 'recorded_at', 'id']).execute()
  },
}
