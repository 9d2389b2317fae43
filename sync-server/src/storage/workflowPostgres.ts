import pg from 'pg'
import { assertPushableCollection, assignSequences, planDocumentWrites } from './documentWrites'
import { MEMBERS_COLLECTION } from './migrations'
import { ForeignDocumentError } from './port'
import type { PostgresDocumentWriter } from './privacyPostgres'
import { inTransaction } from './postgresTransactions'
import {
  checkEnrolments,
  checkStepCommit,
  distinct,
  ENROLMENT_COLUMNS,
  OUTBOX_COLUMNS,
  STEP_COLUMNS,
  stepValues,
  toEnrolment,
  toEnrolmentStatus,
  toOutboxItem,
  toStepRecord,
  toVersion,
  VERSION_COLUMNS,
  versionValues,
} from './workflowRows'
import type { EnrolmentRow, OutboxRow, StepCountRow, StepRow, VersionRow } from './workflowRows'
import type { EnrolmentRecord, OutboxOutcome, StepCommit, WorkflowStore } from './workflowStore'

// The workflow engine's state on PostgreSQL, shared by every server instance. Claims take rows
// with FOR UPDATE SKIP LOCKED, so concurrent claimers pass over each other's rows. commitStep's
// check (same visit, same claim, still active) and its writes are one statement when the step
// writes no documents (atomic by itself: one round trip per step); with documents it runs in a
// transaction that first locks the workspace row, like pushDocuments, so sequences commit in order.

/** Enrolment rows per INSERT (keeps each statement's parameter arrays small). */
const INSERT_CHUNK = 5_000
const LIVE_WORKSPACE = 'workspace_id IN (SELECT id FROM workspaces WHERE deleted_at IS NULL)'

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient

function isUniqueViolation(error: unknown, constraint: string): boolean {
  return error instanceof pg.DatabaseError && error.code === '23505' && error.constraint === constraint
}

/** What the step statement answers when the step writes documents: one row per current document (or one row without). */
interface LockedStepRow {
  seq: number | null
  moved: number
  collection: string | null
  id: string | null
  workspace_id: string | null
  json: string | null
}

/**
 * The step's check and writes in one statement: the enrolment moves only if it is still where the
 * engine read it, and the step record and outbox rows are inserted only when it moved. Without
 * documents the statement answers one row (moved = 1 or 0).
 *
 * With documents it also locks the workspace row first (the UPDATE's one-time EXISTS filter runs
 * before the enrolment row is touched: workspace, then enrolment, the order pushes and erasures
 * take it in too) and reads the current documents FOR UPDATE, which returns each row's latest
 * committed version even when a push committed while this statement waited for the lock. One round
 * trip less under the workspace lock than lock, then read.
 */
