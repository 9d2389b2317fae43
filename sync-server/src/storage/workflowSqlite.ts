import type { Database } from 'better-sqlite3'
import { assertPushableCollection, assignSequences, planDocumentWrites } from './documentWrites'
import { MEMBERS_COLLECTION } from './migrations'
import { ForeignDocumentError } from './port'
import type { ChangeNotice } from './port'
import type { SqliteDocumentWriter } from './privacySqlite'
import { preparedStatements } from './sqliteStatements'
import {
  checkEnrolments,
  checkStepCommit,
  distinct,
  ENROLMENT_COLUMNS,
  enrolmentValues,
  factsValues,
  OUTBOX_COLUMNS,
  outboxValues,
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

// The workflow engine's state on SQLite. better-sqlite3 runs each statement and transaction to
// completion without yielding and SQLite has one writer at a time, so a claim (one UPDATE …
// RETURNING) never hands a row to two claimers, and commitStep's check-then-write (an IMMEDIATE
// transaction) cannot interleave with another commit, in this process or another on the file.

const LIVE_WORKSPACE = 'workspace_id IN (SELECT id FROM workspaces WHERE deleted_at IS NULL)'
/** Steps per group commit at most (the rest go in the next turn). */
const MAX_GROUP_COMMIT = 256

interface PendingStep {
  step: StepCommit
  resolve(moved: boolean): void
  reject(error: unknown): void
}

/** A step's fate inside a group commit: its change notices (null: the enrolment had moved on) or its error. */
type StepResult = { ok: true; notices: ChangeNotice[] | null } | { ok: false; error: unknown }

export function createSqliteWorkflowStore(db: Database, writer: SqliteDocumentWriter): WorkflowStore {
  const statement = preparedStatements(db)

  // Any conflict (same trigger key, or the contact already active) skips the row; 'never' also
  // skips contacts who were ever enrolled in the workflow.
  const INSERT_ENROLMENT = `INSERT INTO workflow_enrolments (${ENROLMENT_COLUMNS}, claim_id, lease_until)
     SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 0
     WHERE ? = 'after_exit' OR NOT EXISTS (SELECT 1 FROM workflow_enrolments WHERE workspace_id = ? AND workflow_id = ? AND contact_id = ?)
     ON CONFLICT DO NOTHING`

  const enrol = db.transaction((enrolments: readonly EnrolmentRecord[], reenrol: 'never' | 'after_exit'): EnrolmentRecord[] => {
    // Rows of a missing or deleted workspace are skipped (looked up once per workspace, not per row).
    const live = new Set(
      distinct(enrolments.map((enrolment) => enrolment.workspaceId)).filter(
        (workspaceId) => statement('SELECT 1 FROM workspaces WHERE id = ? AND deleted_at IS NULL').get(workspaceId) !== undefined,
      ),
    )
    const insert = statement(INSERT_ENROLMENT)
    const inserted: EnrolmentRecord[] = []
    for (const enrolment of enrolments) {
      const { workspaceId, workflowId, contactId } = enrolment
      if (!live.has(workspaceId)) continue
      if (insert.run(...enrolmentValues(enrolment), reenrol, workspaceId, workflowId, contactId).changes > 0) inserted.push(enrolment)
    }
    return inserted
  })

  const commit = db.transaction((step: StepCommit): ChangeNotice[] | null => {
    const { next } = step
    const moved = statement(
      `UPDATE workflow_enrolments
       SET status = ?, step_id = ?, visit = ?, due_at = ?, wait_until = ?, exit_reason = ?, ended_at = ?, updated_at = ?, claim_id = NULL, lease_until = 0
       WHERE id = ? AND workspace_id = ? AND visit = ? AND claim_id = ? AND status = 'active' AND ${LIVE_WORKSPACE}`,
    ).run(
      next.status,
      next.stepId,
      next.visit,
      next.dueAt,
      next.waitUntil,
      next.exitReason,
      next.endedAt,
      next.updatedAt,
      step.enrolmentId,
      step.workspaceId,
      step.expectedVisit,
      step.claimId,
    )
    if (moved.changes === 0) return null
    if (step.record !== null) statement(`INSERT INTO workflow_steps (${STEP_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(...stepValues(step.record))
    for (const item of step.outbox) {
      statement(`INSERT INTO workflow_outbox (${OUTBOX_COLUMNS}, claim_id, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 0)`).run(...outboxValues(item))
    }
    if (step.documents.length === 0) return []
    // The same rules as pushDocuments: foreign ids refused, then one sequence per written document.
    let seq = writer.readWorkspaceSeq(step.workspaceId)
    const notices: ChangeNotice[] = []
    for (const write of step.documents) {
      assertPushableCollection(write.collection)
      const owners = statement<{ id: string; workspace_id: string; json: string }>(
        `SELECT id, workspace_id, json FROM documents
         WHERE collection = ? AND collection <> '${MEMBERS_COLLECTION}' AND id IN (SELECT value FROM json_each(?))`,
      ).all(write.collection, JSON.stringify(write.ids))
      const foreign = owners.filter((row) => row.workspace_id !== step.workspaceId).map((row) => row.id)
      if (foreign.length > 0) throw new ForeignDocumentError(foreign)
      const masters = new Map(owners.map((row) => [row.id, JSON.parse(row.json) as Record<string, unknown>]))
      const stored = assignSequences(seq, planDocumentWrites(write.ids, write.decide({ masters })))
      const last = stored.at(-1)
      if (last === undefined) continue
      for (const document of stored) writer.writeDocument(step.workspaceId, write.collection, document)
      seq = last.seq
      notices.push({ workspaceId: step.workspaceId, collection: write.collection, seq })
    }
    if (notices.length > 0) writer.setWorkspaceSeq(step.workspaceId, seq)
    return notices
  })

  // Group commit: the steps committed by concurrent callers (the engine's lanes) during one turn of
  // the event loop share one write transaction, each in its own savepoint (better-sqlite3 nests a
  // transaction function as a SAVEPOINT), so a step that fails (a foreign document id, a deleted
  // workspace) rolls back alone and every other step still commits exactly as it would have by
  // itself. Callers hear back after the COMMIT. One commit (the WAL append) per batch instead of
  // per step is most of a step's cost on SQLite.
  const pending: PendingStep[] = []
  const commitBatch = db.transaction((batch: readonly PendingStep[]): StepResult[] =>
    batch.map((entry): StepResult => {
      try {
        return { ok: true, notices: commit(entry.step) }
      } catch (error) {
        return { ok: false, error }
      }
    }),
  )
  const flush = (): void => {
    const batch = pending.splice(0, MAX_GROUP_COMMIT)
    if (pending.length > 0) setImmediate(flush)
    let results: StepResult[]
    try {
      results = commitBatch.immediate(batch)
    } catch (error) {
      for (const entry of batch) entry.reject(error)
      return
    }
    batch.forEach((entry, index) => {
      const result = results[index]
      if (result === undefined) entry.reject(new Error('unreachable: a step without a result'))
      else if (!result.ok) entry.reject(result.error)
      else if (result.notices === null) entry.resolve(false)
      else {
        for (const notice of result.notices) writer.dispatch(notice)
        entry.resolve(true)
      }
    })
  }

  const recordOutcomes = db.transaction((outcomes: readonly OutboxOutcome[]) => {
    for (const outcome of outcomes) {
      switch (outcome.kind) {
        case 'sent':
          // Whoever holds the row now, it went out: record it.
          statement(
            `UPDATE workflow_outbox SET status = 'sent', claim_id = NULL, lease_until = 0, last_error = ''
             WHERE id = ? AND status IN ('queued', 'sending')`,
          ).run(outcome.id)
          break
        case 'retry':
          statement(
            `UPDATE workflow_outbox SET status = 'queued', next_attempt_at = ?, last_error = ?, claim_id = NULL, lease_until = 0
             WHERE id = ? AND status = 'sending' AND claim_id = ?`,
          ).run(outcome.nextAttemptAt, outcome.error, outcome.id, outcome.claimId)
          break
        case 'failed':
          statement(
            `UPDATE workflow_outbox SET status = 'failed', last_error = ?, claim_id = NULL, lease_until = 0
             WHERE id = ? AND status = 'sending' AND claim_id = ?`,
          ).run(outcome.error, outcome.id, outcome.claimId)
          break
      }
    }
  })

  const putFacts = db.transaction((workspaceId: string, facts: Parameters<WorkflowStore['putContactFacts']>[1]) => {
    const upsert = statement(
      `INSERT INTO workflow_contact_facts (workspace_id, contact_id, facts_json) VALUES (?, ?, ?)
       ON CONFLICT (workspace_id, contact_id) DO UPDATE SET facts_json = excluded.facts_json`,
    )
    for (const record of facts) upsert.run(...factsValues(workspaceId, record))
  })

  return {
    async saveVersion(record) {
      return statement(`INSERT INTO workflow_versions (${VERSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`).run(...versionValues(record)).changes > 0
    },

    async getVersion(workspaceId, workflowId, version) {
      const row = statement<VersionRow>(`SELECT ${VERSION_COLUMNS} FROM workflow_versions WHERE workspace_id = ? AND workflow_id = ? AND version = ?`).get(
        workspaceId,
        workflowId,
        version,
      )
      return row === undefined ? null : toVersion(row)
    },

    async listRunnableWorkflows() {
      // The literal `collection <> 'members'` lets SQLite use the (collection, id) partial index.
      const rows = statement<{ workspace_id: string; json: string }>(
        `SELECT d.workspace_id, d.json FROM documents d JOIN workspaces w ON w.id = d.workspace_id AND w.deleted_at IS NULL
         WHERE d.collection = 'workflows' AND d.collection <> '${MEMBERS_COLLECTION}'
           AND json_extract(d.json, '$.status') IN ('active', 'paused') AND json_extract(d.json, '$._deleted') = 0`,
      ).all()
      return rows.map((row) => ({ workspaceId: row.workspace_id, doc: JSON.parse(row.json) as Record<string, unknown> }))
    },

    async enrol(enrolments, reenrol) {
      if (enrolments.length === 0) return []
      checkEnrolments(enrolments)
      return enrol.immediate(enrolments, reenrol)
    },

    async claimDue({ claimId, now, limit, leaseMs, workflowIds }) {
      if (workflowIds.length === 0 || limit <= 0) return []
      const rows = statement<EnrolmentRow>(
        `UPDATE workflow_enrolments SET claim_id = ?, lease_until = ?
         WHERE id IN (
           SELECT id FROM workflow_enrolments
           WHERE status = 'active' AND workflow_id IN (SELECT value FROM json_each(?)) AND due_at <= ? AND lease_until <= ? AND ${LIVE_WORKSPACE}
           LIMIT ?)
         RETURNING ${ENROLMENT_COLUMNS}`,
      ).all(claimId, now + leaseMs, JSON.stringify(distinct(workflowIds)), now, now, limit)
      return rows.map(toEnrolment)
    },

    async releaseClaim(claimId, enrolmentIds) {
      const release = "UPDATE workflow_enrolments SET claim_id = NULL, lease_until = 0 WHERE claim_id = ? AND status = 'active'"
      const result =
        enrolmentIds === undefined
          ? statement(release).run(claimId)
          : statement(`${release} AND id IN (SELECT value FROM json_each(?))`).run(claimId, JSON.stringify(enrolmentIds))
      return result.changes
    },

    async commitStep(step) {
      checkStepCommit(step)
      return new Promise<boolean>((resolve, reject) => {
        pending.push({ step, resolve, reject })
        if (pending.length === 1) setImmediate(flush)
      })
    },

    async exitEnrolments(workspaceId, workflowId, contactIds, reason, at) {
      const exit = `UPDATE workflow_enrolments
         SET status = 'exited', step_id = '', exit_reason = ?, ended_at = ?, updated_at = ?, wait_until = NULL, claim_id = NULL, lease_until = 0
         WHERE workspace_id = ? AND workflow_id = ? AND status = 'active'`
      const result =
        contactIds === 'all'
          ? statement(exit).run(reason, at, at, workspaceId, workflowId)
          : statement(`${exit} AND contact_id IN (SELECT value FROM json_each(?))`).run(reason, at, at, workspaceId, workflowId, JSON.stringify(contactIds))
      return result.changes
    },

    async getEnrolments(workspaceId, workflowId, contactId) {
      return statement<EnrolmentRow>(
        `SELECT ${ENROLMENT_COLUMNS} FROM workflow_enrolments WHERE workspace_id = ? AND workflow_id = ? AND contact_id = ? ORDER BY enrolled_at, id`,
      )
        .all(workspaceId, workflowId, contactId)
        .map(toEnrolment)
    },

    async listEnrolmentsAtStep(workspaceId, workflowId, stepId, limit) {
      return statement<EnrolmentRow>(
        `SELECT ${ENROLMENT_COLUMNS} FROM workflow_enrolments
         WHERE workspace_id = ? AND workflow_id = ? AND status = 'active' AND (? = '' OR step_id = ?) ORDER BY updated_at, id LIMIT ?`,
      )
        .all(workspaceId, workflowId, stepId, stepId, limit)
        .map(toEnrolment)
    },

    async listStepRecords(workspaceId, workflowId, contactId) {
      return statement<StepRow>(
        `SELECT ${STEP_COLUMNS} FROM workflow_steps WHERE workspace_id = ? AND workflow_id = ? AND contact_id = ? ORDER BY at, enrolment_id, visit`,
      )
        .all(workspaceId, workflowId, contactId)
        .map(toStepRecord)
    },

    async countByStep(workspaceId, workflowId) {
      return statement<StepCountRow>(
        `SELECT version, step_id, status, COUNT(*) AS count FROM workflow_enrolments WHERE workspace_id = ? AND workflow_id = ?
         GROUP BY version, step_id, status ORDER BY version, step_id, status`,
      )
        .all(workspaceId, workflowId)
        .map((row) => ({ version: row.version, stepId: row.step_id, status: toEnrolmentStatus(row.status), count: row.count }))
    },

    async countPassed(workspaceId, workflowId) {
      const rows = statement<{ step_id: string; count: number }>(
        'SELECT step_id, COUNT(*) AS count FROM workflow_steps WHERE workspace_id = ? AND workflow_id = ? GROUP BY step_id',
      ).all(workspaceId, workflowId)
      return new Map(rows.map((row) => [row.step_id, row.count]))
    },

    async countEmailsSince(workspaceId, contactId, since) {
      // The literal step_type lets SQLite use the partial email index.
      const row = statement<{ count: number }>(
        `SELECT COUNT(*) AS count FROM workflow_steps
         WHERE workspace_id = ? AND contact_id = ? AND step_type = 'send_email' AND at >= ? AND outcome = 'done'`,
      ).get(workspaceId, contactId, since)
      return row?.count ?? 0
    },

    async nextDueAt(workflowIds) {
      if (workflowIds.length === 0) return null
      const row = statement<{ due: number | null }>(
        "SELECT MIN(due_at) AS due FROM workflow_enrolments WHERE status = 'active' AND workflow_id IN (SELECT value FROM json_each(?))",
      ).get(JSON.stringify(distinct(workflowIds)))
      return row?.due ?? null
    },

    async claimOutbox({ claimId, now, limit, leaseMs }) {
      if (limit <= 0) return []
      const rows = statement<OutboxRow>(
        `UPDATE workflow_outbox SET status = 'sending', claim_id = ?, lease_until = ?, attempts = attempts + 1
         WHERE id IN (
           SELECT id FROM (
             SELECT id, next_attempt_at AS due FROM workflow_outbox WHERE status = 'queued' AND next_attempt_at <= ? AND ${LIVE_WORKSPACE}
             UNION ALL
             SELECT id, lease_until AS due FROM workflow_outbox WHERE status = 'sending' AND lease_until <= ? AND ${LIVE_WORKSPACE}
           ) ORDER BY due LIMIT ?)
         RETURNING ${OUTBOX_COLUMNS}`,
      ).all(claimId, now + leaseMs, now, now, limit)
      return rows.map(toOutboxItem)
    },

    async recordOutboxOutcomes(outcomes) {
      if (outcomes.length === 0) return
      recordOutcomes.immediate(outcomes)
    },

    async getMarker(workspaceId, key) {
      return statement<{ value: number }>('SELECT value FROM workflow_markers WHERE workspace_id = ? AND key = ?').get(workspaceId, key)?.value ?? null
    },

    async setMarker(workspaceId, key, value) {
      statement(
        `INSERT INTO workflow_markers (workspace_id, key, value) VALUES (?, ?, ?)
         ON CONFLICT (workspace_id, key) DO UPDATE SET value = excluded.value`,
      ).run(workspaceId, key, value)
    },

    async getContactFacts(workspaceId, contactIds) {
      if (contactIds.length === 0) return new Map()
      const rows = statement<{ contact_id: string; facts_json: string }>(
        'SELECT contact_id, facts_json FROM workflow_contact_facts WHERE workspace_id = ? AND contact_id IN (SELECT value FROM json_each(?))',
      ).all(workspaceId, JSON.stringify(contactIds))
      return new Map(rows.map((row) => [row.contact_id, row.facts_json]))
    },

    async putContactFacts(workspaceId, facts) {
      if (facts.length === 0) return
      putFacts.immediate(workspaceId, facts)
    },
  }
}
