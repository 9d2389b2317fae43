import type { WorkflowGraph, WorkflowStats, WorkflowStep } from '@core/schema'

// What the runs panel shows from the server-written stats: one row per step in the order a
// contact meets them, then the steps only older versions still have.

export interface RunsStepRow {
  stepId: string
  /** Null for a step of an older version that the published graph no longer has. */
  step: WorkflowStep | null
  current: number
  passed: number
  /** Nesting under branches: 0 on the main line, +1 inside each branch's Yes/No. */
  depth: number
  /** 'Yes' / 'No' for the first step of a branch's side. */
  branchSide: 'Yes' | 'No' | null
}

/** Steps in the order a contact meets them (depth-first, a branch's Yes side before its No side), then the unreachable ones. */
export function stepsInGraphOrder(graph: WorkflowGraph): { step: WorkflowStep; depth: number; branchSide: 'Yes' | 'No' | null }[] {
  const byId = new Map(graph.steps.map((step) => [step.id, step]))
  const seen = new Set<string>()
  const ordered: { step: WorkflowStep; depth: number; branchSide: 'Yes' | 'No' | null }[] = []
  const visit = (start: string, depth: number, side: 'Yes' | 'No' | null) => {
    let id = start
    let first = true
    while (id !== '' && !seen.has(id)) {
      const step = byId.get(id)
      if (!step) return
      seen.add(id)
      ordered.push({ step, depth, branchSide: first ? side : null })
      first = false
      if (step.type === 'branch') {
        visit(step.next, depth + 1, 'Yes')
        visit(step.elseNext ?? '', depth + 1, 'No')
        return
      }
      id = step.next
    }
  }
  visit(graph.entryStepId, 0, null)
  for (const step of graph.steps) if (!seen.has(step.id)) ordered.push({ step, depth: 0, branchSide: null })
  return ordered
}

export function runsStepRows(graph: WorkflowGraph, stats: WorkflowStats | undefined): RunsStepRow[] {
  const counts = new Map((stats?.steps ?? []).map((entry) => [entry.stepId, entry]))
  const rows: RunsStepRow[] = stepsInGraphOrder(graph).map(({ step, depth, branchSide }) => ({
    stepId: step.id,
    step,
    current: counts.get(step.id)?.current ?? 0,
    passed: counts.get(step.id)?.passed ?? 0,
    depth,
    branchSide,
  }))
  const shown = new Set(rows.map((row) => row.stepId))
  for (const entry of stats?.steps ?? []) {
    if (shown.has(entry.stepId)) continue
    rows.push({ stepId: entry.stepId, step: null, current: entry.current, passed: entry.passed, depth: 0, branchSide: null })
  }
  return rows
}

/** Readable exit reasons the server records (EnrolmentRecord.exitReason). */
export const EXIT_REASON_LABELS: Record<string, string> = {
  goal: 'Reached the goal',
  unsubscribed: 'Unsubscribed',
  deleted: 'Contact deleted',
  exit_step: 'Reached an exit step',
  invalid: 'The workflow changed under it (step missing)',
  removed: 'Removed by hand',
  archived: 'The workflow was archived',
}

export function exitReasonLabel(reason: string): string {
  return EXIT_REASON_LABELS[reason] ?? (reason === '' ? 'Left the workflow' : reason)
}
