import fc from 'fast-check'
import type { WorkflowSettings } from '@core/schema'
import { dripFromGraph } from '@core/workflows/drip'
import { draftFromWorkflow, joinDelay, moveItem, splitDelay, workflowFromDraft, type DripDraft } from './dripDraft'

let counter = 0
const freshId = () => `N${String(++counter).padStart(4, '0')}`
const settings: WorkflowSettings = { reenrol: 'never', exitOnUnsubscribe: false }
const empty = { trigger: { type: 'manual' as const }, entryStepId: '', steps: [] }

const draft: DripDraft = {
  trigger: { type: 'tag_added', tag: 'trial' },
  goal: { match: 'all', groups: [{ id: 'G1', match: 'all', conditions: [{ id: 'C1', field: 'tags', operator: 'hasAny', value: '', value2: '', values: ['customer'] }] }] },
  items: [
    { stepId: 'E1', templateId: 'T1', subject: '', delayMinutes: 0 },
    { stepId: 'E2', templateId: 'T2', subject: 'Day two', delayMinutes: 1_440 },
    { stepId: 'E3', templateId: 'T1', subject: '', delayMinutes: 90 },
  ],
}

describe('drip drafts', () => {
  it('round-trips through the stored workflow: emails, delays, trigger and goal; unsubscribing always stops it', () => {
    const stored = workflowFromDraft(draft, empty, settings, freshId)
    expect(stored.settings).toEqual({ reenrol: 'never', exitOnUnsubscribe: true, goal: draft.goal })
    expect(stored.graph.steps.map((step) => step.type)).toEqual(['send_email', 'wait', 'send_email', 'wait', 'send_email'])
    expect(draftFromWorkflow(stored.graph, stored.settings)).toEqual(draft)
  })

  it('keeps the ids of wait steps across saves, so the per-step counts stay on the same rows', () => {
    const first = workflowFromDraft(draft, empty, settings, freshId)
    const second = workflowFromDraft({ ...draft, items: draft.items.map((item) => (item.stepId === 'E2' ? { ...item, subject: 'Changed' } : item)) }, first.graph, first.settings, freshId)
    expect(second.graph.steps.map((step) => step.id)).toEqual(first.graph.steps.map((step) => step.id))
  })

  it('drops the goal when the draft has none, and refuses graphs that are not a plain list', () => {
    const stored = workflowFromDraft({ ...draft, goal: null }, empty, { ...settings, goal: draft.goal ?? undefined } as WorkflowSettings, freshId)
    expect(stored.settings.goal).toBeUndefined()
    const branched = { ...stored.graph, steps: stored.graph.steps.map((step, index) => (index === 0 ? { ...step, type: 'branch' as const } : step)) }
    expect(draftFromWorkflow(branched, stored.settings)).toBeNull()
  })

  it('any list of emails survives the round trip (property)', () => {
    const item = fc.record({ templateId: fc.constantFrom('T1', 'T2', ''), subject: fc.string({ maxLength: 5 }), delayMinutes: fc.integer({ min: 0, max: 50_000 }) })
    fc.assert(
      fc.property(fc.array(item, { maxLength: 8 }), (rows) => {
        const items = rows.map((row, index) => ({ ...row, stepId: `E${index}` }))
        const stored = workflowFromDraft({ trigger: { type: 'manual' }, goal: null, items }, empty, settings, freshId)
        expect(dripFromGraph(stored.graph)).toEqual(items)
      }),
    )
  })

  it('shows a delay in the largest whole unit, and reads it back to the same minutes', () => {
    expect(splitDelay(2_880)).toEqual({ amount: 2, unit: 'days' })
    expect(splitDelay(120)).toEqual({ amount: 2, unit: 'hours' })
    expect(splitDelay(90)).toEqual({ amount: 90, unit: 'minutes' })
    expect(splitDelay(0)).toEqual({ amount: 0, unit: 'minutes' })
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 525_600 }), (minutes) => {
        const { amount, unit } = splitDelay(minutes)
        expect(joinDelay(amount, unit)).toBe(minutes)
      }),
    )
    expect(joinDelay(-3, 'hours')).toBe(0)
  })

  it('moves an email without losing or duplicating any (property); out-of-range moves change nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 10 }), fc.nat(12), fc.nat(12), (list, from, to) => {
        const moved = moveItem(list, from, to)
        expect([...moved].sort()).toEqual([...list].sort())
        if (from < list.length && to < list.length) expect(moved[to]).toBe(list[from])
        else expect(moved).toEqual(list)
      }),
    )
  })
})
