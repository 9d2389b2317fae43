import { describe, expect, it } from 'vitest'
import type { Template, WorkflowGraph, WorkflowStep, WorkflowTrigger } from '../schema'
import { graphFromDrip } from './drip'
import { BUILT_IN_SEGMENT_FIELDS } from '../segments/segmentFields'
import { aGraph, hasTag, SETTINGS } from './testGraphs'
import type { WorkflowReferences } from './types'
import { validateWorkflow } from './validate'

function aTemplate(overrides: Partial<Template> = {}): Template {
  return {
    id: 'T1',
    name: 'Welcome',
    subject: 'Hello {{ contact.firstName }}',
    preheader: '',
    fromName: 'Outpost',
    fromEmail: 'hi@example.com',
    html: '<p>Hi</p><a href="{{ unsubscribe_url }}">Unsubscribe</a>',
    createdAt: 0,
    updatedAt: 0,
    _clock: {},
    ...overrides,
  }
}

const REFS: WorkflowReferences = {
  templates: new Map([
    ['T1', aTemplate()],
    ['NOSUBJ', aTemplate({ id: 'NOSUBJ', name: 'Blank', subject: '' })],
    ['BROKEN', aTemplate({ id: 'BROKEN', name: 'Broken', html: '<p>{% if %}</p>' })],
    ['NOUNSUB', aTemplate({ id: 'NOUNSUB', name: 'Bare', html: '<p>Hi</p>' })],
    ['NOFROM', aTemplate({ id: 'NOFROM', name: 'Anonymous', fromEmail: ' ' })],
  ]),
  segmentIds: new Set(['SEG']),
  listIds: new Set(['LIST']),
  memberIds: new Set(['M1']),
  endpointIds: new Set(['E1']),
  fieldKeys: new Set(['contact.firstName', 'contact.title', 'custom.plan', 'custom.birthday']),
  stages: new Set(['lead', 'customer']),
}

const messages = (graph: WorkflowGraph, refs = REFS) => validateWorkflow(graph, SETTINGS, refs)
const send = (id: string, next: string, templateId = 'T1'): WorkflowStep => ({ id, type: 'send_email', templateId, next })
const wait = (id: string, next: string, minutes = 60): WorkflowStep => ({ id, type: 'wait', waitKind: 'duration', waitMinutes: minutes, next })

