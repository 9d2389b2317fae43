import type { Kysely, Migration } from 'kysely'

// Sending settings (server-only, secrets encrypted) and the embedded SMTP sink's caught mail.
export const sendingSettingsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('sending_settings')
      .addColumn('workspace_id', 'text', (column) => column.primaryKey().references('workspaces.id').onDelete('cascade'))
      .addColumn('config_json', 'text', (column) => column.notNull())
      // AES-256-GCM ciphertext of the SMTP password and DKIM key; never plaintext.
      .addColumn('secrets_cipher', 'text')
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .addColumn('updated_by', 'text', (column) => column.notNull())
      .execute()

    await db.schema
      .createTable('outbox_messages')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('workspace_id', 'text', (column) => column.notNull().references('workspaces.id').onDelete('cascade'))
      .addColumn('received_at', 'bigint', (column) => column.notNull())
      .addColumn('from_address', 'text', (column) => column.notNull())
      .addColumn('to_addresses', 'text', (column) => column.notNull())
      .addColumn('subject', 'text', (column) => column.notNull())
      .addColumn('headers_json', 'text', (column) => column.notNull())
      .addColumn('html', 'text')
      .addColumn('text_body', 'text')
      .execute()
    await db.schema
      .createIndex('outbox_messages_newest')
      .on('outbox_messages')
      .columns(['workspace_id', 'received_at', 'id'])
      .execute()
  },
}
