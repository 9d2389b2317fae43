import { describe, expect, it } from 'vitest'
import type { WorkflowStep } from '../schema'
import { aContact } from '../testing/contactFixture'
import { computeWaitUntil, decideStep, stepById } from './engine'
import { aGraph, DAY, hasTag, SETTINGS, someFacts, T0 } from './testGraphs'

const MINUTE = 60_000

function decideOne(step: Omit<WorkflowStep, 'id' | 'next'> & { next?: string }, facts = someFacts()) {
  const full: WorkflowStep = { id: 's1', next: 'after', ...step }
  return decideStep(aGraph([full, { id: 'after', type: 'exit', next: '' }]), SETTINGS, 's1', facts)
}

describe('decideStep exit rules', () => {
  const graph = aGraph([{ id: 'a', type: 'add_tag', tag: 'x', next: '' }])

  it('exits a deleted contact', () => {
    expect(decideStep(graph, SETTINGS, 'a', someFacts({ contact: null }))).toMatchObject({ kind: 'exit', reason: 'deleted' })
  })

  it('exits when the goal matches, before taking the step', () => {
    const settings = { ...SETTINGS, goal: hasTag('customer') }
    expect(decideStep(graph, settings, 'a', someFacts({ contact: aContact({ tags: ['customer'] }) }))).toMatchObject({ kind: 'exit', reason: 'goal' })
    expect(decideStep(graph, settings, 'a', someFacts())).toMatchObject({ kind: 'advance' })
  })

  it('exits an unsubscribed or suppressed contact when the workflow says so', () => {
    expect(decideStep(graph, SETTINGS, 'a', someFacts({ suppressed: true }))).toMatchObject({ kind: 'exit', reason: 'unsubscribed' })
    expect(decideStep(graph, SETTINGS, 'a', someFacts({ contact: aContact({ unsubscribed: true }) }))).toMatchObject({ kind: 'exit', reason: 'unsubscribed' })
    const stay = { ...SETTINGS, exitOnUnsubscribe: false }
    expect(decideStep(graph, stay, 'a', someFacts({ suppressed: true }))).toMatchObject({ kind: 'advance', outcome: 'done' })
  })

  it('always exits an unsubscribed contact from a drip (emails and duration waits only)', () => {
    const drip = aGraph([
      { id: 'w', type: 'wait', waitKind: 'duration', waitMinutes: 60, next: 'e' },
      { id: 'e', type: 'send_email', templateId: 't', next: '' },
    ])
    const stay = { ...SETTINGS, exitOnUnsubscribe: false }
    expect(decideStep(drip, stay, 'e', someFacts({ suppressed: true }))).toMatchObject({ kind: 'exit', reason: 'unsubscribed' })
  })

  it('exits as invalid when the step is not in the graph', () => {
    expect(decideStep(graph, SETTINGS, 'gone', someFacts())).toMatchObject({ kind: 'exit', reason: 'invalid' })
    expect(decideStep(graph, SETTINGS, '', someFacts())).toMatchObject({ kind: 'exit', reason: 'invalid' })
  })

  it('exits at an exit step', () => {
    expect(decideOne({ type: 'exit' })).toMatchObject({ kind: 'exit', reason: 'exit_step' })
  })
})

describe('send_email', () => {
  it('queues the email and moves on', () => {
    expect(decideOne({ type: 'send_email', templateId: 't1', subject: 'Hi' })).toEqual({
      kind: 'advance',
      outcome: 'done',
      detail: 'Email queued.',
      effects: [{ type: 'send_email', stepId: 's1', templateId: 't1', subject: 'Hi' }],
      next: 'after',
    })
  })

  it('skips a suppressed contact when the workflow keeps it', () => {
    const facts = someFacts({ suppressed: true })
    const decision = decideStep(
      aGraph([
        { id: 's1', type: 'send_email', templateId: 't', next: 'x' },
        { id: 'x', type: 'add_tag', tag: 'a', next: '' },
      ]),
      { ...SETTINGS, exitOnUnsubscribe: false },
      's1',
      facts,
    )
    expect(decision).toEqual({ kind: 'advance', outcome: 'skipped', detail: 'suppressed', effects: [], next: 'x' })
  })

  it('holds the email until the frequency cap frees a slot', () => {
    const capped = { emailsInCapWindow: 3, frequencyCap: { maxEmails: 3, windowMs: DAY } }
    expect(decideOne({ type: 'send_email', templateId: 't' }, someFacts({ ...capped, capFreesAt: T0 + 5 * MINUTE }))).toMatchObject({
      kind: 'wait',
      until: T0 + 5 * MINUTE,
    })
    expect(decideOne({ type: 'send_email', templateId: 't' }, someFacts({ ...capped, capFreesAt: null }))).toMatchObject({ kind: 'wait', until: T0 + DAY })
    // Stale facts (the slot is already free by the clock): look again shortly instead of never.
    const stale = decideOne({ type: 'send_email', templateId: 't' }, someFacts({ ...capped, capFreesAt: T0 - 1 }))
    expect(stale.kind === 'wait' && stale.until > T0).toBe(true)
  })

  it('has no cap when the cap is 0', () => {
    const facts = someFacts({ emailsInCapWindow: 50, frequencyCap: { maxEmails: 0, windowMs: DAY } })
    expect(decideOne({ type: 'send_email', templateId: 't' }, facts)).toMatchObject({ kind: 'advance', outcome: 'done' })
  })

  it('skips a step without a template instead of stranding the contact', () => {
    expect(decideOne({ type: 'send_email' })).toMatchObject({ kind: 'advance', outcome: 'skipped', next: 'after' })
  })
})

