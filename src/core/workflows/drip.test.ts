import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Template } from '../schema'
import { dripFromGraph, graphFromDrip } from './drip'
import { aGraph, SETTINGS } from './testGraphs'
import type { DripItem, WorkflowReferences } from './types'
import { validateWorkflow } from './validate'

const TRIGGER = { type: 'tag_added', tag: 'trial' } as const

const dripItems = fc
  .uniqueArray(fc.stringMatching(/^[0-9A-Z]{1,26}$/), { minLength: 0, maxLength: 12 })
  .chain((ids) =>
    fc.tuple(
      ...ids.map((stepId) =>
        fc.record({
          stepId: fc.constant(stepId),
          templateId: fc.constantFrom('T1', 'T2'),
          subject: fc.oneof(fc.constant(''), fc.string({ minLength: 1, maxLength: 40 })),
          delayMinutes: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 525_600 })),
        }),
      ),
    ),
  )

function counter(prefix: string): () => string {
  let n = 0
  return () => `${prefix}${++n}`
}

describe('drip ⇄ graph', () => {
  it('builds the linear graph: a wait before each delayed email', () => {
    const items: DripItem[] = [
      { stepId: 'e1', templateId: 'T1', subject: '', delayMinutes: 0 },
      { stepId: 'e2', templateId: 'T2', subject: 'Still there?', delayMinutes: 2880 },
    ]
    expect(graphFromDrip(items, TRIGGER, counter('w'))).toEqual({
      trigger: TRIGGER,
      entryStepId: 'e1',
      steps: [
        { id: 'e1', type: 'send_email', templateId: 'T1', next: 'w1' },
        { id: 'w1', type: 'wait', waitKind: 'duration', waitMinutes: 2880, next: 'e2' },
        { id: 'e2', type: 'send_email', templateId: 'T2', subject: 'Still there?', next: '' },
      ],
    })
    expect(graphFromDrip([], TRIGGER, counter('w'))).toEqual({ trigger: TRIGGER, entryStepId: '', steps: [] })
  })

  it('round-trips: dripFromGraph(graphFromDrip(items)) = items', () => {
    fc.assert(
      fc.property(dripItems, (items) => {
        expect(dripFromGraph(graphFromDrip(items, TRIGGER, counter('wait-')))).toEqual(items)
      }),
    )
  })

  it('builds graphs that pass validation (with known templates)', () => {
    const template = (id: string): Template => ({
      id,
      name: id,
      subject: 'Hi',
      preheader: '',
      fromName: '',
      fromEmail: 'hi@example.com',
      html: '<a href="{{ unsubscribe_url }}">Unsubscribe</a>',
      createdAt: 0,
      updatedAt: 0,
      _clock: {},
    })
    const refs: WorkflowReferences = {
      templates: new Map([
        ['T1', template('T1')],
        ['T2', template('T2')],
      ]),
      segmentIds: new Set(),
      listIds: new Set(),
      memberIds: new Set(),
      endpointIds: null,
      fieldKeys: new Set(),
      stages: new Set(),
    }
    fc.assert(
      fc.property(
        dripItems.filter((items) => items.length > 0),
        (items) => {
          const safeSubjects = items.map((item) => ({ ...item, subject: item.subject === '' ? '' : 'Subject' }))
          expect(validateWorkflow(graphFromDrip(safeSubjects, TRIGGER, counter('w')), SETTINGS, refs)).toEqual([])
        },
      ),
      { numRuns: 50 },
    )
  })

  it('is not a drip when the graph has anything but a line of emails and duration waits', () => {
    expect(dripFromGraph(aGraph([{ id: 'a', type: 'add_tag', tag: 'x', next: '' }]))).toBeNull()
    expect(
      dripFromGraph(
        aGraph([
          { id: 'w', type: 'wait', waitKind: 'until', waitUntil: 5, next: 'e' },
          { id: 'e', type: 'send_email', templateId: 'T', next: '' },
        ]),
      ),
    ).toBeNull()
    // A trailing wait, two waits in a row, a loop, or a step off the line.
    expect(dripFromGraph(aGraph([{ id: 'w', type: 'wait', waitMinutes: 5, next: '' }]))).toBeNull()
    expect(
      dripFromGraph(
        aGraph([
          { id: 'w1', type: 'wait', waitMinutes: 5, next: 'w2' },
          { id: 'w2', type: 'wait', waitMinutes: 5, next: 'e' },
          { id: 'e', type: 'send_email', templateId: 'T', next: '' },
        ]),
      ),
    ).toBeNull()
    expect(dripFromGraph(aGraph([{ id: 'e', type: 'send_email', templateId: 'T', next: 'e' }]))).toBeNull()
    expect(
      dripFromGraph(
        aGraph([
          { id: 'e', type: 'send_email', templateId: 'T', next: '' },
          { id: 'x', type: 'send_email', templateId: 'T', next: '' },
        ]),
      ),
    ).toBeNull()
  })
})
