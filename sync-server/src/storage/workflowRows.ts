import type {
  ContactFactsRecord,
  EnrolmentRecord,
  EnrolmentStatus,
  OutboxItem,
  OutboxKind,
  OutboxStatus,
  StepCommit,
  StepOutcome,
  StepRecord,
  WorkflowVersionRecord,
} from './workflowStore'

// Row shapes and mapping shared by workflowSqlite.ts and workflowPostgres.ts (both dialects
// return bigint columns as numbers: better-sqlite3 natively, pg through int8AsNumber).

export const VERSION_COLUMNS = 'workspace_id, workflow_id, version, kind, graph_json, settings_json, created_at'
export const ENROLMENT_COLUMNS =
  'id, workspace_id, workflow_id, version, contact_id, status, step_id, visit, due_at, wait_until, trigger_key, enrolled_at, updated_at, ended_at, exit_reason'
export const STEP_COLUMNS = 'enrolment_id, visit, workspace_id, workflow_id, version, contact_id, step_id, step_type, outcome, detail, at'
export const OUTBOX_COLUMNS = 'id, workspace_id, enrolment_id, kind, payload_json, status, attempts, next_attempt_at, last_error, created_at'

export interface VersionRow {
  workspace_id: string
  workflow_id: string
  version: number
  kind: string
  graph_json: string
  settings_json: string
  created_at: number
}

export interface EnrolmentRow {
  id: string
  workspace_id: string
  workflow_id: string
  version: number
  contact_id: string
  status: string
  step_id: string
  visit: number
  due_at: number
  wait_until: number | null
  trigger_key: string
  enrolled_at: number
  updated_at: number
  ended_at: number | null
  exit_reason: string
}

export interface StepRow {
  enrolment_id: string
  visit: number
  workspace_id: string
  workflow_id: string
  version: number
  contact_id: string
  step_id: string
  step_type: string
  outcome: string
  detail: string
  at: number
}

export interface OutboxRow {
  id: string
  workspace_id: string
  enrolment_id: string
  kind: string
  payload_json: string
  status: string
  attempts: number
  next_attempt_at: number
  last_error: string
  created_at: number
}

export interface StepCountRow {
  version: number
  step_id: string
  status: string
  count: number
}

function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new Error(`unexpected ${what} ${value} in the workflow tables`)
}

const ENROLMENT_STATUSES: readonly EnrolmentStatus[] = ['active', 'completed', 'exited']
const STEP_OUTCOMES: readonly StepOutcome[] = ['done', 'skipped', 'failed', 'exited']
const OUTBOX_KINDS: readonly OutboxKind[] = ['email', 'webhook']
const OUTBOX_STATUSES: readonly OutboxStatus[] = ['queued', 'sending', 'sent', 'failed']

export const toEnrolmentStatus = (value: string): EnrolmentStatus => oneOf(value, ENROLMENT_STATUSES, 'enrolment status')

export function toVersion(row: VersionRow): WorkflowVersionRecord {
  return {
    workspaceId: row.workspace_id,
    workflowId: row.workflow_id,
    version: row.version,
    kind: oneOf(row.kind, ['workflow', 'drip'] as const, 'workflow kind'),
    graphJson: row.graph_json,
    settingsJson: row.settings_json,
    createdAt: row.created_at,
  }
}

export function toEnrolment(row: EnrolmentRow): EnrolmentRecord {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    workflowId: row.workflow_id,
    version: row.version,
    contactId: row.contact_id,
    status: toEnrolmentStatus(row.status),
    stepId: row.step_id,
    visit: row.visit,
    dueAt: row.due_at,
    waitUntil: row.wait_until,
    triggerKey: row.trigger_key,
    enrolledAt: row.enrolled_at,
    updatedAt: row.updated_at,
    endedAt: row.ended_at,
    exitReason: row.exit_reason,
  }
}