describe('wait', () => {
  it('waits the duration on arrival, then advances once the end is reached', () => {
    const step = { type: 'wait' as const, waitKind: 'duration' as const, waitMinutes: 90 }
    expect(decideOne(step)).toMatchObject({ kind: 'wait', until: T0 + 90 * MINUTE })
    expect(decideOne(step, someFacts({ waitUntil: T0 + 1 }))).toMatchObject({ kind: 'wait', until: T0 + 1 })
    expect(decideOne(step, someFacts({ waitUntil: T0 }))).toMatchObject({ kind: 'advance', outcome: 'done', next: 'after' })
  })

  it('keeps the end computed on arrival even if the step changed meanwhile', () => {
    const step = { type: 'wait' as const, waitKind: 'duration' as const, waitMinutes: 1 }
    expect(decideOne(step, someFacts({ waitUntil: T0 + DAY }))).toMatchObject({ kind: 'wait', until: T0 + DAY })
  })

  it('goes on once the end fixed on arrival is reached, even when the server looks late', () => {
    const step = { type: 'wait' as const, waitKind: 'window' as const, windowDays: [1], windowStartHour: 9, windowEndHour: 10, timeZone: 'UTC' }
    expect(decideOne(step, someFacts({ now: Date.UTC(2026, 10, 30, 11), waitUntil: Date.UTC(2026, 10, 30, 9) }))).toMatchObject({ kind: 'advance' })
    expect(decideOne(step, someFacts({ now: Date.UTC(2026, 10, 30, 8), waitUntil: Date.UTC(2026, 10, 30, 9) }))).toMatchObject({ kind: 'wait', until: Date.UTC(2026, 10, 30, 9) })
  })

  it('waits until a moment, and goes straight on when it is past', () => {
    expect(decideOne({ type: 'wait', waitKind: 'until', waitUntil: T0 + DAY })).toMatchObject({ kind: 'wait', until: T0 + DAY })
    expect(decideOne({ type: 'wait', waitKind: 'until', waitUntil: T0 - DAY })).toMatchObject({ kind: 'advance', next: 'after' })
  })
})

