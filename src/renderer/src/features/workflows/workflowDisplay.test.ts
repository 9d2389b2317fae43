import type { WorkflowStep } from '@core/schema'
import { WORKFLOW_STEP_TYPES } from '@core/schema'
import { EMPTY_NAMES, formatMinutes, STEP_TYPE_GROUPS, stepDetail, stepTitle, triggerSummary, type NameLookup } from './workflowDisplay'

const names: NameLookup = {
  ...EMPTY_NAMES,
  templates: new Map([['t1', 'Welcome']]),
  segments: new Map([['s1', 'Trial users']]),
  members: new Map([['m1', 'Ada']]),
  stages: new Map([['customer', 'Customer']]),
}

describe('workflow display', () => {
  it('offers every step type exactly once in the menu groups', () => {
    expect(STEP_TYPE_GROUPS.flatMap((group) => group.types).sort()).toEqual([...WORKFLOW_STEP_TYPES].sort())
  })

  it('names steps by what they do, and says what is missing', () => {
    const email: WorkflowStep = { id: 'e', type: 'send_email', next: '', templateId: 't1' }
    const withEmail = { ...names, steps: new Map([['e', email]]) }
    expect(stepTitle(email, names)).toBe('Send Welcome')
    expect(stepTitle({ id: 'w', type: 'wait', next: '', waitKind: 'duration', waitMinutes: 60 }, names)).toBe('Wait 1 hour')
    expect(stepTitle({ id: 'w', type: 'wait', next: '', waitKind: 'window', windowDays: [1, 2], windowStartHour: 9, windowEndHour: 17 }, names)).toBe('Wait for Mon, Tue 09:00–17:00')
    expect(stepTitle({ id: 'b', type: 'branch', next: '', branchKind: 'clicked', emailStepId: 'e' }, withEmail)).toBe('If clicked Welcome')
    expect(stepTitle({ id: 'b', type: 'branch', next: '', branchKind: 'opened', emailStepId: '' }, names)).toBe('If opened (pick an email)')
    expect(stepTitle({ id: 'x', type: 'add_tag', next: '', label: 'Mark engaged' }, names)).toBe('Mark engaged')
    expect(stepDetail({ id: 'x', type: 'send_email', next: '', templateId: '' }, names)).toBe('Pick a template')
    expect(stepDetail({ id: 'x', type: 'add_to_list', next: '', listId: 'gone' }, names)).toBe('(deleted)')
    expect(stepDetail({ id: 'x', type: 'adjust_score', next: '', scoreDelta: -5 }, names)).toBe('-5 points')
    expect(stepDetail({ id: 'x', type: 'create_task', next: '', memberId: 'm1', title: 'Call' }, names)).toBe('Call for Ada')
  })

  it('summarises triggers in a sentence', () => {
    expect(triggerSummary({ type: 'tag_added', tag: 'vip' }, names)).toBe('When tag vip is added')
    expect(triggerSummary({ type: 'segment_entered', segmentId: 's1' }, names)).toBe('When a contact enters Trial users')
    expect(triggerSummary({ type: 'schedule', every: 'week', weekday: 5, hour: 8 }, names)).toBe('Every Friday at 08:00')
    expect(triggerSummary({ type: 'stage_changed', stage: 'customer' }, names)).toBe('When the stage becomes Customer')
  })

  it('formats durations in the largest whole unit', () => {
    expect(formatMinutes(2880)).toBe('2 days')
    expect(formatMinutes(90)).toBe('90 minutes')
    expect(formatMinutes(0)).toBe('0 minutes')
  })
})
