import { moveStage } from '../lifecycle/stageMoves'
import { CONTACT_LIMITS, LIFECYCLE_STAGES, type Contact, type LifecycleStage, type SegmentRules, type WorkflowGraph, type WorkflowSettings, type WorkflowStep } from '../schema'
import { compileSegment, type SegmentContext } from '../segments/evaluateSegment'
import { dripFromGraph } from './drip'
import type { StepDecision, StepEffect, StepFacts } from './types'
import { addDays, atLocalHour, localDateTime, weekdayOf } from './zonedTime'

// The pure decision of the workflow engine: given where a contact is and what the server knows
// now, what happens next. The server (sync-server/src/workflows) commits each decision in one
// transaction, so a step is taken at most once; everything here is deterministic in its inputs.

const MINUTE_MS = 60_000
const DAY_MS = 86_400_000
/** When the cap says "full" but its oldest email is already outside the window, the facts are stale: look again soon. */
const STALE_CAP_RETRY_MS = MINUTE_MS
const SCORE_ADJUSTMENT_LIMIT = 100_000
const MAX_TAGS = 50
const MAX_LISTS = 200
const TEXT_FIELDS = ['email', 'firstName', 'lastName', 'phone', 'title'] as const
type TextField = (typeof TEXT_FIELDS)[number]

export function stepById(graph: WorkflowGraph, id: string): WorkflowStep | null {
  if (id === '') return null
  for (const step of graph.steps) if (step.id === id) return step
  return null
}

/**
 * When a wait step that a contact reaches at `now` ends: duration → now + minutes; until → the
 * set moment (now when it is past); window → the next moment inside the allowed weekdays and
 * hours in the step's time zone (now when already inside).
 */
export function computeWaitUntil(step: WorkflowStep, now: number): number {
  switch (step.waitKind ?? 'duration') {
    case 'duration':
      return now + Math.max(0, step.waitMinutes ?? 0) * MINUTE_MS
    case 'until':
      return Math.max(now, step.waitUntil ?? now)
    case 'window':
      return nextWindowMoment(step, now)
  }
}

function nextWindowMoment(step: WorkflowStep, now: number): number {
  const timeZone = step.timeZone ?? 'UTC'
  const days = new Set(step.windowDays ?? [0, 1, 2, 3, 4, 5, 6])
  const startHour = step.windowStartHour ?? 0
  const endHour = step.windowEndHour ?? 24
  const local = localDateTime(now, timeZone)
  // An unknown zone or an empty window is refused by validation; a published one must not stall the contact.
  if (!local || days.size === 0 || startHour >= endHour) return now
  if (days.has(weekdayOf(local.date)) && local.hour >= startHour && local.hour < endHour) return now
  for (let offset = 0; offset <= 7; offset++) {
    const date = addDays(local.date, offset)
    if (!days.has(weekdayOf(date))) continue
    const start = atLocalHour(date, startHour, timeZone)
    if (start === null) continue
    if (now < start) return start
    // Open by the instants though not by the wall hour: only around a DST change.
    const end = atLocalHour(date, endHour, timeZone)
    if (end !== null && now < end) return now
  }
  return now
}