function stepStatement(step: StepCommit, documents: StepCommit['documents'] = []): { text: string; values: unknown[] } {
  const { next } = step
  const values: unknown[] = [
    step.enrolmentId,
    step.workspaceId,
    step.expectedVisit,
    step.claimId,
    next.status,
    next.stepId,
    next.visit,
    next.dueAt,
    next.waitUntil,
    next.exitReason,
    next.endedAt,
    next.updatedAt,
  ]
  const locking = documents.length > 0
  const parts: string[] = []
  if (locking) parts.push('ws AS (SELECT seq FROM workspaces WHERE id = $2 AND deleted_at IS NULL FOR UPDATE)')
  parts.push(`moved AS (
       UPDATE workflow_enrolments
       SET status = $5, step_id = $6, visit = $7, due_at = $8, wait_until = $9, exit_reason = $10, ended_at = $11, updated_at = $12, claim_id = NULL, lease_until = 0
       WHERE id = $1 AND workspace_id = $2 AND visit = $3 AND claim_id = $4 AND status = 'active'
         AND ${locking ? 'EXISTS (SELECT 1 FROM ws)' : LIVE_WORKSPACE}
       RETURNING id)`)
  if (step.record !== null) {
    const first = values.length + 1
    values.push(...stepValues(step.record))
    const p = (offset: number, type: string): string => `$${first + offset}::${type}`
    parts.push(`step AS (
       INSERT INTO workflow_steps (${STEP_COLUMNS})
       SELECT ${p(0, 'text')}, ${p(1, 'int')}, ${p(2, 'text')}, ${p(3, 'text')}, ${p(4, 'int')}, ${p(5, 'text')}, ${p(6, 'text')}, ${p(7, 'text')}, ${p(8, 'text')}, ${p(9, 'text')}, ${p(10, 'bigint')}
       FROM moved)`)
  }
  if (step.outbox.length > 0) {
    const first = values.length + 1
    const items = step.outbox
    values.push(
      items.map((item) => item.id),
      items.map((item) => item.workspaceId),
      items.map((item) => item.enrolmentId),
      items.map((item) => item.kind),
      items.map((item) => item.payloadJson),
      items.map((item) => item.status),
      items.map((item) => item.attempts),
      items.map((item) => item.nextAttemptAt),
      items.map((item) => item.lastError),
      items.map((item) => item.createdAt),
    )
    const p = (offset: number): string => `$${first + offset}`
    parts.push(`box AS (
       INSERT INTO workflow_outbox (${OUTBOX_COLUMNS}, claim_id, lease_until)
       SELECT o.*, NULL, 0 FROM unnest(${p(0)}::text[], ${p(1)}::text[], ${p(2)}::text[], ${p(3)}::text[], ${p(4)}::text[], ${p(5)}::text[],
                                       ${p(6)}::int[], ${p(7)}::bigint[], ${p(8)}::text[], ${p(9)}::bigint[]) AS o
       WHERE EXISTS (SELECT 1 FROM moved))`)
  }
  if (!locking) return { text: `WITH ${parts.join(', ')} SELECT COUNT(*)::int AS moved FROM moved`, values }

  const first = values.length + 1
  const wanted = documents.flatMap((write) => write.ids.map((id) => [write.collection, id] as const))
  values.push(
    wanted.map(([collection]) => collection),
    wanted.map(([, id]) => id),
  )
  // The literal `collection <> 'members'` lets the planner use the (collection, id) partial index.
  parts.push(`owners AS (
       SELECT d.collection, d.id, d.workspace_id, CASE WHEN d.workspace_id = $2 THEN d.json END AS json FROM documents d
       WHERE (d.collection, d.id) IN (SELECT * FROM unnest($${first}::text[], $${first + 1}::text[]))
         AND d.collection <> '${MEMBERS_COLLECTION}' AND EXISTS (SELECT 1 FROM moved)
       FOR UPDATE OF d)`)
  return {
    text: `WITH ${parts.join(', ')}
       SELECT ws.seq, (SELECT COUNT(*)::int FROM moved) AS moved, o.collection, o.id, o.workspace_id, o.json
       FROM ws LEFT JOIN owners o ON true`,
    values,
  }
}

async function movedBy(db: Queryable, step: StepCommit): Promise<boolean> {
  const { text, values } = stepStatement(step)
  const result = await db.query<{ moved: number }>(text, values)
  return (result.rows[0]?.moved ?? 0) > 0
}