export function toStepRecord(row: StepRow): StepRecord {
  return {
    workspaceId: row.workspace_id,
    enrolmentId: row.enrolment_id,
    workflowId: row.workflow_id,
    version: row.version,
    contactId: row.contact_id,
    visit: row.visit,
    stepId: row.step_id,
    stepType: row.step_type,
    outcome: oneOf(row.outcome, STEP_OUTCOMES, 'step outcome'),
    detail: row.detail,
    at: row.at,
  }
}

export function toOutboxItem(row: OutboxRow): OutboxItem {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    enrolmentId: row.enrolment_id,
    kind: oneOf(row.kind, OUTBOX_KINDS, 'outbox kind'),
    payloadJson: row.payload_json,
    status: oneOf(row.status, OUTBOX_STATUSES, 'outbox status'),
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
  }
}

export const versionValues = (record: WorkflowVersionRecord): unknown[] => [
  record.workspaceId,
  record.workflowId,
  record.version,
  record.kind,
  record.graphJson,
  record.settingsJson,
  record.createdAt,
]

export const enrolmentValues = (record: EnrolmentRecord): unknown[] => [
  record.id,
  record.workspaceId,
  record.workflowId,
  record.version,
  record.contactId,
  record.status,
  record.stepId,
  record.visit,
  record.dueAt,
  record.waitUntil,
  record.triggerKey,
  record.enrolledAt,
  record.updatedAt,
  record.endedAt,
  record.exitReason,
]

export const stepValues = (record: StepRecord): unknown[] => [
  record.enrolmentId,
  record.visit,
  record.workspaceId,
  record.workflowId,
  record.version,
  record.contactId,
  record.stepId,
  record.stepType,
  record.outcome,
  record.detail,
  record.at,
]

export const outboxValues = (item: OutboxItem): unknown[] => [
  item.id,
  item.workspaceId,
  item.enrolmentId,
  item.kind,
  item.payloadJson,
  item.status,
  item.attempts,
  item.nextAttemptAt,
  item.lastError,
  item.createdAt,
]

/** Enrolments must be new and active: anything else is a caller's bug, refused before writing. */
export function checkEnrolments(enrolments: readonly EnrolmentRecord[]): void {
  for (const enrolment of enrolments) {
    if (enrolment.status !== 'active') throw new Error(`enrolment ${enrolment.id} must be active when enrolled, not ${enrolment.status}`)
  }
}

/** Checks a StepCommit's own consistency before any write (bad input: clear error, nothing changed). */
export function checkStepCommit(commit: StepCommit): void {
  const { record, next, expectedVisit } = commit
  if (record !== null) {
    if (record.enrolmentId !== commit.enrolmentId || record.workspaceId !== commit.workspaceId) {
      throw new Error('the step record belongs to another enrolment or workspace than the commit')
    }
    if (record.visit !== expectedVisit) throw new Error(`the step record's visit ${record.visit} is not the expected visit ${expectedVisit}`)
    if (next.visit !== expectedVisit + 1) throw new Error(`after a step the enrolment's visit must be ${expectedVisit + 1}, not ${next.visit}`)
  } else if (next.visit !== expectedVisit) {
    throw new Error(`without a step record the enrolment's visit stays ${expectedVisit}, not ${next.visit}`)
  }
  if (next.status === 'active' && next.stepId === '') throw new Error('an active enrolment needs a next step')
  for (const item of commit.outbox) {
    if (item.workspaceId !== commit.workspaceId || item.enrolmentId !== commit.enrolmentId) {
      throw new Error(`outbox item ${item.id} belongs to another enrolment or workspace than the commit`)
    }
  }
}

/** Distinct values, in first-seen order. */
export function distinct(values: readonly string[]): string[] {
  return [...new Set(values)]
}

export const factsValues = (workspaceId: string, record: ContactFactsRecord): unknown[] => [workspaceId, record.contactId, record.factsJson]