/** What to do with a contact at `stepId` of a published graph. */
export function decideStep(graph: WorkflowGraph, settings: WorkflowSettings, stepId: string, facts: StepFacts): StepDecision {
  const { contact } = facts
  if (contact === null) return { kind: 'exit', reason: 'deleted', detail: 'The contact was deleted.' }
  if (settings.goal && matches(settings.goal, facts.segmentContext, contact)) return { kind: 'exit', reason: 'goal', detail: 'Reached the goal.' }
  const optedOut = facts.suppressed || contact.unsubscribed === true
  if (optedOut && (settings.exitOnUnsubscribe || dripFromGraph(graph) !== null)) {
    return { kind: 'exit', reason: 'unsubscribed', detail: 'Unsubscribed or suppressed.' }
  }
  const step = stepById(graph, stepId)
  if (!step) return { kind: 'exit', reason: 'invalid', detail: `Step ${stepId || '(none)'} is not in this version.` }

  switch (step.type) {
    case 'send_email':
      return decideSendEmail(step, facts)
    case 'wait':
      return decideWait(step, facts.now, facts.waitUntil)
    case 'branch': {
      const yes = branchHolds(step, facts, contact)
      return advance(yes ? 'Yes' : 'No', [], (yes ? step.next : step.elseNext) ?? '')
    }
    case 'update_field':
      return decideUpdateField(step, contact)
    case 'add_tag':
      return decideAddTag(step, contact)
    case 'remove_tag': {
      const tag = (step.tag ?? '').trim()
      if (tag === '') return skipped('No tag set.', step)
      const tags = contact.tags.filter((existing) => existing.toLowerCase() !== tag.toLowerCase())
      if (tags.length === contact.tags.length) return advance(`Did not have tag ${tag}; nothing changed.`, [], step.next)
      return advance(`Removed tag ${tag}.`, [patch({ tags })], step.next)
    }
    case 'add_to_list': {
      const listId = step.listId ?? ''
      if (listId === '') return skipped('No list set.', step)
      const lists = contact.lists ?? []
      if (lists.includes(listId)) return advance('Already on the list; nothing changed.', [], step.next)
      if (lists.length >= MAX_LISTS) return skipped(`Already on ${MAX_LISTS} lists, the most a contact can be on.`, step)
      return advance('Added to the list.', [patch({ lists: [...lists, listId] })], step.next)
    }
    case 'remove_from_list': {
      const listId = step.listId ?? ''
      if (listId === '') return skipped('No list set.', step)
      const lists = contact.lists ?? []
      if (!lists.includes(listId)) return advance('Was not on the list; nothing changed.', [], step.next)
      return advance('Removed from the list.', [patch({ lists: lists.filter((id) => id !== listId) })], step.next)
    }
    case 'set_stage': {
      const stage = step.stage ?? ''
      if (!isStage(stage)) return skipped(`Unknown lifecycle stage "${stage}".`, step)
      const move = moveStage(contact, stage, 'workflow', facts.now)
      if (!move) return advance(`Already at stage ${stage}; nothing changed.`, [], step.next)
      return advance(`Stage set to ${stage}.`, [patch(move)], step.next)
    }
    case 'adjust_score': {
      const delta = step.scoreDelta ?? 0
      const before = contact.scoreAdjustment ?? 0
      const after = Math.min(SCORE_ADJUSTMENT_LIMIT, Math.max(-SCORE_ADJUSTMENT_LIMIT, before + delta))
      if (after === before) return advance('Score unchanged; nothing changed.', [], step.next)
      return advance(`Score ${delta >= 0 ? '+' : ''}${delta}.`, [patch({ scoreAdjustment: after })], step.next)
    }
    case 'create_task': {
      const memberId = step.memberId ?? ''
      const title = (step.title ?? '').trim()
      if (memberId === '' || title === '') return skipped('The task has no member or title.', step)
      return advance(`Task "${title}" created.`, [{ type: 'create_task', memberId, title, dueAt: facts.now + (step.dueInDays ?? 0) * DAY_MS }], step.next)
    }
    case 'notify_member': {
      const memberId = step.memberId ?? ''
      if (memberId === '') return skipped('No member to notify.', step)
      return advance('Member notified.', [{ type: 'notify_member', memberId, message: step.message ?? '' }], step.next)
    }
    case 'call_webhook': {
      const endpointId = step.endpointId ?? ''
      if (endpointId === '') return skipped('No webhook endpoint set.', step)
      return advance('Webhook queued.', [{ type: 'call_webhook', endpointId }], step.next)
    }
    case 'exit':
      return { kind: 'exit', reason: 'exit_step', detail: 'Reached an exit step.' }
  }
}

function decideSendEmail(step: WorkflowStep, facts: StepFacts): StepDecision {
  const templateId = step.templateId ?? ''
  if (templateId === '') return skipped('No template set.', step)
  if (facts.suppressed || facts.contact?.unsubscribed === true || facts.contact?.bounced === true) {
    return { kind: 'advance', outcome: 'skipped', detail: 'suppressed', effects: [], next: step.next }
  }
  const { maxEmails, windowMs } = facts.frequencyCap
  if (maxEmails > 0 && facts.emailsInCapWindow >= maxEmails) {
    const until = facts.capFreesAt === null ? facts.now + windowMs : facts.capFreesAt > facts.now ? facts.capFreesAt : facts.now + STALE_CAP_RETRY_MS
    return { kind: 'wait', until, detail: `Held back: ${maxEmails} workflow emails already sent in the cap window.` }
  }
  return advance('Email queued.', [{ type: 'send_email', stepId: step.id, templateId, subject: step.subject ?? '' }], step.next)
}

