import { describe, expect, it } from 'vitest'
import { buildWorkflowStats, sameStats } from './workflowStats'

describe('buildWorkflowStats', () => {
  it('adds up contacts by status, per step (any version) and lists older versions still running', () => {
    const stats = buildWorkflowStats(
      [
        { version: 2, stepId: 'wait', status: 'active', count: 3 },
        { version: 1, stepId: 'wait', status: 'active', count: 2 },
        { version: 1, stepId: 'old', status: 'active', count: 1 },
        { version: 1, stepId: '', status: 'completed', count: 4 },
        { version: 2, stepId: '', status: 'exited', count: 5 },
      ],
      new Map([
        ['email', 10],
        ['wait', 4],
      ]),
      ['email', 'wait', 'tag'],
      2,
      1_000,
    )
    expect(stats).toEqual({
      enrolled: 15,
      active: 6,
      completed: 4,
      exited: 5,
      steps: [
        { stepId: 'email', current: 0, passed: 10 },
        { stepId: 'wait', current: 5, passed: 4 },
        { stepId: 'tag', current: 0, passed: 0 },
        { stepId: 'old', current: 1, passed: 0 },
      ],
      runningVersions: [1],
      updatedAt: 1_000,
    })
  })

  it('tells a change apart from a recomputation of the same figures', () => {
    const one = buildWorkflowStats([{ version: 1, stepId: 'a', status: 'active', count: 1 }], new Map(), ['a'], 1, 1)
    expect(sameStats(one, buildWorkflowStats([{ version: 1, stepId: 'a', status: 'active', count: 1 }], new Map(), ['a'], 1, 99))).toBe(true)
    expect(sameStats(one, buildWorkflowStats([{ version: 1, stepId: 'a', status: 'active', count: 2 }], new Map(), ['a'], 1, 99))).toBe(false)
    expect(sameStats(undefined, one)).toBe(false)
  })
})
