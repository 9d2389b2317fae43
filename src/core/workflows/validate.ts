import { CONTACT_LIMITS, type SegmentRules, type Template, type WorkflowGraph, type WorkflowSettings, type WorkflowStep, type WorkflowStepType, type WorkflowTrigger } from '../schema'
import { validateSegmentRules } from '../segments/evaluateSegment'
import { compileEmail, hasUnsubscribeLink } from '../templates/emailTemplate'
import { UNSUBSCRIBE_URL_TAG } from '../templates/mergeTags'
import type { WorkflowIssue, WorkflowReferences } from './types'
import { isKnownTimeZone } from './zonedTime'

// What must be right before a workflow may be activated. The engine copes with anything (a
// step it cannot take is recorded as skipped), but a marketer should hear about it here, with
// the step to fix. Issues come in a fixed order: trigger, workflow, each step in list order, loops.

const STEP_LABELS: Record<WorkflowStepType, string> = {
  send_email: 'Send email',
  wait: 'Wait',
  branch: 'If/else',
  update_field: 'Update field',
  add_tag: 'Add tag',
  remove_tag: 'Remove tag',
  add_to_list: 'Add to list',
  remove_from_list: 'Remove from list',
  set_stage: 'Change stage',
  adjust_score: 'Adjust score',
  create_task: 'Create task',
  notify_member: 'Notify member',
  call_webhook: 'Call webhook',
  exit: 'Exit',
}

/** Built-in fields a workflow may set: the contact's own text fields. */
const SETTABLE_CONTACT_FIELDS = new Set(['contact.email', 'contact.firstName', 'contact.lastName', 'contact.phone', 'contact.title'])

function fieldMaxLength(field: string): number {
  const name = field.slice('contact.'.length)
  return name in CONTACT_LIMITS ? CONTACT_LIMITS[name as keyof typeof CONTACT_LIMITS] : Infinity
}

export function validateWorkflow(graph: WorkflowGraph, settings: WorkflowSettings, refs: WorkflowReferences): WorkflowIssue[] {
  const issues: WorkflowIssue[] = triggerIssues(graph.trigger, refs).map((message) => ({ stepId: null, message }))
  if (settings.goal && !settings.goal.groups.some((group) => group.conditions.length > 0)) {
    issues.push({ stepId: null, message: 'The goal has no conditions: add one or remove the goal.' })
  }
  if (settings.goal) for (const message of ruleIssues(settings.goal, refs)) issues.push({ stepId: null, message: `Goal: ${message}` })
  if (graph.steps.length === 0) {
    issues.push({ stepId: null, message: 'Add at least one step after the trigger.' })
    return issues
  }
  const byId = new Map<string, WorkflowStep>()
  for (const step of graph.steps) {
    if (byId.has(step.id)) issues.push({ stepId: step.id, message: `Two steps share the id ${step.id}.` })
    else byId.set(step.id, step)
  }
  if (graph.entryStepId === '' || !byId.has(graph.entryStepId)) {
    issues.push({ stepId: null, message: 'The trigger is not connected to a first step.' })
  }
  const reachable = reachableFrom(graph.entryStepId, byId, null)
  const templateProblems = new Map<string, string | null>()
  for (const step of graph.steps) {
    const name = stepName(step)
    const add = (message: string): void => {
      issues.push({ stepId: step.id, message: `${name}: ${message}` })
    }
    for (const message of stepIssues(step, graph, byId, refs, templateProblems)) add(message)
    for (const [pointer, side] of pointersOf(step)) {
      if (pointer !== '' && !byId.has(pointer)) add(`the ${side} step it leads to no longer exists (dangling link).`)
    }
    if (step.type === 'branch') {
      if (step.next === '') add('connect the Yes side (add an Exit step to end there).')
      if ((step.elseNext ?? '') === '') add('connect the No side (add an Exit step to end there).')
    }
    if (byId.has(graph.entryStepId) && !reachable.has(step.id)) add('no path from the trigger reaches this step.')
  }
  for (const loop of loopsWithoutWait(graph, byId)) {
    const names = loop.map((id) => stepName(byId.get(id) as WorkflowStep)).join(' → ')
    issues.push({ stepId: loop[0] ?? null, message: `Loops must contain a wait with a duration: ${names} repeat without one.` })
  }
  return issues
}

