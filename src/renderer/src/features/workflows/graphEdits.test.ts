import fc from 'fast-check'
import { WORKFLOW_STEP_TYPES, type WorkflowGraph, type WorkflowStepType } from '@core/schema'
import { connect, danglingPointers, disconnect, insertStep, moveSteps, reachableFrom, removeSteps, ROW_GAP, type GraphAnchor } from './graphEdits'
import { treeLayout, withPositions } from './layout'

const empty: WorkflowGraph = { trigger: { type: 'contact_created' }, entryStepId: '', steps: [] }

function chain(...types: WorkflowStepType[]): WorkflowGraph {
  let graph = empty
  let anchor: GraphAnchor = { kind: 'trigger' }
  types.forEach((type, index) => {
    const id = `s${index}`
    graph = insertStep(graph, anchor, type, id)
    anchor = { kind: 'step', stepId: id, handle: 'next' }
  })
  return graph
}

/** The steps visited from the entry following `next` only. */
function path(graph: WorkflowGraph): string[] {
  const byId = new Map(graph.steps.map((step) => [step.id, step]))
  const out: string[] = []
  let id = graph.entryStepId
  while (id && !out.includes(id)) {
    out.push(id)
    id = byId.get(id)?.next ?? ''
  }
  return out
}

describe('workflow graph edits', () => {
  it('appends after the trigger and after a step, one row apart', () => {
    const graph = chain('send_email', 'wait', 'add_tag')
    expect(path(graph)).toEqual(['s0', 's1', 's2'])
    expect(graph.steps.map((step) => step.y)).toEqual([ROW_GAP, 2 * ROW_GAP, 3 * ROW_GAP])
    expect(graph.steps[1]).toMatchObject({ type: 'wait', waitKind: 'duration', waitMinutes: 1440 })
  })

  it('inserts between two steps and moves what follows down', () => {
    const graph = insertStep(chain('send_email', 'add_tag'), { kind: 'step', stepId: 's0', handle: 'next' }, 'wait', 'w')
    expect(path(graph)).toEqual(['s0', 'w', 's1'])
    const byId = new Map(graph.steps.map((step) => [step.id, step]))
    expect(byId.get('w')?.y).toBe(2 * ROW_GAP)
    expect(byId.get('s1')?.y).toBe(3 * ROW_GAP)
  })

  it('puts a branch’s Yes arm left and No arm right', () => {
    let graph = chain('branch')
    graph = insertStep(graph, { kind: 'step', stepId: 's0', handle: 'next' }, 'add_tag', 'yes')
    graph = insertStep(graph, { kind: 'step', stepId: 's0', handle: 'else' }, 'exit', 'no')
    const branch = graph.steps.find((step) => step.id === 's0')
    expect(branch).toMatchObject({ next: 'yes', elseNext: 'no' })
    const byId = new Map(graph.steps.map((step) => [step.id, step]))
    expect(byId.get('yes')!.x!).toBeLessThan(byId.get('no')!.x!)
  })

  it('removing a step in the middle keeps the chain; removing the entry moves the entry on', () => {
    const graph = chain('send_email', 'wait', 'add_tag')
    expect(path(removeSteps(graph, new Set(['s1'])))).toEqual(['s0', 's2'])
    expect(removeSteps(graph, new Set(['s0'])).entryStepId).toBe('s1')
    expect(path(removeSteps(graph, new Set(['s0', 's1'])))).toEqual(['s2'])
  })

  it('connects only to existing steps, never a step to itself or out of an exit', () => {
    const graph = chain('send_email', 'add_tag', 'exit')
    expect(connect(graph, { kind: 'step', stepId: 's0', handle: 'next' }, 's0')).toBe(graph)
    expect(connect(graph, { kind: 'step', stepId: 's2', handle: 'next' }, 's0')).toBe(graph)
    expect(connect(graph, { kind: 'step', stepId: 's0', handle: 'else' }, 's2')).toBe(graph)
    expect(connect(graph, { kind: 'step', stepId: 's0', handle: 'next' }, 'nope')).toBe(graph)
    expect(insertStep(graph, { kind: 'step', stepId: 's2', handle: 'next' }, 'wait', 'w')).toBe(graph)
    expect(connect(graph, { kind: 'step', stepId: 's0', handle: 'next' }, 's2').steps[0]?.next).toBe('s2')
    expect(disconnect(graph, { kind: 'trigger' }).entryStepId).toBe('')
  })

  it('an exit ends its path: what followed is left unconnected', () => {
    const graph = insertStep(chain('send_email', 'add_tag'), { kind: 'step', stepId: 's0', handle: 'next' }, 'exit', 'x')
    expect(path(graph)).toEqual(['s0', 'x'])
    expect(reachableFrom(graph, graph.entryStepId).has('s1')).toBe(false)
  })

  it('moves round positions and leave unchanged steps alone', () => {
    const graph = chain('send_email')
    expect(moveSteps(graph, new Map([['s0', { x: 0, y: ROW_GAP }]]))).toBe(graph)
    expect(moveSteps(graph, new Map([['s0', { x: 10.6, y: 20.2 }]])).steps[0]).toMatchObject({ x: 11, y: 20 })
  })

  it('keeps every pointer on an existing step through any sequence of edits', () => {
    const type = fc.constantFrom(...WORKFLOW_STEP_TYPES)
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), handle: fc.constantFrom('next' as const, 'else' as const), type }),
      fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('connect' as const), at: fc.nat(), to: fc.nat(), handle: fc.constantFrom('next' as const, 'else' as const) }),
    )
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 40 }), (edits) => {
        let graph = empty
        let counter = 0
        for (const change of edits) {
          const ids = graph.steps.map((step) => step.id)
          const pick = (n: number) => ids[n % Math.max(1, ids.length)]
          if (change.kind === 'insert') {
            const stepId = pick(change.at)
            const anchor: GraphAnchor = stepId ? { kind: 'step', stepId, handle: change.handle } : { kind: 'trigger' }
            graph = insertStep(graph, anchor, change.type, `n${counter++}`)
          } else if (change.kind === 'remove') {
            const stepId = pick(change.at)
            if (stepId) graph = removeSteps(graph, new Set([stepId]))
          } else {
            const from = pick(change.at)
            const to = pick(change.to)
            if (from && to) graph = connect(graph, { kind: 'step', stepId: from, handle: change.handle }, to)
          }
          expect(danglingPointers(graph)).toEqual([])
          // Only branches use the No pointer; exits lead nowhere.
          for (const step of graph.steps) {
            if (step.type === 'exit') expect(step.next).toBe('')
            if (step.type !== 'branch') expect(step.elseNext ?? '').toBe('')
          }
        }
        // The layout places every step exactly once, whatever shape the edits left.
        const layout = treeLayout(graph)
        expect([...layout.keys()].sort()).toEqual(graph.steps.map((step) => step.id).sort())
      }),
      { numRuns: 200 },
    )
  })

  it('lays out a branch tree without overlapping arms and fills in only missing positions', () => {
    const graph: WorkflowGraph = {
      trigger: { type: 'manual' },
      entryStepId: 'b',
      steps: [
        { id: 'b', type: 'branch', next: 'y', elseNext: 'n', branchKind: 'clicked' },
        { id: 'y', type: 'add_tag', next: '', tag: 'hot' },
        { id: 'n', type: 'exit', next: '', x: 500, y: 500 },
        { id: 'orphan', type: 'wait', next: '' },
      ],
    }
    const layout = treeLayout(graph)
    expect(layout.get('b')).toEqual({ x: 0, y: ROW_GAP })
    expect(layout.get('y')!.x).toBeLessThan(layout.get('n')!.x)
    expect(layout.get('orphan')!.x).toBeGreaterThan(layout.get('n')!.x)
    const placed = withPositions(graph)
    expect(placed.steps.find((step) => step.id === 'n')).toMatchObject({ x: 500, y: 500 })
    expect(placed.steps.every((step) => step.x !== undefined && step.y !== undefined)).toBe(true)
  })
})