describe('validateWorkflow', () => {
  it('accepts a complete workflow', () => {
    const graph = aGraph([
      send('mail', 'w'),
      wait('w', 'b'),
      { id: 'b', type: 'branch', branchKind: 'clicked', emailStepId: 'mail', next: 'tag', elseNext: 'end' },
      { id: 'tag', type: 'add_tag', tag: 'clicker', next: '' },
      { id: 'end', type: 'exit', next: '' },
    ])
    expect(messages(graph)).toEqual([])
  })

  it('asks for steps and a connected first step', () => {
    expect(messages(aGraph([]))).toEqual([{ stepId: null, message: 'Add at least one step after the trigger.' }])
    expect(messages(aGraph([send('a', '')], ''))).toContainEqual({ stepId: null, message: 'The trigger is not connected to a first step.' })
  })

  it('reports trigger fields that are missing or unknown', () => {
    const triggerIssues = (trigger: WorkflowTrigger) => messages({ trigger, entryStepId: 'a', steps: [send('a', '')] }).map((issue) => issue.message)
    expect(triggerIssues({ type: 'tag_added' })).toEqual(['Trigger: enter the tag.'])
    expect(triggerIssues({ type: 'segment_entered', segmentId: 'NOPE' })).toEqual(['Trigger: the segment no longer exists.'])
    expect(triggerIssues({ type: 'schedule', every: 'day' })).toEqual(['Trigger: choose the hour (0–23).'])
    expect(triggerIssues({ type: 'schedule', every: 'week', hour: 9 })).toEqual(['Trigger: choose the weekday.'])
    expect(triggerIssues({ type: 'field_changed', field: 'custom.gone' })).toEqual(['Trigger: the field "custom.gone" no longer exists.'])
    expect(triggerIssues({ type: 'score_crossed' })).toEqual(['Trigger: enter the score threshold.'])
    expect(triggerIssues({ type: 'api_event', eventName: ' ' })).toEqual(['Trigger: enter the event name.'])
    expect(triggerIssues({ type: 'date_anniversary', field: 'custom.birthday', hour: 9, timeZone: 'Nowhere/Land' })).toEqual([
      'Trigger: unknown time zone "Nowhere/Land".',
    ])
    expect(triggerIssues({ type: 'date_anniversary', field: 'contact.createdAt', hour: 9 })).toEqual([])
  })

  it('finds dangling links, unreachable steps and a branch missing a side', () => {
    const graph = aGraph([
      { id: 'b', type: 'branch', branchKind: 'segment', condition: hasTag('vip'), next: 'gone', elseNext: '' },
      { id: 'lost', type: 'exit', next: '' },
    ])
    expect(messages(graph)).toEqual([
      { stepId: 'b', message: 'If/else: the Yes step it leads to no longer exists (dangling link).' },
      { stepId: 'b', message: 'If/else: connect the No side (add an Exit step to end there).' },
      { stepId: 'lost', message: 'Exit: no path from the trigger reaches this step.' },
    ])
  })

  it('treats steps only reachable past an exit as unreachable', () => {
    const graph = aGraph([
      { id: 'end', type: 'exit', next: 'after' },
      { id: 'after', type: 'add_tag', tag: 'x', next: '' },
    ])
    expect(messages(graph)).toEqual([{ stepId: 'after', message: 'Add tag: no path from the trigger reaches this step.' }])
  })

  it('requires a duration wait in every loop', () => {
    const loop = aGraph([
      { id: 'a', type: 'add_tag', tag: 'x', label: 'Tag', next: 'b' },
      { id: 'b', type: 'branch', branchKind: 'segment', condition: hasTag('done'), next: 'end', elseNext: 'a' },
      { id: 'end', type: 'exit', next: '' },
    ])
    expect(messages(loop)).toEqual([{ stepId: 'a', message: 'Loops must contain a wait with a duration: Add tag "Tag" → If/else repeat without one.' }])
    const waited = aGraph([...loop.steps.map((step) => (step.id === 'b' ? { ...step, elseNext: 'w' } : step)), wait('w', 'a')])
    expect(messages(waited)).toEqual([])
    // A wait "until" a moment lets contacts straight through once the moment is past.
    const until = aGraph([...waited.steps.filter((step) => step.id !== 'w'), { id: 'w', type: 'wait', waitKind: 'until', waitUntil: 1, next: 'a' }])
    expect(messages(until).map((issue) => issue.message)).toEqual([expect.stringContaining('Loops must contain a wait')])
    expect(messages(aGraph([{ id: 'a', type: 'add_tag', tag: 'x', next: 'a' }])).map((issue) => issue.message)).toEqual([
      'Loops must contain a wait with a duration: Add tag repeat without one.',
    ])
  })

  it('checks email templates', () => {
    const issue = (templateId: string, subject?: string) =>
      messages(aGraph([{ ...send('a', '', templateId), ...(subject === undefined ? {} : { subject }) }])).map((found) => found.message)
    expect(issue('')).toEqual(['Send email: choose a template.'])
    expect(issue('GONE')).toEqual(['Send email: the template no longer exists.'])
    expect(issue('NOSUBJ')).toEqual(['Send email: the template "Blank" has no subject: add one to the template or the step.'])
    expect(issue('NOSUBJ', 'Step subject')).toEqual([])
    expect(issue('BROKEN')).toEqual([expect.stringMatching(/^Send email: the template "Broken" cannot be sent \(html, line \d+: .+\)\.$/)])
    expect(issue('T1', '{{ oops')).toEqual([expect.stringContaining('cannot be sent (subject')])
    expect(issue('NOFROM')).toEqual(['Send email: the template "Anonymous" has no sender address: add one to the template.'])
    expect(issue('NOUNSUB')).toEqual(['Send email: the template "Bare" has no unsubscribe link: link to {{ unsubscribe_url }} in it.'])
  })

  it('checks waits', () => {
    const issue = (step: Partial<WorkflowStep>) => messages(aGraph([{ id: 'w', type: 'wait', next: '', ...step }])).map((found) => found.message)
    expect(issue({ waitKind: 'duration', waitMinutes: 0 })).toEqual(['Wait: enter how long to wait.'])
    expect(issue({ waitKind: 'until' })).toEqual(['Wait: choose the date and time to wait until.'])
    expect(issue({ waitKind: 'until', waitUntil: 1 })).toEqual([])
    expect(issue({ waitKind: 'window', windowDays: [], windowStartHour: 9, windowEndHour: 17 })).toEqual(['Wait: choose at least one weekday.'])
    expect(issue({ waitKind: 'window', windowDays: [1], windowStartHour: 17, windowEndHour: 9 })).toEqual(['Wait: the window must start before it ends.'])
  })

  it('requires an opened/clicked branch to follow its email on every path', () => {
    const graph = (entry: string): WorkflowGraph =>
      aGraph(
        [
          { id: 'split', type: 'branch', branchKind: 'segment', condition: hasTag('vip'), next: 'mail', elseNext: 'b' },
          send('mail', 'b'),
          { id: 'b', type: 'branch', branchKind: 'opened', emailStepId: 'mail', next: 'end', elseNext: 'end' },
          { id: 'end', type: 'exit', next: '' },
        ],
        entry,
      )
    expect(messages(graph('split'))).toEqual([{ stepId: 'b', message: 'If/else: the email it checks must come before it on every path.' }])
    expect(messages(graph('mail')).filter((found) => found.stepId === 'b')).toEqual([])
    const notEmail = aGraph([{ id: 'b', type: 'branch', branchKind: 'clicked', emailStepId: 'end', next: 'end', elseNext: 'end' }, { id: 'end', type: 'exit', next: '' }])
    expect(messages(notEmail)[0]?.message).toBe('If/else: the email it checks is not a send-email step of this workflow.')
  })

  it('checks what actions refer to', () => {
    const issue = (step: Omit<WorkflowStep, 'id' | 'next'>, refs = REFS) => messages(aGraph([{ id: 's', next: '', ...step }]), refs).map((found) => found.message)
    expect(issue({ type: 'update_field', field: 'custom.gone', value: '1' })).toEqual(['Update field: the field "custom.gone" no longer exists.'])
    expect(issue({ type: 'update_field', field: 'custom.plan', value: 'pro' })).toEqual([])
    expect(issue({ type: 'update_field', field: 'contact.title', value: 'x'.repeat(121) })).toEqual(['Update field: the value is longer than 120 characters.'])
    expect(issue({ type: 'add_to_list', listId: 'NOPE' })).toEqual(['Add to list: the list no longer exists.'])
    expect(issue({ type: 'set_stage', stage: 'evangelist' })).toEqual(['Change stage: the stage "evangelist" is not in use.'])
    expect(issue({ type: 'create_task', memberId: 'M9', title: '' })).toEqual(['Create task: the member is no longer in the workspace.', 'Create task: enter the task title.'])
    expect(issue({ type: 'notify_member', memberId: 'M1', message: 'Look' })).toEqual([])
    expect(issue({ type: 'call_webhook', endpointId: 'E9' })).toEqual(['Call webhook: the webhook endpoint no longer exists.'])
    expect(issue({ type: 'call_webhook', endpointId: 'E9' }, { ...REFS, endpointIds: null })).toEqual([])
    expect(issue({ type: 'add_tag', tag: '' })).toEqual(['Add tag: enter the tag.'])
    expect(issue({ type: 'adjust_score', scoreDelta: 0 })).toEqual(['Adjust score: enter the points to add or subtract (not 0).'])
  })

  it('checks rule conditions when the segment fields are known', () => {
    const halfTyped = { match: 'all' as const, groups: [{ id: 'g', match: 'all' as const, conditions: [{ id: 'c', field: 'contact.title', operator: 'contains' as const, value: ' ', value2: '', values: [] }] }] }
    const graph = aGraph([
      { id: 'b', type: 'branch', branchKind: 'segment', condition: halfTyped, next: 'e', elseNext: 'e' },
      { id: 'e', type: 'exit', next: '' },
    ])
    const withFields = { ...REFS, segmentFields: BUILT_IN_SEGMENT_FIELDS }
    expect(validateWorkflow(graph, { ...SETTINGS, goal: halfTyped }, withFields)).toEqual([
      { stepId: null, message: 'Goal: Enter a value.' },
      { stepId: 'b', message: 'If/else: Enter a value.' },
    ])
    expect(validateWorkflow(graph, { ...SETTINGS, goal: halfTyped }, REFS)).toEqual([])
    const filtered = { ...graph, trigger: { type: 'contact_created' as const, filter: hasTag('vip') } }
    expect(validateWorkflow(filtered, SETTINGS, withFields).filter((issue) => issue.stepId === null)).toEqual([])
  })

  it('accepts every drip graphFromDrip builds', () => {
    let n = 0
    const graph = graphFromDrip(
      [
        { stepId: 'e1', templateId: 'T1', subject: '', delayMinutes: 0 },
        { stepId: 'e2', templateId: 'T1', subject: 'Day 2', delayMinutes: 1440 },
      ],
      { type: 'tag_added', tag: 'trial' },
      () => `w${++n}`,
    )
    expect(validateWorkflow(graph, SETTINGS, REFS)).toEqual([])
  })
})