function triggerIssues(trigger: WorkflowTrigger, refs: WorkflowReferences): string[] {
  const issues: string[] = []
  const segment = (): void => {
    if (!trigger.segmentId) issues.push('Trigger: choose a segment.')
    else if (!refs.segmentIds.has(trigger.segmentId)) issues.push('Trigger: the segment no longer exists.')
  }
  const zone = (): void => {
    if (trigger.timeZone !== undefined && !isKnownTimeZone(trigger.timeZone)) issues.push(`Trigger: unknown time zone "${trigger.timeZone}".`)
  }
  switch (trigger.type) {
    case 'field_changed':
      if (!trigger.field) issues.push('Trigger: choose the field to watch.')
      else if (!refs.fieldKeys.has(trigger.field)) issues.push(`Trigger: the field "${trigger.field}" no longer exists.`)
      break
    case 'tag_added':
      if (!trigger.tag?.trim()) issues.push('Trigger: enter the tag.')
      break
    case 'segment_entered':
    case 'segment_left':
      segment()
      break
    case 'stage_changed':
      if (trigger.stage && !refs.stages.has(trigger.stage)) issues.push(`Trigger: the stage "${trigger.stage}" is not in use.`)
      break
    case 'score_crossed':
      if (trigger.threshold === undefined) issues.push('Trigger: enter the score threshold.')
      break
    case 'api_event':
      if (!trigger.eventName?.trim()) issues.push('Trigger: enter the event name.')
      break
    case 'date_anniversary':
      if (!trigger.field) issues.push('Trigger: choose the date field.')
      else if (trigger.field !== 'contact.createdAt' && !refs.fieldKeys.has(trigger.field)) issues.push(`Trigger: the field "${trigger.field}" no longer exists.`)
      if (trigger.hour === undefined || trigger.hour > 23) issues.push('Trigger: choose the hour (0–23).')
      zone()
      break
    case 'schedule':
      if (!trigger.every) issues.push('Trigger: choose how often it runs.')
      if (trigger.hour === undefined || trigger.hour > 23) issues.push('Trigger: choose the hour (0–23).')
      if (trigger.every === 'week' && trigger.weekday === undefined) issues.push('Trigger: choose the weekday.')
      if (trigger.every === 'month' && trigger.monthDay === undefined) issues.push('Trigger: choose the day of the month.')
      if (trigger.segmentId && !refs.segmentIds.has(trigger.segmentId)) issues.push('Trigger: the segment no longer exists.')
      zone()
      break
    case 'contact_created':
    case 'email_opened':
    case 'email_clicked':
    case 'manual':
      break
  }
  if (trigger.filter && !trigger.filter.groups.some((group) => group.conditions.length > 0)) {
    issues.push('Trigger: the filter has no conditions: add one or remove the filter.')
  }
  if (trigger.filter) for (const message of ruleIssues(trigger.filter, refs)) issues.push(`Trigger filter: ${message}`)
  return issues
}

