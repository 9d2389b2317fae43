import type { DocumentWrite, PushContext } from './port'

// The workflow engine's durable state (sync-server/src/workflows): published versions, each
// contact's enrolment (its position), the record of every step taken, an outbox for effects that
// leave the database (email, outbound webhooks), change-feed cursors and contact facts for
// trigger detection. Both storage implementations provide it as `storage.workflows` and pass
// workflowContract.test.ts. Times are epoch ms.
//
// Exactly once: a step is taken by `commitStep`, one transaction that checks the enrolment is
// still where the engine read it (same visit, same claim), inserts the step record (unique per
// enrolment and visit), moves the enrolment on, queues the step's outbox items and writes its
// replicated document changes. A crash before commit leaves nothing; after commit, the step is
// never taken again. Only outbox deliveries in flight at a crash can repeat (like campaign sends).

/** A published version as the server first saw it: what contacts enrolled on it run, to the end. */
export interface WorkflowVersionRecord {
  workspaceId: string
  workflowId: string
  version: number
  kind: 'workflow' | 'drip'
  /** The version's WorkflowGraph and WorkflowSettings (JSON text). */
  graphJson: string
  settingsJson: string
  createdAt: number
}

export type EnrolmentStatus = 'active' | 'completed' | 'exited'

export interface EnrolmentRecord {
  /** A ULID. */
  id: string
  workspaceId: string
  workflowId: string
  version: number
  contactId: string
  status: EnrolmentStatus
  /** The step to take next; '' once finished. */
  stepId: string
  /** Steps recorded so far (the next step record's visit number). */
  visit: number
  /** When the current step is due (a wait's end, a deferred email's slot). */
  dueAt: number
  /** The end a wait step computed when the contact arrived at it; null when not waiting. */
  waitUntil: number | null
  /** What enrolled the contact (a change's sequence, an API event id…): one enrolment per key. */
  triggerKey: string
  enrolledAt: number
  updatedAt: number
  endedAt: number | null
  /** Why it ended early (goal, unsubscribed, deleted, exit_step, removed, archived); '' otherwise. */
  exitReason: string
}

export type StepOutcome = 'done' | 'skipped' | 'failed' | 'exited'

/** One step a contact took (the per-contact path and the per-step counts come from these). */
export interface StepRecord {
  workspaceId: string
  enrolmentId: string
  workflowId: string
  version: number
  contactId: string
  visit: number
  stepId: string
  stepType: string
  outcome: StepOutcome
  /** Human-readable: "sent Welcome", "suppressed", "went to Yes"… */
  detail: string
  at: number
}

export type OutboxKind = 'email' | 'webhook'
export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed'

export interface OutboxItem {
  /** A ULID. */
  id: string
  workspaceId: string
  enrolmentId: string
  kind: OutboxKind
  /** What to deliver (JSON text; the engine's own format per kind). */
  payloadJson: string
  status: OutboxStatus
  attempts: number
  nextAttemptAt: number
  lastError: string
  createdAt: number
}

/** A contact's trigger-relevant facts as last seen (ContactFacts JSON of src/core/workflows). */
export interface ContactFactsRecord {
  contactId: string
  factsJson: string
}

export interface ClaimRequest {
  /** Identifies this claim: commits and releases only touch rows still held by it. */
  claimId: string
  now: number
  limit: number
  /** The lease ends at now + leaseMs; after that another worker may claim the row again. */
  leaseMs: number
}

/** Replicated document writes done inside a step's transaction (same rules as pushDocuments). */
export interface StepDocumentWrite {
  collection: string
  ids: readonly string[]
  decide: (context: PushContext) => DocumentWrite[]
}

export interface StepCommit {
  workspaceId: string
  enrolmentId: string
  claimId: string
  /** The enrolment's visit when it was read; the commit does nothing when it moved since. */
  expectedVisit: number
  /** The step taken (visit = expectedVisit), or null when the enrolment only waits longer. */
  record: StepRecord | null
  /** The enrolment afterwards. `visit` must be expectedVisit + 1 when `record` is given. */
  next: Pick<EnrolmentRecord, 'status' | 'stepId' | 'visit' | 'dueAt' | 'waitUntil' | 'exitReason' | 'endedAt' | 'updatedAt'>
  outbox: readonly OutboxItem[]
  documents: readonly StepDocumentWrite[]
}

