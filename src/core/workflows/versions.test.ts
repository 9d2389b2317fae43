import { describe, expect, it } from 'vitest'
import type { Workflow } from '../schema'
import { hasUnpublishedChanges, newWorkflowGraph, publishWorkflow } from './versions'

function aWorkflow(overrides: Partial<Workflow> = {}): Workflow {
  return {
    id: 'W1',
    name: 'Welcome',
    description: '',
    kind: 'workflow',
    status: 'draft',
    graph: { trigger: { type: 'contact_created' }, entryStepId: 'a', steps: [{ id: 'a', type: 'add_tag', tag: 'new', next: '' }] },
    settings: { reenrol: 'never', exitOnUnsubscribe: false },
    createdAt: 0,
    updatedAt: 0,
    _clock: {},
    ...overrides,
  }
}

describe('versions', () => {
  it('publishes version 1, then the next version, as a copy of the working graph', () => {
    const workflow = aWorkflow()
    const first = publishWorkflow(workflow, 'M1', 1000)
    expect(first).toEqual({ version: 1, graph: workflow.graph, settings: workflow.settings, publishedAt: 1000, publishedBy: 'M1' })
    expect(first.graph).not.toBe(workflow.graph)
    expect(publishWorkflow({ ...workflow, published: first }, 'M2', 2000)).toMatchObject({ version: 2, publishedBy: 'M2' })
  })

  it('makes a drip leave on unsubscribe whatever its settings say', () => {
    expect(publishWorkflow(aWorkflow({ kind: 'drip' }), 'M1', 0).settings.exitOnUnsubscribe).toBe(true)
  })

  it('tells whether the working copy differs from what runs, ignoring key order', () => {
    const workflow = aWorkflow()
    expect(hasUnpublishedChanges(workflow)).toBe(true)
    const published = { ...workflow, published: publishWorkflow(workflow, 'M1', 0) }
    expect(hasUnpublishedChanges(published)).toBe(false)
    const reordered = { ...published, graph: { steps: published.graph.steps, entryStepId: 'a', trigger: { type: 'contact_created' as const } } }
    expect(hasUnpublishedChanges(reordered)).toBe(false)
    expect(hasUnpublishedChanges({ ...published, settings: { ...published.settings, reenrol: 'after_exit' } })).toBe(true)
    expect(hasUnpublishedChanges({ ...published, graph: { ...published.graph, entryStepId: '' } })).toBe(true)
    const drip = aWorkflow({ kind: 'drip' })
    expect(hasUnpublishedChanges({ ...drip, published: publishWorkflow(drip, 'M1', 0) })).toBe(false)
  })

  it('does not count moving a step on the canvas as a change', () => {
    const workflow = aWorkflow()
    const published = { ...workflow, published: publishWorkflow(workflow, 'M1', 0) }
    const moved = { ...published, graph: { ...published.graph, steps: published.graph.steps.map((step) => ({ ...step, x: 120, y: 40 })) } }
    expect(hasUnpublishedChanges(moved)).toBe(false)
    expect(hasUnpublishedChanges({ ...moved, graph: { ...moved.graph, steps: moved.graph.steps.map((step) => ({ ...step, tag: 'other' })) } })).toBe(true)
  })

  it('starts a graph with only its trigger', () => {
    expect(newWorkflowGraph({ type: 'tag_added', tag: 'x' })).toEqual({ trigger: { type: 'tag_added', tag: 'x' }, entryStepId: '', steps: [] })
  })
})
