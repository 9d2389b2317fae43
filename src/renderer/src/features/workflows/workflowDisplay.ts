import type { WorkflowStatus, WorkflowStep, WorkflowStepType, WorkflowTrigger, WorkflowTriggerType } from '@core/schema'

// Words the builder and the list use for types, statuses and one-line summaries of steps.

export const STEP_TYPE_LABELS: Record<WorkflowStepType, string> = {
  send_email: 'Send email',
  wait: 'Wait',
  branch: 'If / else',
  update_field: 'Update field',
  add_tag: 'Add tag',
  remove_tag: 'Remove tag',
  add_to_list: 'Add to list',
  remove_from_list: 'Remove from list',
  set_stage: 'Change lifecycle stage',
  adjust_score: 'Adjust score',
  create_task: 'Create task',
  notify_member: 'Notify member',
  call_webhook: 'Call webhook',
  exit: 'Exit',
}

/** The step-type menu, grouped as marketers think of them. */
export const STEP_TYPE_GROUPS: readonly { label: string; types: readonly WorkflowStepType[] }[] = [
  { label: 'Email', types: ['send_email'] },
  { label: 'Timing', types: ['wait'] },
  { label: 'Logic', types: ['branch', 'exit'] },
  { label: 'Contact', types: ['update_field', 'add_tag', 'remove_tag', 'add_to_list', 'remove_from_list', 'set_stage', 'adjust_score'] },
  { label: 'Team', types: ['create_task', 'notify_member'] },
  { label: 'Integrations', types: ['call_webhook'] },
]

export const TRIGGER_TYPE_LABELS: Record<WorkflowTriggerType, string> = {
  contact_created: 'Contact created',
  field_changed: 'Field changed',
  tag_added: 'Tag added',
  segment_entered: 'Entered a segment',
  segment_left: 'Left a segment',
  stage_changed: 'Lifecycle stage changed',
  score_crossed: 'Score crossed a threshold',
  email_opened: 'Email opened',
  email_clicked: 'Email clicked',
  api_event: 'Form or API event',
  date_anniversary: 'Date anniversary',
  schedule: 'On a schedule',
  manual: 'Added by hand',
}

export const WORKFLOW_STATUS_LABELS: Record<WorkflowStatus, string> = {
  draft: 'Draft',
  active: 'Active',
  paused: 'Paused',
  archived: 'Archived',
}

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const

/** Names of the records steps refer to; unknown ids show as "(deleted)". */
export interface NameLookup {
  templates: ReadonlyMap<string, string>
  segments: ReadonlyMap<string, string>
  members: ReadonlyMap<string, string>
  stages: ReadonlyMap<string, string>
  fields: ReadonlyMap<string, string>
  /** Step labels, for "If clicked <email step>". */
  steps: ReadonlyMap<string, WorkflowStep>
  endpoints: ReadonlyMap<string, string>
}

export const EMPTY_NAMES: NameLookup = {
  templates: new Map(),
  segments: new Map(),
  members: new Map(),
  stages: new Map(),
  fields: new Map(),
  steps: new Map(),
  endpoints: new Map(),
}

function nameOf(map: ReadonlyMap<string, string>, id: string | undefined, missing: string): string {
  if (!id) return missing
  return map.get(id) ?? '(deleted)'
}

export function formatMinutes(minutes: number): string {
  if (minutes > 0 && minutes % (60 * 24) === 0) return plural(minutes / (60 * 24), 'day')
  if (minutes > 0 && minutes % 60 === 0) return plural(minutes / 60, 'hour')
  return plural(minutes, 'minute')
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`
}

function formatHour(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`
}

/** The title of a node: its own label, else a short name from its type and settings ("Send Welcome"). */
export function stepTitle(step: WorkflowStep, names: NameLookup): string {
  if (step.label) return step.label
  switch (step.type) {
    case 'send_email':
      return step.templateId ? `Send ${nameOf(names.templates, step.templateId, '')}` : 'Send email'
    case 'wait':
      return waitSummary(step)
    case 'branch':
      return branchSummary(step, names)
    default:
      return STEP_TYPE_LABELS[step.type]
  }
}

function waitSummary(step: WorkflowStep): string {
  switch (step.waitKind ?? 'duration') {
    case 'duration':
      return `Wait ${formatMinutes(step.waitMinutes ?? 0)}`
    case 'until':
      return step.waitUntil ? `Wait until ${new Date(step.waitUntil).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}` : 'Wait until a date'
    case 'window': {
      const days = (step.windowDays ?? []).map((day) => WEEKDAY_NAMES[day]?.slice(0, 3)).join(', ')
      return `Wait for ${days || 'a day'} ${formatHour(step.windowStartHour ?? 9)}–${formatHour(step.windowEndHour ?? 17)}`
    }
  }
}

