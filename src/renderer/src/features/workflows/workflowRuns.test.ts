import type { WorkflowGraph, WorkflowStats } from '@core/schema'
import { exitReasonLabel, runsStepRows } from './workflowRuns'

const graph: WorkflowGraph = {
  trigger: { type: 'contact_created' },
  entryStepId: 'S1',
  steps: [
    // Listed out of order on purpose: rows follow the path, not the array.
    { id: 'S5', type: 'add_tag', tag: 'cold', next: '' },
    { id: 'S1', type: 'send_email', templateId: 'T1', next: 'S2' },
    { id: 'S3', type: 'branch', branchKind: 'clicked', emailStepId: 'S1', next: 'S4', elseNext: 'S5' },
    { id: 'S2', type: 'wait', waitKind: 'duration', waitMinutes: 60, next: 'S3' },
    { id: 'S4', type: 'add_tag', tag: 'engaged', next: '' },
    { id: 'S9', type: 'exit', next: '' },
  ],
}

const stats: WorkflowStats = {
  enrolled: 5,
  active: 2,
  completed: 3,
  exited: 0,
  steps: [
    { stepId: 'S2', current: 2, passed: 3 },
    { stepId: 'S4', current: 0, passed: 1 },
    { stepId: 'OLD', current: 1, passed: 4 },
  ],
  runningVersions: [1],
  updatedAt: 1,
}

describe('runsStepRows', () => {
  it('lists steps in the order contacts meet them, Yes side before No, then unreachable ones, with their counts', () => {
    const rows = runsStepRows(graph, stats)
    expect(rows.map((row) => [row.stepId, row.depth, row.branchSide, row.current, row.passed])).toEqual([
      ['S1', 0, null, 0, 0],
      ['S2', 0, null, 2, 3],
      ['S3', 0, null, 0, 0],
      ['S4', 1, 'Yes', 0, 1],
      ['S5', 1, 'No', 0, 0],
      ['S9', 0, null, 0, 0],
      ['OLD', 0, null, 1, 4],
    ])
    expect(rows.at(-1)?.step).toBeNull()
  })

  it('shows zero counts before the server wrote any stats, and survives a loop', () => {
    const looping: WorkflowGraph = { ...graph, steps: graph.steps.map((step) => (step.id === 'S4' ? { ...step, next: 'S1' } : step)) }
    expect(runsStepRows(looping, undefined).map((row) => row.current + row.passed)).toEqual([0, 0, 0, 0, 0, 0])
  })

  it('names exit reasons, including ones it does not know', () => {
    expect(exitReasonLabel('removed')).toBe('Removed by hand')
    expect(exitReasonLabel('something_new')).toBe('something_new')
  })
})
