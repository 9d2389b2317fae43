import type { FromSchema } from 'json-schema-to-ts'
import { clockProperty, idProperty, timestampProperty } from './common'
import { segmentRulesSchema } from './segments'

// Marketing automation (issue 8). A workflow is a trigger and a graph of steps; drips are the
// simple form (a list of emails with delays), stored the same way so one engine runs both.
// The document holds the working copy (`trigger`, `entryStepId`, `steps`) and, once activated,
// the `published` copy the server runs. Publishing bumps `published.version`; the server keeps
// every published version it has seen, so contacts already inside finish on theirs.

export const WORKFLOW_KINDS = ['workflow', 'drip'] as const
export type WorkflowKind = (typeof WORKFLOW_KINDS)[number]

/** draft: never run. active: enrolling and running. paused: nobody moves (waits resume later). archived: stopped for good. */
export const WORKFLOW_STATUSES = ['draft', 'active', 'paused', 'archived'] as const
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number]

export const WORKFLOW_TRIGGER_TYPES = [
  'contact_created',
  'field_changed',
  'tag_added',
  'segment_entered',
  'segment_left',
  'stage_changed',
  'score_crossed',
  'email_opened',
  'email_clicked',
  'api_event',
  'date_anniversary',
  'schedule',
  /** Only by hand (contact page, a segment, the API). */
  'manual',
] as const
export type WorkflowTriggerType = (typeof WORKFLOW_TRIGGER_TYPES)[number]

export const WORKFLOW_STEP_TYPES = [
  'send_email',
  'wait',
  'branch',
  'update_field',
  'add_tag',
  'remove_tag',
  'add_to_list',
  'remove_from_list',
  'set_stage',
  'adjust_score',
  'create_task',
  'notify_member',
  'call_webhook',
  'exit',
] as const
export type WorkflowStepType = (typeof WORKFLOW_STEP_TYPES)[number]

/** duration: `waitMinutes`. until: the timestamp `waitUntil`. window: the next moment inside `windowDays` × [start, end) hours in `timeZone`. */
export const WAIT_KINDS = ['duration', 'until', 'window'] as const
export type WaitKind = (typeof WAIT_KINDS)[number]

/** segment: `condition` on the contact. opened / clicked: did the contact open / click the email of step `emailStepId`. */
export const BRANCH_KINDS = ['segment', 'opened', 'clicked'] as const
export type BranchKind = (typeof BRANCH_KINDS)[number]

export const SCHEDULE_EVERY = ['day', 'week', 'month'] as const

export const WORKFLOW_LIMITS = { name: 120, description: 1_000, steps: 200, text: 500, body: 5_000, versions: 1_000 } as const

const shortId = { type: 'string', maxLength: 26 } as const
const text = { type: 'string', maxLength: WORKFLOW_LIMITS.text } as const
const hour = { type: 'integer', minimum: 0, maximum: 24 } as const

/**
 * What enrols a contact. Only the fields of its `type` matter:
 * field_changed: `field` (`contact.<field>` or `custom.<key>`), optional `value` (changed to it);
 * tag_added: `tag`; segment_entered/left: `segmentId`; stage_changed: optional `stage` (to it);
 * score_crossed: `threshold` (crossing upwards); email_opened/clicked: optional `campaignId` ('' = any);
 * api_event: `eventName`; date_anniversary: `field` (a date field), `daysBefore`, `hour`, `timeZone`;
 * schedule: `every`, `hour`, `weekday` (0 = Sunday), `monthDay`, `timeZone`, and `segmentId`
 * ('' = every contact) for whom it runs. Every trigger may narrow with `filter` (segment rules).
 */
