import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'

// The workflow engine's durable state (workflowStore.ts): published versions, enrolments (each
// contact's position), the step record, an outbox for effects that leave the database, small
// per-workspace markers and last-seen contact facts. Times are epoch ms.
//
// Foreign keys to workspaces (cascade) only where the row is not written per step; step records
// and outbox items hang off their enrolment instead. On PostgreSQL a foreign-key check takes a
// KEY SHARE lock on the parent row, and pushes hold the workspace row FOR UPDATE: a per-step
// check against workspaces would queue every step behind every push.
export const workflowsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('workflow_versions')
      .addColumn('workspace_id', 'text', (column) => column.notNull().references('workspaces.id').onDelete('cascade'))
      .addColumn('workflow_id', 'text', (column) => column.notNull())
      .addColumn('version', 'integer', (column) => column.notNull())
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('graph_json', 'text', (column) => column.notNull())
      .addColumn('settings_json', 'text', (column) => column.notNull())
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('workflow_versions_pk', ['workspace_id', 'workflow_id', 'version'])
      .execute()

    // `claim_id` / `lease_until` name the worker holding the row; lease_until = 0 when nobody
    // does, so "claimable" is one comparison (lease_until <= now).
    await db.schema
      .createTable('workflow_enrolments')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('workspace_id', 'text', (column) => column.notNull().references('workspaces.id').onDelete('cascade'))
      .addColumn('workflow_id', 'text', (column) => column.notNull())
      .addColumn('version', 'integer', (column) => column.notNull())
      .addColumn('contact_id', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('step_id', 'text', (column) => column.notNull())
      .addColumn('visit', 'integer', (column) => column.notNull())
      .addColumn('due_at', 'bigint', (column) => column.notNull())
      .addColumn('wait_until', 'bigint')
      .addColumn('trigger_key', 'text', (column) => column.notNull())
      .addColumn('enrolled_at', 'bigint', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .addColumn('ended_at', 'bigint')
      .addColumn('exit_reason', 'text', (column) => column.notNull())
      .addColumn('claim_id', 'text')
      .addColumn('lease_until', 'bigint', (column) => column.notNull().defaultTo(0))
      // One enrolment per trigger occurrence; also serves a contact's enrolments in a workflow.
      .addUniqueConstraint('workflow_enrolments_trigger', ['workspace_id', 'workflow_id', 'contact_id', 'trigger_key'])
      .execute()
    // At most one active enrolment per contact and workflow, whoever inserts it.
    await db.schema
      .createIndex('workflow_enrolments_one_active')
      .unique()
      .on('workflow_enrolments')
      .columns(['workspace_id', 'workflow_id', 'contact_id'])
      .where(sql.ref('status'), '=', sql.lit('active'))
      .execute()
    // Claims read the due range of each active workflow; finished enrolments stay out of it.
    await db.schema
      .createIndex('workflow_enrolments_due')
      .on('workflow_enrolments')
      .columns(['workflow_id', 'due_at'])
      .where(sql.ref('status'), '=', sql.lit('active'))
      .execute()
    // Releasing a claim finds its rows by claim id (the engine releases after every batch); only
    // held rows are in this index, and a commit takes its row out again.
    await db.schema
      .createIndex('workflow_enrolments_claim')
      .on('workflow_enrolments')
      .column('claim_id')
      .where(sql.ref('claim_id'), 'is not', null)
      .execute()

    await db.schema
      .createTable('workflow_steps')
      .addColumn('enrolment_id', 'text', (column) => column.notNull().references('workflow_enrolments.id').onDelete('cascade'))
      .addColumn('visit', 'integer', (column) => column.notNull())
      .addColumn('workspace_id', 'text', (column) => column.notNull())
      .addColumn('workflow_id', 'text', (column) => column.notNull())
      .addColumn('version', 'integer', (column) => column.notNull())
      .addColumn('contact_id', 'text', (column) => column.notNull())
      .addColumn('step_id', 'text', (column) => column.notNull())
      .addColumn('step_type', 'text', (column) => column.notNull())
      .addColumn('outcome', 'text', (column) => column.notNull())
      .addColumn('detail', 'text', (column) => column.notNull())
      .addColumn('at', 'bigint', (column) => column.notNull())
      // Unique per enrolment and visit: the same step can never be recorded twice.
      .addPrimaryKeyConstraint('workflow_steps_pk', ['enrolment_id', 'visit'])
      .execute()
    await db.schema.createIndex('workflow_steps_path').on('workflow_steps').columns(['workspace_id', 'workflow_id', 'contact_id']).execute()
    await db.schema.createIndex('workflow_steps_passed').on('workflow_steps').columns(['workspace_id', 'workflow_id', 'step_id']).execute()
    // The frequency cap counts a contact's recent emails: only email steps are in this index.
    await db.schema
      .createIndex('workflow_steps_emails')
      .on('workflow_steps')
      .columns(['workspace_id', 'contact_id', 'at'])
      .where(sql.ref('step_type'), '=', sql.lit('send_email'))
      .execute()

    // Effects that leave the database, queued by the step that caused them. `next_attempt_at`
    // matters while queued (retry backoff), `lease_until` while sending (claimed).
    await db.schema
      .createTable('workflow_outbox')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('workspace_id', 'text', (column) => column.notNull())
      .addColumn('enrolment_id', 'text', (column) => column.notNull().references('workflow_enrolments.id').onDelete('cascade'))
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('payload_json', 'text', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'bigint', (column) => column.notNull())
      .addColumn('last_error', 'text', (column) => column.notNull().defaultTo(''))
      .addColumn('claim_id', 'text')
      .addColumn('lease_until', 'bigint', (column) => column.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (column) => column.notNull())
      .execute()
    await db.schema
      .createIndex('workflow_outbox_due')
      .on('workflow_outbox')
      .column('next_attempt_at')
      .where(sql.ref('status'), '=', sql.lit('queued'))
      .execute()
    await db.schema
      .createIndex('workflow_outbox_lease')
      .on('workflow_outbox')
      .column('lease_until')
      .where(sql.ref('status'), '=', sql.lit('sending'))
      .execute()
    await db.schema.createIndex('workflow_outbox_enrolment').on('workflow_outbox').column('enrolment_id').execute()

    await db.schema
      .createTable('workflow_markers')
      .addColumn('workspace_id', 'text', (column) => column.notNull().references('workspaces.id').onDelete('cascade'))
      .addColumn('key', 'text', (column) => column.notNull())
      .addColumn('value', 'bigint', (column) => column.notNull())
      .addPrimaryKeyConstraint('workflow_markers_pk', ['workspace_id', 'key'])
      .execute()

    await db.schema
      .createTable('workflow_contact_facts')
      .addColumn('workspace_id', 'text', (column) => column.notNull().references('workspaces.id').onDelete('cascade'))
      .addColumn('contact_id', 'text', (column) => column.notNull())
      .addColumn('facts_json', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('workflow_contact_facts_pk', ['workspace_id', 'contact_id'])
      .execute()
  },
}