function decideWait(step: WorkflowStep, now: number, waitUntil: number | null): StepDecision {
  // The end is fixed on arrival (the server may scale it for demos): once it is reached the contact goes on,
  // even if the server looked late and a window has closed meanwhile; re-checking would strand scaled waits.
  const until = waitUntil ?? computeWaitUntil(step, now)
  if (now >= until) return advance(waitUntil === null ? 'No wait needed.' : 'Waited.', [], step.next)
  return { kind: 'wait', until, detail: `Waiting until ${new Date(until).toISOString()}.` }
}

function branchHolds(step: WorkflowStep, facts: StepFacts, contact: Contact): boolean {
  switch (step.branchKind ?? 'segment') {
    case 'segment':
      return step.condition !== undefined && matches(step.condition, facts.segmentContext, contact)
    case 'opened':
      return facts.emailEngagement[step.emailStepId ?? '']?.opened === true
    case 'clicked':
      return facts.emailEngagement[step.emailStepId ?? '']?.clicked === true
  }
}

function decideUpdateField(step: WorkflowStep, contact: Contact): StepDecision {
  const field = step.field ?? ''
  const value = step.value ?? ''
  if (field.startsWith('custom.') && field.length > 'custom.'.length) {
    const key = field.slice('custom.'.length)
    const current = contact.customFields[key] ?? null
    // '' clears the field; otherwise the text as entered (custom numbers stay numbers).
    const next = value === '' ? null : typeof current === 'number' && Number.isFinite(Number(value)) ? Number(value) : value
    if (next === current) return advance(`${key} already has that value; nothing changed.`, [], step.next)
    return advance(`Set ${key}.`, [patch({ customFields: { ...contact.customFields, [key]: next } })], step.next)
  }
  const builtIn = field.startsWith('contact.') ? field.slice('contact.'.length) : ''
  if (!isTextField(builtIn)) return skipped(`Field "${field}" cannot be set by a workflow.`, step)
  // An over-long value would make the contact invalid and its write refused.
  if (value.length > CONTACT_LIMITS[builtIn]) return skipped(`The value is longer than ${builtIn} allows.`, step)
  if (contact[builtIn] === value) return advance(`${builtIn} already has that value; nothing changed.`, [], step.next)
  return advance(`Set ${builtIn}.`, [patch({ [builtIn]: value })], step.next)
}

function decideAddTag(step: WorkflowStep, contact: Contact): StepDecision {
  const tag = (step.tag ?? '').trim()
  if (tag === '') return skipped('No tag set.', step)
  if (contact.tags.some((existing) => existing.toLowerCase() === tag.toLowerCase())) {
    return advance(`Already tagged ${tag}; nothing changed.`, [], step.next)
  }
  if (contact.tags.length >= MAX_TAGS) return skipped(`Already has ${MAX_TAGS} tags, the most a contact can have.`, step)
  return advance(`Tagged ${tag}.`, [patch({ tags: [...contact.tags, tag] })], step.next)
}

function advance(detail: string, effects: StepEffect[], next: string | undefined): StepDecision {
  return { kind: 'advance', outcome: 'done', detail, effects, next: next ?? '' }
}

/** The step cannot do anything (incomplete settings): record it as skipped and move on rather than strand the contact. */
function skipped(detail: string, step: WorkflowStep): StepDecision {
  return { kind: 'advance', outcome: 'skipped', detail, effects: [], next: step.next }
}

function patch(fields: Partial<Contact>): StepEffect {
  return { type: 'patch_contact', fields }
}

function isStage(value: string): value is LifecycleStage {
  return (LIFECYCLE_STAGES as readonly string[]).includes(value)
}

function isTextField(value: string): value is TextField {
  return (TEXT_FIELDS as readonly string[]).includes(value)
}

// Compiling rules costs far more than evaluating them; the server decides many contacts against
// the same rules and context, so keep the compiled predicate per (rules, context) pair.
const compiled = new WeakMap<SegmentRules, WeakMap<SegmentContext, (contact: Contact) => boolean>>()

function matches(rules: SegmentRules, context: SegmentContext, contact: Contact): boolean {
  let byContext = compiled.get(rules)
  if (!byContext) {
    byContext = new WeakMap()
    compiled.set(rules, byContext)
  }
  let predicate = byContext.get(context)
  if (!predicate) {
    predicate = compileSegment(rules, context)
    byContext.set(context, predicate)
  }
  return predicate(contact)
}