export function createPostgresWorkflowStore(pool: pg.Pool, writer: PostgresDocumentWriter): WorkflowStore {
  const query = async <Row extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<Row[]> => (await pool.query<Row>(text, values)).rows

  const commitWithDocuments = (step: StepCommit): Promise<boolean> =>
    inTransaction(pool, async (client) => {
      for (const write of step.documents) assertPushableCollection(write.collection)
      const { text, values } = stepStatement(step, step.documents)
      const result = await client.query<LockedStepRow>(text, values)
      const first = result.rows[0]
      // No row: the workspace is missing or deleted. moved = 0: the enrolment moved on.
      if (first === undefined || first.moved === 0) return false
      let seq = first.seq ?? 0
      for (const write of step.documents) {
        const owners = result.rows.filter((row) => row.collection === write.collection && row.id !== null)
        const foreign = owners.filter((row) => row.workspace_id !== step.workspaceId).map((row) => row.id ?? '')
        if (foreign.length > 0) throw new ForeignDocumentError(foreign)
        const masters = new Map<string, Record<string, unknown>>()
        for (const row of owners) if (row.id !== null && row.json !== null) masters.set(row.id, JSON.parse(row.json) as Record<string, unknown>)
        const stored = assignSequences(seq, planDocumentWrites(write.ids, write.decide({ masters })))
        // Moves the workspace sequence and queues the change notice (delivered on commit).
        await writer.writeDocuments(client, step.workspaceId, write.collection, stored)
        seq = stored.at(-1)?.seq ?? seq
      }
      return true
    })

  return {
    async saveVersion(record) {
      const result = await pool.query(
        `INSERT INTO workflow_versions (${VERSION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        versionValues(record),
      )
      return (result.rowCount ?? 0) > 0
    },

    async getVersion(workspaceId, workflowId, version) {
      const [row] = await query<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM workflow_versions WHERE workspace_id = $1 AND workflow_id = $2 AND version = $3`, [
        workspaceId,
        workflowId,
        version,
      ])
      return row === undefined ? null : toVersion(row)
    },

    async listRunnableWorkflows() {
      // The literal `collection <> 'members'` lets the planner use the (collection, id) partial index.
      const rows = await query<{ workspace_id: string; json: string }>(
        `SELECT d.workspace_id, d.json FROM documents d JOIN workspaces w ON w.id = d.workspace_id AND w.deleted_at IS NULL
         WHERE d.collection = 'workflows' AND d.collection <> '${MEMBERS_COLLECTION}'
           AND (d.json::jsonb ->> 'status') IN ('active', 'paused') AND (d.json::jsonb ->> '_deleted') = 'false'`,
        [],
      )
      return rows.map((row) => ({ workspaceId: row.workspace_id, doc: JSON.parse(row.json) as Record<string, unknown> }))
    },

    async enrol(enrolments, reenrol) {
      if (enrolments.length === 0) return []
      checkEnrolments(enrolments)
      const inserted = new Set<string>()
      for (let start = 0; start < enrolments.length; start += INSERT_CHUNK) {
        const chunk = enrolments.slice(start, start + INSERT_CHUNK)
        // Any conflict (same trigger key, or the contact already active) skips the row; 'never'
        // also skips contacts who were ever enrolled. Rows of a deleted workspace are skipped.
        const rows = await query<{ id: string }>(
          `INSERT INTO workflow_enrolments (${ENROLMENT_COLUMNS}, claim_id, lease_until)
           SELECT e.*, NULL, 0 FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::int[],
                                          $9::bigint[], $10::bigint[], $11::text[], $12::bigint[], $13::bigint[], $14::bigint[], $15::text[])
             AS e (id, workspace_id, workflow_id, version, contact_id, status, step_id, visit, due_at, wait_until, trigger_key, enrolled_at, updated_at, ended_at, exit_reason)
           WHERE EXISTS (SELECT 1 FROM workspaces w WHERE w.id = e.workspace_id AND w.deleted_at IS NULL)
             AND ($16::text = 'after_exit' OR NOT EXISTS (
               SELECT 1 FROM workflow_enrolments x WHERE x.workspace_id = e.workspace_id AND x.workflow_id = e.workflow_id AND x.contact_id = e.contact_id))
           ON CONFLICT DO NOTHING
           RETURNING id`,
          [
            chunk.map((e) => e.id),
            chunk.map((e) => e.workspaceId),
            chunk.map((e) => e.workflowId),
            chunk.map((e) => e.version),
            chunk.map((e) => e.contactId),
            chunk.map((e) => e.status),
            chunk.map((e) => e.stepId),
            chunk.map((e) => e.visit),
            chunk.map((e) => e.dueAt),
            chunk.map((e) => e.waitUntil),
            chunk.map((e) => e.triggerKey),
            chunk.map((e) => e.enrolledAt),
            chunk.map((e) => e.updatedAt),
            chunk.map((e) => e.endedAt),
            chunk.map((e) => e.exitReason),
            reenrol,
          ],
        )
        for (const row of rows) inserted.add(row.id)
      }
      return enrolments.filter((enrolment: EnrolmentRecord) => inserted.has(enrolment.id))
    },

    async claimDue({ claimId, now, limit, leaseMs, workflowIds }) {
      if (workflowIds.length === 0 || limit <= 0) return []
      const rows = await query<EnrolmentRow>(
        `WITH picked AS (
           SELECT id FROM workflow_enrolments
           WHERE status = 'active' AND workflow_id = ANY($1::text[]) AND due_at <= $2 AND lease_until <= $2 AND ${LIVE_WORKSPACE}
           LIMIT $3
           FOR UPDATE SKIP LOCKED)
         UPDATE workflow_enrolments e SET claim_id = $4, lease_until = $5
         FROM picked WHERE e.id = picked.id
         RETURNING ${ENROLMENT_COLUMNS.split(', ').map((column) => `e.${column}`).join(', ')}`,
        [distinct(workflowIds), now, limit, claimId, now + leaseMs],
      )
      return rows.map(toEnrolment)
    },

    async releaseClaim(claimId, enrolmentIds) {
      const release = "UPDATE workflow_enrolments SET claim_id = NULL, lease_until = 0 WHERE claim_id = $1 AND status = 'active'"
      const result =
        enrolmentIds === undefined ? await pool.query(release, [claimId]) : await pool.query(`${release} AND id = ANY($2::text[])`, [claimId, [...enrolmentIds]])
      return result.rowCount ?? 0
    },

    async commitStep(step) {
      checkStepCommit(step)
      try {
        return step.documents.length > 0 ? await commitWithDocuments(step) : await movedBy(pool, step)
      } catch (error) {
        // Two commits of one visit raced past the enrolment check: the loser's step insert is refused.
        if (isUniqueViolation(error, 'workflow_steps_pk')) return false
        // Another workspace claimed one of the new document ids in a transaction that committed first.
        if (isUniqueViolation(error, 'documents_owner')) {
          const ids = step.documents.flatMap((write) => write.ids)
          const rows = await query<{ id: string }>(
            `SELECT id FROM documents WHERE collection <> '${MEMBERS_COLLECTION}' AND id = ANY($1::text[]) AND workspace_id <> $2`,
            [ids, step.workspaceId],
          )
          throw new ForeignDocumentError(rows.map((row) => row.id))
        }
        throw error
      }
    },

    async exitEnrolments(workspaceId, workflowId, contactIds, reason, at) {
      const exit = `UPDATE workflow_enrolments
         SET status = 'exited', step_id = '', exit_reason = $1, ended_at = $2, updated_at = $2, wait_until = NULL, claim_id = NULL, lease_until = 0
         WHERE workspace_id = $3 AND workflow_id = $4 AND status = 'active'`
      const result =
        contactIds === 'all'
          ? await pool.query(exit, [reason, at, workspaceId, workflowId])
          : await pool.query(`${exit} AND contact_id = ANY($5::text[])`, [reason, at, workspaceId, workflowId, [...contactIds]])
      return result.rowCount ?? 0
    },

    async getEnrolments(workspaceId, workflowId, contactId) {
      const rows = await query<EnrolmentRow>(
        `SELECT ${ENROLMENT_COLUMNS} FROM workflow_enrolments WHERE workspace_id = $1 AND workflow_id = $2 AND contact_id = $3 ORDER BY enrolled_at, id`,
        [workspaceId, workflowId, contactId],
      )
      return rows.map(toEnrolment)
    },

    async listEnrolmentsAtStep(workspaceId, workflowId, stepId, limit) {
      const rows = await query<EnrolmentRow>(
        `SELECT ${ENROLMENT_COLUMNS} FROM workflow_enrolments
         WHERE workspace_id = $1 AND workflow_id = $2 AND status = 'active' AND ($3 = '' OR step_id = $3) ORDER BY updated_at, id LIMIT $4`,
        [workspaceId, workflowId, stepId, limit],
      )
      return rows.map(toEnrolment)
    },

    async listStepRecords(workspaceId, workflowId, contactId) {
      const rows = await query<StepRow>(
        `SELECT ${STEP_COLUMNS} FROM workflow_steps WHERE workspace_id = $1 AND workflow_id = $2 AND contact_id = $3 ORDER BY at, enrolment_id, visit`,
        [workspaceId, workflowId, contactId],
      )
      return rows.map(toStepRecord)
    },

    async countByStep(workspaceId, workflowId) {
      const rows = await query<StepCountRow>(
        `SELECT version, step_id, status, COUNT(*)::int AS count FROM workflow_enrolments WHERE workspace_id = $1 AND workflow_id = $2
         GROUP BY version, step_id, status ORDER BY version, step_id, status`,
        [workspaceId, workflowId],
      )
      return rows.map((row) => ({ version: row.version, stepId: row.step_id, status: toEnrolmentStatus(row.status), count: row.count }))
    },

    async countPassed(workspaceId, workflowId) {
      const rows = await query<{ step_id: string; count: number }>(
        'SELECT step_id, COUNT(*)::int AS count FROM workflow_steps WHERE workspace_id = $1 AND workflow_id = $2 GROUP BY step_id',
        [workspaceId, workflowId],
      )
      return new Map(rows.map((row) => [row.step_id, row.count]))
    },

    async countEmailsSince(workspaceId, contactId, since) {
      const [row] = await query<{ count: number }>(
        `SELECT COUNT(*)::int AS count FROM workflow_steps
         WHERE workspace_id = $1 AND contact_id = $2 AND step_type = 'send_email' AND at >= $3 AND outcome = 'done'`,
        [workspaceId, contactId, since],
      )
      return row?.count ?? 0
    },

    async nextDueAt(workflowIds) {
      if (workflowIds.length === 0) return null
      const [row] = await query<{ due: number | null }>(
        "SELECT MIN(due_at) AS due FROM workflow_enrolments WHERE status = 'active' AND workflow_id = ANY($1::text[])",
        [distinct(workflowIds)],
      )
      return row?.due ?? null
    },

    async claimOutbox({ claimId, now, limit, leaseMs }) {
      if (limit <= 0) return []
      const rows = await query<OutboxRow>(
        `WITH picked AS (
           SELECT id FROM workflow_outbox
           WHERE ((status = 'queued' AND next_attempt_at <= $1) OR (status = 'sending' AND lease_until <= $1)) AND ${LIVE_WORKSPACE}
           ORDER BY CASE WHEN status = 'queued' THEN next_attempt_at ELSE lease_until END
           LIMIT $2
           FOR UPDATE SKIP LOCKED)
         UPDATE workflow_outbox o SET status = 'sending', claim_id = $3, lease_until = $4, attempts = o.attempts + 1
         FROM picked WHERE o.id = picked.id
         RETURNING ${OUTBOX_COLUMNS.split(', ').map((column) => `o.${column}`).join(', ')}`,
        [now, limit, claimId, now + leaseMs],
      )
      return rows.map(toOutboxItem)
    },

    async recordOutboxOutcomes(outcomes) {
      if (outcomes.length === 0) return
      const of = <K extends OutboxOutcome['kind']>(kind: K): Array<Extract<OutboxOutcome, { kind: K }>> =>
        outcomes.filter((outcome): outcome is Extract<OutboxOutcome, { kind: K }> => outcome.kind === kind)
      const sent = of('sent')
      const retry = of('retry')
      const failed = of('failed')
      await inTransaction(pool, async (client) => {
        if (sent.length > 0) {
          // Whoever holds the row now, it went out: record it.
          await client.query(
            `UPDATE workflow_outbox SET status = 'sent', claim_id = NULL, lease_until = 0, last_error = ''
             WHERE id = ANY($1::text[]) AND status IN ('queued', 'sending')`,
            [sent.map((outcome) => outcome.id)],
          )
        }
        if (retry.length > 0) {
          await client.query(
            `UPDATE workflow_outbox o SET status = 'queued', next_attempt_at = r.next_attempt_at, last_error = r.error, claim_id = NULL, lease_until = 0
             FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[]) AS r (id, claim_id, next_attempt_at, error)
             WHERE o.id = r.id AND o.status = 'sending' AND o.claim_id = r.claim_id`,
            [retry.map((o) => o.id), retry.map((o) => o.claimId), retry.map((o) => o.nextAttemptAt), retry.map((o) => o.error)],
          )
        }
        if (failed.length > 0) {
          await client.query(
            `UPDATE workflow_outbox o SET status = 'failed', last_error = r.error, claim_id = NULL, lease_until = 0
             FROM unnest($1::text[], $2::text[], $3::text[]) AS r (id, claim_id, error)
             WHERE o.id = r.id AND o.status = 'sending' AND o.claim_id = r.claim_id`,
            [failed.map((o) => o.id), failed.map((o) => o.claimId), failed.map((o) => o.error)],
          )
        }
      })
    },

    async getMarker(workspaceId, key) {
      const [row] = await query<{ value: number }>('SELECT value FROM workflow_markers WHERE workspace_id = $1 AND key = $2', [workspaceId, key])
      return row?.value ?? null
    },

    async setMarker(workspaceId, key, value) {
      await pool.query(
        `INSERT INTO workflow_markers (workspace_id, key, value) VALUES ($1, $2, $3)
         ON CONFLICT (workspace_id, key) DO UPDATE SET value = excluded.value`,
        [workspaceId, key, value],
      )
    },

    async getContactFacts(workspaceId, contactIds) {
      if (contactIds.length === 0) return new Map()
      const rows = await query<{ contact_id: string; facts_json: string }>(
        'SELECT contact_id, facts_json FROM workflow_contact_facts WHERE workspace_id = $1 AND contact_id = ANY($2::text[])',
        [workspaceId, [...contactIds]],
      )
      return new Map(rows.map((row) => [row.contact_id, row.facts_json]))
    },

    async putContactFacts(workspaceId, facts) {
      if (facts.length === 0) return
      // One row per contact (the last one given wins), so the upsert never touches a row twice.
      const byContact = new Map(facts.map((record) => [record.contactId, record.factsJson]))
      await pool.query(
        `INSERT INTO workflow_contact_facts (workspace_id, contact_id, facts_json)
         SELECT $1::text, f.contact_id, f.facts_json FROM unnest($2::text[], $3::text[]) AS f (contact_id, facts_json)
         ON CONFLICT (workspace_id, contact_id) DO UPDATE SET facts_json = excluded.facts_json`,
        [workspaceId, [...byContact.keys()], [...byContact.values()]],
      )
    },
  }
}