describe('computeWaitUntil', () => {
  const window = (overrides: Partial<WorkflowStep>): WorkflowStep => ({
    id: 'w',
    type: 'wait',
    next: '',
    waitKind: 'window',
    windowDays: [1, 2, 3, 4, 5],
    windowStartHour: 9,
    windowEndHour: 17,
    timeZone: 'Europe/Berlin',
    ...overrides,
  })

  it('adds minutes for a duration and never goes back for an until', () => {
    expect(computeWaitUntil({ id: 'w', type: 'wait', next: '', waitKind: 'duration', waitMinutes: 10 }, T0)).toBe(T0 + 10 * MINUTE)
    expect(computeWaitUntil({ id: 'w', type: 'wait', next: '', waitKind: 'until', waitUntil: T0 - 5 }, T0)).toBe(T0)
    expect(computeWaitUntil({ id: 'w', type: 'wait', next: '', waitKind: 'until', waitUntil: T0 + 5 }, T0)).toBe(T0 + 5)
  })

  it('is now inside the window and the next opening outside it', () => {
    // Monday 13:00 Berlin: inside.
    expect(computeWaitUntil(window({}), T0)).toBe(T0)
    // Monday 18:00 Berlin → Tuesday 09:00 Berlin (08:00 UTC).
    expect(computeWaitUntil(window({}), Date.UTC(2026, 10, 30, 17))).toBe(Date.UTC(2026, 11, 1, 8))
    // Saturday → Monday 09:00.
    expect(computeWaitUntil(window({}), Date.UTC(2026, 10, 28, 12))).toBe(Date.UTC(2026, 10, 30, 8))
    // The end hour is excluded: 17:00 sharp is outside.
    expect(computeWaitUntil(window({}), Date.UTC(2026, 10, 30, 16))).toBe(Date.UTC(2026, 11, 1, 8))
  })

  it('follows the zone across a DST change', () => {
    // Berlin goes to summer time on Sunday 29 Mar 2026: Monday 09:00 is 07:00 UTC, Friday before 08:00 UTC.
    expect(computeWaitUntil(window({}), Date.UTC(2026, 2, 27, 17))).toBe(Date.UTC(2026, 2, 30, 7))
    expect(computeWaitUntil(window({ windowDays: [0] }), Date.UTC(2026, 2, 27, 17))).toBe(Date.UTC(2026, 2, 29, 7))
  })

  it('handles a window running to midnight and a zone ahead of UTC', () => {
    // Tokyo, every day 20:00–24:00: at 14:30 UTC (23:30 Tokyo) it is open.
    const tokyo = window({ timeZone: 'Asia/Tokyo', windowDays: [0, 1, 2, 3, 4, 5, 6], windowStartHour: 20, windowEndHour: 24 })
    expect(computeWaitUntil(tokyo, Date.UTC(2026, 10, 30, 14, 30))).toBe(Date.UTC(2026, 10, 30, 14, 30))
    expect(computeWaitUntil(tokyo, Date.UTC(2026, 10, 30, 15, 30))).toBe(Date.UTC(2026, 11, 1, 11))
  })
})

describe('branch', () => {
  const graph = aGraph([
    { id: 'mail', type: 'send_email', templateId: 't', next: 'b' },
    { id: 'b', type: 'branch', branchKind: 'clicked', emailStepId: 'mail', next: 'yes', elseNext: 'no' },
    { id: 'yes', type: 'add_tag', tag: 'clicker', next: '' },
    { id: 'no', type: 'exit', next: '' },
  ])

  it('goes Yes when the earlier email was clicked, No otherwise', () => {
    const clicked = someFacts({ emailEngagement: { mail: { opened: true, clicked: true } } })
    expect(decideStep(graph, SETTINGS, 'b', clicked)).toEqual({ kind: 'advance', outcome: 'done', detail: 'Yes', effects: [], next: 'yes' })
    const opened = someFacts({ emailEngagement: { mail: { opened: true, clicked: false } } })
    expect(decideStep(graph, SETTINGS, 'b', opened)).toMatchObject({ detail: 'No', next: 'no' })
    expect(decideStep(graph, SETTINGS, 'b', someFacts())).toMatchObject({ detail: 'No', next: 'no' })
  })

  it('branches on opens', () => {
    const opens = aGraph([{ id: 'b', type: 'branch', branchKind: 'opened', emailStepId: 'mail', next: 'y', elseNext: 'n' }])
    expect(decideStep(opens, SETTINGS, 'b', someFacts({ emailEngagement: { mail: { opened: true, clicked: false } } }))).toMatchObject({ next: 'y' })
  })

  it('branches on a segment condition', () => {
    const bySegment = aGraph([{ id: 'b', type: 'branch', branchKind: 'segment', condition: hasTag('vip'), next: 'y', elseNext: 'n' }])
    expect(decideStep(bySegment, SETTINGS, 'b', someFacts({ contact: aContact({ tags: ['vip'] }) }))).toMatchObject({ detail: 'Yes', next: 'y' })
    expect(decideStep(bySegment, SETTINGS, 'b', someFacts())).toMatchObject({ detail: 'No', next: 'n' })
  })
})