export const workflowTriggerSchema = {
  type: 'object',
  properties: {
    type: { type: 'string', enum: WORKFLOW_TRIGGER_TYPES, maxLength: 20 },
    field: { type: 'string', maxLength: 60 },
    value: text,
    tag: { type: 'string', maxLength: 50 },
    segmentId: shortId,
    stage: { type: 'string', maxLength: 40 },
    threshold: { type: 'integer', minimum: -100_000, maximum: 100_000 },
    campaignId: shortId,
    eventName: { type: 'string', maxLength: 100 },
    daysBefore: { type: 'integer', minimum: 0, maximum: 365 },
    every: { type: 'string', enum: SCHEDULE_EVERY, maxLength: 10 },
    hour,
    weekday: { type: 'integer', minimum: 0, maximum: 6 },
    monthDay: { type: 'integer', minimum: 1, maximum: 28 },
    timeZone: { type: 'string', maxLength: 64 },
    filter: segmentRulesSchema,
  },
  required: ['type'],
  additionalProperties: false,
} as const

/**
 * One step. `next` is the step that follows ('' = the workflow ends); a branch goes to `next`
 * when its condition holds and to `elseNext` otherwise. Only the fields of its `type` matter:
 * send_email: `templateId`, optional `subject` override; wait: see WAIT_KINDS;
 * update_field: `field`, `value`; add_tag/remove_tag: `tag`; add_to_list/remove_from_list: `listId`;
 * set_stage: `stage`; adjust_score: `scoreDelta`; create_task: `memberId`, `title`, `dueInDays`;
 * notify_member: `memberId`, `message`; call_webhook: `endpointId`; exit: nothing.
 */
export const workflowStepSchema = {
  type: 'object',
  properties: {
    id: shortId,
    type: { type: 'string', enum: WORKFLOW_STEP_TYPES, maxLength: 20 },
    /** Shown on the canvas; '' = the type's default label. */
    label: { type: 'string', maxLength: 120 },
    next: shortId,
    elseNext: shortId,
    templateId: shortId,
    subject: { type: 'string', maxLength: 250 },
    waitKind: { type: 'string', enum: WAIT_KINDS, maxLength: 10 },
    waitMinutes: { type: 'integer', minimum: 0, maximum: 525_600 },
    waitUntil: timestampProperty,
    windowDays: { type: 'array', maxItems: 7, items: { type: 'integer', minimum: 0, maximum: 6 } },
    windowStartHour: hour,
    windowEndHour: hour,
    timeZone: { type: 'string', maxLength: 64 },
    branchKind: { type: 'string', enum: BRANCH_KINDS, maxLength: 10 },
    condition: segmentRulesSchema,
    emailStepId: shortId,
    field: { type: 'string', maxLength: 60 },
    value: text,
    tag: { type: 'string', maxLength: 50 },
    listId: shortId,
    stage: { type: 'string', maxLength: 40 },
    scoreDelta: { type: 'integer', minimum: -1_000, maximum: 1_000 },
    memberId: shortId,
    title: { type: 'string', maxLength: 200 },
    dueInDays: { type: 'integer', minimum: 0, maximum: 365 },
    message: { type: 'string', maxLength: WORKFLOW_LIMITS.body },
    endpointId: shortId,
    /** Canvas position (the builder lays drips out by itself). */
    x: { type: 'number', minimum: -1e6, maximum: 1e6 },
    y: { type: 'number', minimum: -1e6, maximum: 1e6 },
  },
  required: ['id', 'type', 'next'],
  additionalProperties: false,
} as const

/** What the engine runs: the trigger and the steps. */
export const workflowGraphSchema = {
  type: 'object',
  properties: {
    trigger: workflowTriggerSchema,
    /** The first step ('' while empty). */
    entryStepId: shortId,
    steps: { type: 'array', maxItems: WORKFLOW_LIMITS.steps, items: workflowStepSchema },
  },
  required: ['trigger', 'entryStepId', 'steps'],
  additionalProperties: false,
} as const