function stepIssues(
  step: WorkflowStep,
  graph: WorkflowGraph,
  byId: ReadonlyMap<string, WorkflowStep>,
  refs: WorkflowReferences,
  templateProblems: Map<string, string | null>,
): string[] {
  switch (step.type) {
    case 'send_email': {
      if (!step.templateId) return ['choose a template.']
      const template = refs.templates.get(step.templateId)
      if (!template) return ['the template no longer exists.']
      const key = `${step.templateId}\u0000${step.subject ?? ''}`
      if (!templateProblems.has(key)) templateProblems.set(key, templateProblem(template, step.subject ?? ''))
      const problem = templateProblems.get(key)
      return problem ? [problem] : []
    }
    case 'wait':
      return waitIssues(step)
    case 'branch':
      return branchIssues(step, graph, byId, refs)
    case 'update_field':
      if (!step.field) return ['choose the field to set.']
      if (!refs.fieldKeys.has(step.field)) return [`the field "${step.field}" no longer exists.`]
      if (step.field.startsWith('custom.')) return []
      if (!SETTABLE_CONTACT_FIELDS.has(step.field)) return [`the field "${step.field}" cannot be set by a workflow.`]
      return (step.value ?? '').length > fieldMaxLength(step.field) ? [`the value is longer than ${fieldMaxLength(step.field)} characters.`] : []
    case 'add_tag':
    case 'remove_tag':
      return step.tag?.trim() ? [] : ['enter the tag.']
    case 'add_to_list':
    case 'remove_from_list':
      if (!step.listId) return ['choose a list.']
      return refs.listIds.has(step.listId) ? [] : ['the list no longer exists.']
    case 'set_stage':
      if (!step.stage) return ['choose a stage.']
      return refs.stages.has(step.stage) ? [] : [`the stage "${step.stage}" is not in use.`]
    case 'adjust_score':
      return step.scoreDelta ? [] : ['enter the points to add or subtract (not 0).']
    case 'create_task':
      return [...memberIssues(step, refs), ...(step.title?.trim() ? [] : ['enter the task title.'])]
    case 'notify_member':
      return [...memberIssues(step, refs), ...(step.message?.trim() ? [] : ['enter the message.'])]
    case 'call_webhook':
      if (!step.endpointId) return ['choose a webhook endpoint.']
      return refs.endpointIds === null || refs.endpointIds.has(step.endpointId) ? [] : ['the webhook endpoint no longer exists.']
    case 'exit':
      return []
  }
}

function templateProblem(template: Template, subjectOverride: string): string | null {
  const subject = subjectOverride.trim() !== '' ? subjectOverride : template.subject
  if (subject.trim() === '') return `the template "${template.name}" has no subject: add one to the template or the step.`
  const compiled = compileEmail({ subject, preheader: template.preheader, html: template.html })
  if (!compiled.ok) {
    const first = compiled.error[0]
    return `the template "${template.name}" cannot be sent${first ? ` (${first.field}, line ${first.line}: ${first.message})` : ''}.`
  }
  // The server refuses to send a workflow email without these, like campaigns.
  if (template.fromEmail.trim() === '') return `the template "${template.name}" has no sender address: add one to the template.`
  if (!hasUnsubscribeLink(template.html)) return `the template "${template.name}" has no unsubscribe link: link to {{ ${UNSUBSCRIBE_URL_TAG} }} in it.`
  return null
}

function waitIssues(step: WorkflowStep): string[] {
  switch (step.waitKind ?? 'duration') {
    case 'duration':
      return step.waitMinutes ? [] : ['enter how long to wait.']
    case 'until':
      // A moment already past is fine: contacts arriving later go straight on.
      return step.waitUntil === undefined ? ['choose the date and time to wait until.'] : []
    case 'window': {
      const issues: string[] = []
      if ((step.windowDays ?? []).length === 0) issues.push('choose at least one weekday.')
      if ((step.windowStartHour ?? 0) >= (step.windowEndHour ?? 24)) issues.push('the window must start before it ends.')
      if (step.timeZone !== undefined && !isKnownTimeZone(step.timeZone)) issues.push(`unknown time zone "${step.timeZone}".`)
      return issues
    }
  }
}

function branchIssues(step: WorkflowStep, graph: WorkflowGraph, byId: ReadonlyMap<string, WorkflowStep>, refs: WorkflowReferences): string[] {
  if ((step.branchKind ?? 'segment') === 'segment') {
    if (!step.condition?.groups.some((group) => group.conditions.length > 0)) return ['add a condition.']
    return ruleIssues(step.condition, refs)
  }
  const emailStepId = step.emailStepId ?? ''
  if (emailStepId === '') return ['choose the email whose opens or clicks it checks.']
  if (byId.get(emailStepId)?.type !== 'send_email') return ['the email it checks is not a send-email step of this workflow.']
  // The email must be on every path to the branch, or some contacts arrive without having got it.
  if (reachableFrom(graph.entryStepId, byId, emailStepId).has(step.id)) return ['the email it checks must come before it on every path.']
  return []
}

