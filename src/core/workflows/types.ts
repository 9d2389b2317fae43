import type { Company, Contact, Template, WorkflowGraph, WorkflowSettings } from '../schema'
import type { SegmentContext } from '../segments/evaluateSegment'
import type { SegmentFieldDescriptor } from '../segments/segmentFields'

// The shared vocabulary of the workflow engine: the pure decisions here (engine.ts, triggers.ts,
// validate.ts), the server that runs them (sync-server/src/workflows) and the builder.

/** A contact's trigger-relevant facts; the server keeps the last seen ones to detect changes. */
export interface ContactFacts {
  /** Sorted. */
  tags: string[]
  lifecycleStage: string
  /** Built-in and custom field values as text, by `contact.<field>` / `custom.<key>`. */
  fields: Record<string, string>
  /** Ids of the trigger segments the contact matches, sorted. */
  segments: string[]
  score: number
  unsubscribed: boolean
}

/** Something that happened to a contact, which may enrol it. */
export type TriggerEvent =
  | { type: 'contact_created' }
  | { type: 'field_changed'; field: string; value: string }
  | { type: 'tag_added'; tag: string }
  | { type: 'segment_entered'; segmentId: string }
  | { type: 'segment_left'; segmentId: string }
  | { type: 'stage_changed'; stage: string }
  | { type: 'score_crossed'; from: number; to: number }
  | { type: 'email_opened'; campaignId: string }
  | { type: 'email_clicked'; campaignId: string }
  | { type: 'api_event'; eventName: string }
  | { type: 'date_anniversary' }
  | { type: 'schedule' }
  | { type: 'manual' }

/** What the server knows when a contact's current step is due. */
export interface StepFacts {
  now: number
  /** Null when the contact was deleted or erased. */
  contact: Contact | null
  company: Company | null
  /** For branch conditions and goals (segments, engagement, custom fields). */
  segmentContext: SegmentContext
  /** The address is on the suppression list, or the contact unsubscribed or bounced. */
  suppressed: boolean
  /** Engagement with this enrolment's earlier emails, by the send_email step's id. */
  emailEngagement: Readonly<Record<string, { opened: boolean; clicked: boolean }>>
  /** Workflow emails sent to the contact inside the cap window, and the cap. */
  emailsInCapWindow: number
  frequencyCap: { maxEmails: number; windowMs: number }
  /** When the cap window frees a slot (the oldest counted email + windowMs); null when unknown. */
  capFreesAt: number | null
  /** The end a wait step computed on arrival (EnrolmentRecord.waitUntil); null on arrival. */
  waitUntil: number | null
}

/** What taking a step does outside the enrolment itself. */
export type StepEffect =
  | { type: 'send_email'; stepId: string; templateId: string; subject: string }
  /** Fields to set on the contact (tags, lists, stage with history, scoreAdjustment, a field). */
  | { type: 'patch_contact'; fields: Partial<Contact> }
  | { type: 'create_task'; memberId: string; title: string; dueAt: number }
  | { type: 'notify_member'; memberId: string; message: string }
  | { type: 'call_webhook'; endpointId: string }

export type ExitReason = 'goal' | 'unsubscribed' | 'deleted' | 'exit_step' | 'invalid'

export type StepDecision =
  /** Record the step and move to `next` ('' = the workflow is completed). */
  | { kind: 'advance'; outcome: 'done' | 'skipped'; detail: string; effects: StepEffect[]; next: string }
  /** Stay on this step until `until` (a wait, or an email held back by the frequency cap); nothing recorded. */
  | { kind: 'wait'; until: number; detail: string }
  /** Record the step as exited and end the enrolment. */
  | { kind: 'exit'; reason: ExitReason; detail: string }

/** What a workflow may refer to, for validation before activation. */
export interface WorkflowReferences {
  templates: ReadonlyMap<string, Template>
  segmentIds: ReadonlySet<string>
  /** Static lists (segments of kind 'static'). */
  listIds: ReadonlySet<string>
  memberIds: ReadonlySet<string>
  /** Outbound webhook endpoint ids; null when unknown (offline): not checked then. */
  endpointIds: ReadonlySet<string> | null
  /** `contact.<field>` and `custom.<key>` a step may set or a trigger may watch. */
  fieldKeys: ReadonlySet<string>
  /** Lifecycle stage keys in use. */
  stages: ReadonlySet<string>
  /**
   * The fields segment rules may use (segmentFieldDescriptors of the workspace's custom fields);
   * when given, the goal, trigger filter and branch conditions are checked condition by condition.
   */
  segmentFields?: readonly SegmentFieldDescriptor[]
}

export interface WorkflowIssue {
  /** The step it concerns; null for the trigger or the workflow as a whole. */
  stepId: string | null
  message: string
}

/** One email of a drip sequence: sent `delayMinutes` after the previous one (or the enrolment). */
export interface DripItem {
  stepId: string
  templateId: string
  subject: string
  delayMinutes: number
}

export type { WorkflowGraph, WorkflowSettings }