/** When a contact leaves early or may come back. */
export const workflowSettingsSchema = {
  type: 'object',
  properties: {
    /** never: once per contact for good. after_exit: again once the previous run ended. */
    reenrol: { type: 'string', enum: ['never', 'after_exit'], maxLength: 10 },
    /** Goal: a contact matching these rules leaves (drips: "goal reached"). */
    goal: segmentRulesSchema,
    /** Leave when the contact unsubscribes (always on for drips). */
    exitOnUnsubscribe: { type: 'boolean' },
  },
  required: ['reenrol', 'exitOnUnsubscribe'],
  additionalProperties: false,
} as const

const count = { type: 'integer', minimum: 0, maximum: 1e12 } as const

/** Written by the sync server only: how many contacts are where. */
export const workflowStatsSchema = {
  type: 'object',
  properties: {
    enrolled: count,
    active: count,
    completed: count,
    exited: count,
    /** Contacts currently at each step (any version), and how many have passed it. */
    steps: {
      type: 'array',
      maxItems: WORKFLOW_LIMITS.steps,
      items: {
        type: 'object',
        properties: { stepId: shortId, current: count, passed: count },
        required: ['stepId', 'current', 'passed'],
        additionalProperties: false,
      },
    },
    /** Versions contacts are still running on (besides the published one). */
    runningVersions: { type: 'array', maxItems: 50, items: { type: 'integer', minimum: 1, maximum: 1e6 } },
    updatedAt: timestampProperty,
  },
  required: ['enrolled', 'active', 'completed', 'exited', 'steps', 'runningVersions', 'updatedAt'],
  additionalProperties: false,
} as const

export const workflowSchema = {
  title: 'workflows',
  description: 'Automations and drip sequences: trigger, steps, published versions and server-written stats',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idProperty,
    name: { type: 'string', minLength: 1, maxLength: WORKFLOW_LIMITS.name },
    description: { type: 'string', maxLength: WORKFLOW_LIMITS.description },
    kind: { type: 'string', enum: WORKFLOW_KINDS, maxLength: 10 },
    status: { type: 'string', enum: WORKFLOW_STATUSES, maxLength: 10 },
    /** The working copy the builder edits. */
    graph: workflowGraphSchema,
    settings: workflowSettingsSchema,
    /** What the server runs; absent until first activated. Editing `graph` never changes it. */
    published: {
      type: 'object',
      properties: {
        version: { type: 'integer', minimum: 1, maximum: 1e6 },
        graph: workflowGraphSchema,
        settings: workflowSettingsSchema,
        publishedAt: timestampProperty,
        /** The member who published it. */
        publishedBy: shortId,
      },
      required: ['version', 'graph', 'settings', 'publishedAt', 'publishedBy'],
      additionalProperties: false,
    },
    // Server-owned from here on.
    stats: workflowStatsSchema,
    /** Why the server paused or refused the workflow ('' when none). */
    statusReason: { type: 'string', maxLength: 500 },
    updatedBy: shortId,
    createdAt: timestampProperty,
    updatedAt: timestampProperty,
    _clock: clockProperty,
  },
  required: ['id', 'name', 'description', 'kind', 'status', 'graph', 'settings', 'createdAt', 'updatedAt', '_clock'],
  additionalProperties: false,
  indexes: ['updatedAt'],
} as const

export type Workflow = FromSchema<typeof workflowSchema>
export type WorkflowGraph = FromSchema<typeof workflowGraphSchema>
export type WorkflowTrigger = FromSchema<typeof workflowTriggerSchema>
export type WorkflowStep = FromSchema<typeof workflowStepSchema>
export type WorkflowSettings = FromSchema<typeof workflowSettingsSchema>
export type WorkflowStats = FromSchema<typeof workflowStatsSchema>
export type PublishedWorkflow = NonNullable<Workflow['published']>

/** Workflow fields only the sync server writes; pushed values for them are ignored. */
export const WORKFLOW_SERVER_FIELDS = ['stats', 'statusReason'] as const