function branchSummary(step: WorkflowStep, names: NameLookup): string {
  if ((step.branchKind ?? 'segment') === 'segment') {
    const count = step.condition?.groups.reduce((sum, group) => sum + group.conditions.length, 0) ?? 0
    return count === 0 ? 'If (no conditions yet)' : `If matches ${plural(count, 'condition')}`
  }
  const email = step.emailStepId ? names.steps.get(step.emailStepId) : undefined
  const verb = step.branchKind === 'opened' ? 'opened' : 'clicked'
  if (!email) return `If ${verb} (pick an email)`
  const emailName = email.label || (email.templateId ? nameOf(names.templates, email.templateId, 'an email') : 'an email')
  return `If ${verb} ${emailName}`
}

/** A second line under the title: what the step does, when the title does not already say it. */
export function stepDetail(step: WorkflowStep, names: NameLookup): string {
  switch (step.type) {
    case 'send_email':
      return step.subject ? `Subject: ${step.subject}` : step.templateId ? 'Template subject' : 'Pick a template'
    case 'wait':
    case 'branch':
      return step.label ? (step.type === 'wait' ? waitSummary(step) : branchSummary(step, names)) : ''
    case 'update_field':
      return step.field ? `${names.fields.get(step.field) ?? step.field} = ${step.value || '(empty)'}` : 'Pick a field'
    case 'add_tag':
    case 'remove_tag':
      return step.tag ? step.tag : 'Pick a tag'
    case 'add_to_list':
    case 'remove_from_list':
      return nameOf(names.segments, step.listId, 'Pick a list')
    case 'set_stage':
      return step.stage ? (names.stages.get(step.stage) ?? step.stage) : 'Pick a stage'
    case 'adjust_score':
      return `${(step.scoreDelta ?? 0) >= 0 ? '+' : ''}${step.scoreDelta ?? 0} points`
    case 'create_task':
      return step.memberId ? `${step.title || 'Task'} for ${nameOf(names.members, step.memberId, '')}` : 'Pick a member'
    case 'notify_member':
      return nameOf(names.members, step.memberId, 'Pick a member')
    case 'call_webhook':
      return step.endpointId ? (names.endpoints.get(step.endpointId) ?? step.endpointId) : 'Pick an endpoint'
    case 'exit':
      return 'The contact leaves the workflow'
  }
}

/** One line for the trigger node and the list ("When tag vip is added"). */
export function triggerSummary(trigger: WorkflowTrigger, names: NameLookup): string {
  switch (trigger.type) {
    case 'contact_created':
      return 'When a contact is created'
    case 'field_changed':
      return trigger.field
        ? `When ${names.fields.get(trigger.field) ?? trigger.field} changes${trigger.value ? ` to ${trigger.value}` : ''}`
        : 'When a field changes (pick one)'
    case 'tag_added':
      return trigger.tag ? `When tag ${trigger.tag} is added` : 'When a tag is added (pick one)'
    case 'segment_entered':
      return `When a contact enters ${nameOf(names.segments, trigger.segmentId, 'a segment (pick one)')}`
    case 'segment_left':
      return `When a contact leaves ${nameOf(names.segments, trigger.segmentId, 'a segment (pick one)')}`
    case 'stage_changed':
      return trigger.stage ? `When the stage becomes ${names.stages.get(trigger.stage) ?? trigger.stage}` : 'When the lifecycle stage changes'
    case 'score_crossed':
      return `When the score reaches ${trigger.threshold ?? 0}`
    case 'email_opened':
    case 'email_clicked': {
      const verb = trigger.type === 'email_opened' ? 'opens' : 'clicks'
      return trigger.campaignId ? `When a contact ${verb} a campaign email` : `When a contact ${verb} any email`
    }
    case 'api_event':
      return trigger.eventName ? `When event “${trigger.eventName}” arrives` : 'When a form or API event arrives (name it)'
    case 'date_anniversary':
      return trigger.field
        ? `${trigger.daysBefore ? `${plural(trigger.daysBefore, 'day')} before` : 'On'} each ${names.fields.get(trigger.field) ?? trigger.field}`
        : 'On a date field’s anniversary (pick one)'
    case 'schedule':
      return scheduleSummary(trigger)
    case 'manual':
      return 'When a contact is added by hand'
  }
}

function scheduleSummary(trigger: WorkflowTrigger): string {
  const at = formatHour(trigger.hour ?? 9)
  switch (trigger.every ?? 'day') {
    case 'day':
      return `Every day at ${at}`
    case 'week':
      return `Every ${WEEKDAY_NAMES[trigger.weekday ?? 1] ?? 'Monday'} at ${at}`
    case 'month':
      return `On day ${trigger.monthDay ?? 1} of each month at ${at}`
  }
}