describe('contact updates', () => {
  const patchOf = (decision: ReturnType<typeof decideOne>) =>
    decision.kind === 'advance' && decision.effects[0]?.type === 'patch_contact' ? decision.effects[0].fields : null

  it('sets a built-in or a custom field', () => {
    expect(patchOf(decideOne({ type: 'update_field', field: 'contact.title', value: 'CTO' }))).toEqual({ title: 'CTO' })
    const custom = decideOne({ type: 'update_field', field: 'custom.plan', value: 'pro' }, someFacts({ contact: aContact({ customFields: { seats: 3 } }) }))
    expect(patchOf(custom)).toEqual({ customFields: { seats: 3, plan: 'pro' } })
    const number = decideOne({ type: 'update_field', field: 'custom.seats', value: '5' }, someFacts({ contact: aContact({ customFields: { seats: 3 } }) }))
    expect(patchOf(number)).toEqual({ customFields: { seats: 5 } })
  })

  it('skips a field a workflow may not set', () => {
    expect(decideOne({ type: 'update_field', field: 'contact.id', value: 'x' })).toMatchObject({ outcome: 'skipped', effects: [] })
    expect(decideOne({ type: 'update_field', field: 'contact.firstName', value: 'x'.repeat(101) })).toMatchObject({ outcome: 'skipped', next: 'after' })
  })

  it('adds and removes tags; a no-op still advances and says so', () => {
    expect(patchOf(decideOne({ type: 'add_tag', tag: 'vip' }))).toEqual({ tags: ['vip'] })
    const already = decideOne({ type: 'add_tag', tag: 'VIP' }, someFacts({ contact: aContact({ tags: ['vip'] }) }))
    expect(already).toMatchObject({ kind: 'advance', outcome: 'done', effects: [], next: 'after' })
    expect(already.kind === 'advance' && already.detail).toContain('nothing changed')
    expect(patchOf(decideOne({ type: 'remove_tag', tag: 'vip' }, someFacts({ contact: aContact({ tags: ['a', 'vip'] }) })))).toEqual({ tags: ['a'] })
    expect(decideOne({ type: 'remove_tag', tag: 'vip' })).toMatchObject({ kind: 'advance', effects: [], next: 'after' })
  })

  it('adds to and removes from static lists', () => {
    expect(patchOf(decideOne({ type: 'add_to_list', listId: 'L1' }))).toEqual({ lists: ['L1'] })
    expect(patchOf(decideOne({ type: 'remove_from_list', listId: 'L1' }, someFacts({ contact: aContact({ lists: ['L0', 'L1'] }) })))).toEqual({
      lists: ['L0'],
    })
    expect(decideOne({ type: 'add_to_list', listId: 'L1' }, someFacts({ contact: aContact({ lists: ['L1'] }) }))).toMatchObject({ effects: [] })
  })

  it('changes the stage with a workflow history entry', () => {
    const patch = patchOf(decideOne({ type: 'set_stage', stage: 'customer' }))
    expect(patch?.lifecycleStage).toBe('customer')
    expect(patch?.stageHistory?.at(-1)).toEqual({ stage: 'customer', at: T0, source: 'workflow' })
    expect(decideOne({ type: 'set_stage', stage: 'lead' })).toMatchObject({ effects: [], next: 'after' })
    expect(decideOne({ type: 'set_stage', stage: 'nonsense' })).toMatchObject({ outcome: 'skipped' })
  })

  it('adjusts the score within its bounds', () => {
    expect(patchOf(decideOne({ type: 'adjust_score', scoreDelta: 15 }, someFacts({ contact: aContact({ scoreAdjustment: 5 }) })))).toEqual({ scoreAdjustment: 20 })
    expect(patchOf(decideOne({ type: 'adjust_score', scoreDelta: -10 }))).toEqual({ scoreAdjustment: -10 })
    expect(patchOf(decideOne({ type: 'adjust_score', scoreDelta: 1000 }, someFacts({ contact: aContact({ scoreAdjustment: 100_000 }) })))).toBeNull()
  })
})

describe('effects for others', () => {
  it('creates a task due after its days', () => {
    expect(decideOne({ type: 'create_task', memberId: 'm1', title: 'Call them', dueInDays: 2 })).toMatchObject({
      kind: 'advance',
      effects: [{ type: 'create_task', memberId: 'm1', title: 'Call them', dueAt: T0 + 2 * DAY }],
    })
    expect(decideOne({ type: 'create_task', memberId: 'm1', title: '  ' })).toMatchObject({ outcome: 'skipped' })
  })

  it('notifies a member and calls a webhook', () => {
    expect(decideOne({ type: 'notify_member', memberId: 'm1', message: 'Hot lead' })).toMatchObject({
      effects: [{ type: 'notify_member', memberId: 'm1', message: 'Hot lead' }],
    })
    expect(decideOne({ type: 'call_webhook', endpointId: 'E1' })).toMatchObject({ effects: [{ type: 'call_webhook', endpointId: 'E1' }], next: 'after' })
  })
})

describe('stepById', () => {
  it('finds a step or returns null', () => {
    const graph = aGraph([{ id: 'a', type: 'exit', next: '' }])
    expect(stepById(graph, 'a')?.type).toBe('exit')
    expect(stepById(graph, 'b')).toBeNull()
    expect(stepById(graph, '')).toBeNull()
  })
})