export type OutboxOutcome =
  | { id: string; claimId: string; kind: 'sent'; at: number }
  /** Temporary failure: back to the queue, not before `nextAttemptAt`. */
  | { id: string; claimId: string; kind: 'retry'; error: string; nextAttemptAt: number; at: number }
  | { id: string; claimId: string; kind: 'failed'; error: string; at: number }

/** Contacts at one step of one version, by status. */
export interface StepCount {
  version: number
  stepId: string
  status: EnrolmentStatus
  count: number
}

export interface WorkflowStore {
  /** Stores a published version unless already stored; true when this call stored it. */
  saveVersion(record: WorkflowVersionRecord): Promise<boolean>
  getVersion(workspaceId: string, workflowId: string, version: number): Promise<WorkflowVersionRecord | null>
  /** Live workflow documents of live workspaces whose status is active or paused (parsed). */
  listRunnableWorkflows(): Promise<Array<{ workspaceId: string; doc: Record<string, unknown> }>>

  /**
   * Inserts enrolments, skipping any whose (workflow, contact, triggerKey) exists, any for a
   * contact already active in that workflow and, when `reenrol` is 'never', any for a contact who
   * was ever enrolled in it. Returns the enrolments inserted.
   */
  enrol(enrolments: readonly EnrolmentRecord[], reenrol: 'never' | 'after_exit'): Promise<EnrolmentRecord[]>
  /**
   * Claims up to `limit` active enrolments due at `now` among the workflows `workflowIds` (the
   * active ones: a paused workflow's contacts stay put); concurrent claimers never get the same
   * row. A claim whose lease ran out may be claimed again.
   */
  claimDue(request: ClaimRequest & { workflowIds: readonly string[] }): Promise<EnrolmentRecord[]>
  /** Puts enrolments still held by `claimId` back (shutdown, paused workflow). */
  releaseClaim(claimId: string, enrolmentIds?: readonly string[]): Promise<number>
  /** Takes one step (see the top of this file); false (and nothing written) when the enrolment moved on. */
  commitStep(commit: StepCommit): Promise<boolean>
  /** Ends a contact's active enrolments in a workflow (manual removal, archive); returns how many. */
  exitEnrolments(workspaceId: string, workflowId: string, contactIds: readonly string[] | 'all', reason: string, at: number): Promise<number>
  getEnrolments(workspaceId: string, workflowId: string, contactId: string): Promise<EnrolmentRecord[]>
  /** Active enrolments at `stepId` (any version; '' = every active one), longest there first, at most `limit`. */
  listEnrolmentsAtStep(workspaceId: string, workflowId: string, stepId: string, limit: number): Promise<EnrolmentRecord[]>
  /** Every step record of one contact in one workflow, oldest first. */
  listStepRecords(workspaceId: string, workflowId: string, contactId: string): Promise<StepRecord[]>
  /** Contacts by version, current step and status. */
  countByStep(workspaceId: string, workflowId: string): Promise<StepCount[]>
  /** Step records per step id (how many passed each step). */
  countPassed(workspaceId: string, workflowId: string): Promise<Map<string, number>>
  /** Workflow emails recorded as sent to the contact since `since` (frequency cap). */
  countEmailsSince(workspaceId: string, contactId: string, since: number): Promise<number>
  /** Earliest dueAt among active enrolments of `workflowIds`, or null. */
  nextDueAt(workflowIds: readonly string[]): Promise<number | null>

  /** Claims due outbox items of any workspace (queued and due, or lease expired). */
  claimOutbox(request: ClaimRequest): Promise<OutboxItem[]>
  recordOutboxOutcomes(outcomes: readonly OutboxOutcome[]): Promise<void>

  /** Change-feed cursors, schedule marks and other small per-workspace positions. */
  getMarker(workspaceId: string, key: string): Promise<number | null>
  setMarker(workspaceId: string, key: string, value: number): Promise<void>
  /** Last seen facts of contacts (missing ids are absent from the map). */
  getContactFacts(workspaceId: string, contactIds: readonly string[]): Promise<Map<string, string>>
  putContactFacts(workspaceId: string, facts: readonly ContactFactsRecord[]): Promise<void>
}