/** A half-typed condition matches nobody: every contact would take the No side or never reach the goal. */
function ruleIssues(rules: SegmentRules, refs: WorkflowReferences): string[] {
  if (!refs.segmentFields) return []
  return validateSegmentRules(rules, refs.segmentFields).map((issue) => issue.message)
}

function memberIssues(step: WorkflowStep, refs: WorkflowReferences): string[] {
  if (!step.memberId) return ['choose a member.']
  return refs.memberIds.has(step.memberId) ? [] : ['the member is no longer in the workspace.']
}

/** Where a contact can go from `step` (nowhere after an exit, whatever its `next` says). */
function pointersOf(step: WorkflowStep): Array<[string, string]> {
  if (step.type === 'exit') return []
  return step.type === 'branch' ? [[step.next, 'Yes'], [step.elseNext ?? '', 'No']] : [[step.next, 'next']]
}

function stepName(step: WorkflowStep): string {
  const label = step.label?.trim()
  return label ? `${STEP_LABELS[step.type]} "${label}"` : STEP_LABELS[step.type]
}

/** Steps reachable from `start`, never passing through `blocked`. */
function reachableFrom(start: string, byId: ReadonlyMap<string, WorkflowStep>, blocked: string | null): Set<string> {
  const seen = new Set<string>()
  const stack = [start]
  while (stack.length > 0) {
    const id = stack.pop() as string
    if (id === '' || id === blocked || seen.has(id)) continue
    const step = byId.get(id)
    if (!step) continue
    seen.add(id)
    for (const [pointer] of pointersOf(step)) stack.push(pointer)
  }
  return seen
}

/** A wait that holds every contact again on each pass: a duration. "Until" and window waits may let a contact straight through. */
function holdsEveryPass(step: WorkflowStep): boolean {
  return step.type === 'wait' && (step.waitKind ?? 'duration') === 'duration' && (step.waitMinutes ?? 0) > 0
}

/** Cycles among the steps that do not hold contacts (strongly connected components, Tarjan), each listed from its first step in list order. */
function loopsWithoutWait(graph: WorkflowGraph, byId: ReadonlyMap<string, WorkflowStep>): string[][] {
  const order = new Map(graph.steps.map((step, index) => [step.id, index]))
  const successors = (id: string): string[] => {
    const step = byId.get(id)
    if (!step || holdsEveryPass(step)) return []
    return pointersOf(step)
      .map(([pointer]) => pointer)
      .filter((pointer) => {
        const target = byId.get(pointer)
        return target !== undefined && !holdsEveryPass(target)
      })
  }
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const onStack = new Set<string>()
  const stack: string[] = []
  const loops: string[][] = []
  let counter = 0
  const visit = (id: string): void => {
    index.set(id, counter)
    low.set(id, counter)
    counter++
    stack.push(id)
    onStack.add(id)
    for (const next of successors(id)) {
      if (!index.has(next)) {
        visit(next)
        low.set(id, Math.min(low.get(id) ?? 0, low.get(next) ?? 0))
      } else if (onStack.has(next)) {
        low.set(id, Math.min(low.get(id) ?? 0, index.get(next) ?? 0))
      }
    }
    if (low.get(id) !== index.get(id)) return
    const component: string[] = []
    let member: string | undefined
    do {
      member = stack.pop()
      if (member === undefined) break
      onStack.delete(member)
      component.push(member)
    } while (member !== id)
    if (component.length > 1 || successors(id).includes(id)) loops.push(component.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)))
  }
  for (const step of byId.values()) if (!holdsEveryPass(step) && !index.has(step.id)) visit(step.id)
  return loops.sort((a, b) => (order.get(a[0] ?? '') ?? 0) - (order.get(b[0] ?? '') ?? 0))
}
