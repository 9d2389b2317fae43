import type { WorkflowStats } from '@core/schema'
import type { StepCount } from '../storage/workflowStore'

// The server-owned `stats` of a workflow document: how many contacts entered, are inside, finished
// or left, how many are at and have passed each step, and which older versions still run.

const MAX_STEPS = 200
const MAX_VERSIONS = 50

export function buildWorkflowStats(counts: readonly StepCount[], passed: ReadonlyMap<string, number>, stepOrder: readonly string[], publishedVersion: number | null, now: number): WorkflowStats {
  let active = 0
  let completed = 0
  let exited = 0
  const current = new Map<string, number>()
  const running = new Set<number>()
  for (const row of counts) {
    if (row.status === 'active') {
      active += row.count
      if (row.stepId !== '') current.set(row.stepId, (current.get(row.stepId) ?? 0) + row.count)
      if (row.version !== publishedVersion && row.count > 0) running.add(row.version)
    } else if (row.status === 'completed') completed += row.count
    else exited += row.count
  }
  // The published graph's steps first (in its order), then steps only older versions have.
  const stepIds = [...new Set([...stepOrder, ...current.keys(), ...passed.keys()])].filter((id) => id !== '')
  return {
    enrolled: active + completed + exited,
    active,
    completed,
    exited,
    steps: stepIds.slice(0, MAX_STEPS).map((stepId) => ({ stepId, current: current.get(stepId) ?? 0, passed: passed.get(stepId) ?? 0 })),
    runningVersions: [...running].sort((a, b) => a - b).slice(0, MAX_VERSIONS),
    updatedAt: now,
  }
}

/** Equal apart from when they were computed (no write when nothing moved). */
export function sameStats(a: WorkflowStats | undefined, b: WorkflowStats): boolean {
  if (a === undefined) return false
  return JSON.stringify({ ...a, updatedAt: 0 }) === JSON.stringify({ ...b, updatedAt: 0 })
}
