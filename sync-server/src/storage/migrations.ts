import { Migrator, sql } from 'kysely'
import type { Kysely, Migration, MigrationProvider } from 'kysely'
import { sendingSchema } from './migrations/0002_sending'
import { trackingMigration } from './migrations/0003_tracking'
import { sendingSettingsMigration } from './migrations/0004_sending_settings'
import { privacyMigration } from './migrations/0005_privacy'
import { workflowsMigration } from './migrations/0006_workflows'
import { abTestsMigration } from './migrations/0007_ab_tests'
import { webhooksMigration } from './migrations/0008_webhooks'

// The schema, in code (no migration files read from disk), shared by both dialects. Kysely's
// Migrator records what ran in `outpost_migrations`; on PostgreSQL it holds an advisory lock
// while migrating, so several instances starting at once run each migration exactly once.
// Append new migrations with a name that sorts after the last one; never edit a shipped one.

/** Member documents use the user id as their id, so one id appears in several workspaces. */
export const MEMBERS_COLLECTION = 'members'

const initialSchema: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('email', 'text', (column) => column.notNull())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('password_hash', 'text', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addUniqueConstraint('users_email_unique', ['email'])
      .execute()

    await db.schema
      .createTable('sessions')
      .addColumn('token_hash', 'text', (column) => column.primaryKey())
      .addColumn('user_id', 'text', (column) => column.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('expires_at', 'bigint', (column) => column.notNull())
      .addColumn('revoked_at', 'bigint')
      .execute()
    await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute()

    await db.schema
      .createTable('workspaces')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('deleted_at', 'bigint')
      // The per-workspace replication sequence: the highest seq handed out so far.
      .addColumn('seq', 'bigint', (column) => column.notNull().defaultTo(0))
      .execute()

    await db.schema
      .createTable('memberships')
      .addColumn('workspace_id', 'text', (column) => column.notNull().references('workspaces.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (column) => column.notNull().references('users.id').onDelete('cascade'))
      .addColumn('role', 'text', (column) => column.notNull())
      .addColumn('joined_at', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('memberships_pk', ['workspace_id', 'user_id'])
      .execute()
    await db.schema.createIndex('memberships_user').on('memberships').column('user_id').execute()

    await db.schema
      .createTable('invites')
      .addColumn('code_hash', 'text', (column) => column.primaryKey())
      .addColumn('workspace_id', 'text', (column) => column.notNull().references('workspaces.id').onDelete('cascade'))
      .addColumn('role', 'text', (column) => column.notNull())
      .addColumn('created_by', 'text', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addColumn('expires_at', 'bigint', (column) => column.notNull())
      .addColumn('used_at', 'bigint')
      .addColumn('used_by', 'text')
      .execute()
    await db.schema.createIndex('invites_workspace').on('invites').column('workspace_id').execute()

    // No foreign key to workspaces: every write already holds the workspace row, and a per-row
    // FK check would cost a lookup per document in 1,000-document pushes.
    await db.schema
      .createTable('documents')
      .addColumn('workspace_id', 'text', (column) => column.notNull())
      .addColumn('collection', 'text', (column) => column.notNull())
      .addColumn('id', 'text', (column) => column.notNull())
      .addColumn('seq', 'bigint', (column) => column.notNull())
      // Text, not jsonb: the server answers pulls with the stored text verbatim.
      .addColumn('json', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('documents_pk', ['workspace_id', 'collection', 'id'])
      .execute()
    await db.schema.createIndex('documents_pull').on('documents').columns(['workspace_id', 'collection', 'seq', 'id']).execute()
    // Ids are unique per collection across workspaces (the foreign-id check reads this index,
    // and it stops two workspaces racing to claim one id). Member documents are exempt: their
    // id is the user id, and a user belongs to several workspaces.
    await db.schema
      .createIndex('documents_owner')
      .unique()
      .on('documents')
      .columns(['collection', 'id'])
      .where(sql.ref('collection'), '<>', sql.lit(MEMBERS_COLLECTION))
      .execute()
  },
}

const migrations: Record<string, Migration> = {
  '0001_initial_schema': initialSchema,
  '0002_sending': sendingSchema,
  '0003_tracking': trackingMigration,
  '0004_sending_settings': sendingSettingsMigration,
  '0005_privacy': privacyMigration,
  '0006_workflows': workflowsMigration,
  '0007_ab_tests': abTestsMigration,
  '0008_webhooks': webhooksMigration,
}

/** Every migration's name, in the order they run. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(migrations).sort()

const provider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
}

/** Runs every pending migration; throws (naming the failed migration) when one fails. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'outpost_migrations',
    migrationLockTableName: 'outpost_migrations_lock',
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName
    throw new Error(failed === undefined ? 'schema migration failed' : `schema migration ${failed} failed`, { cause: error })
  }
}
