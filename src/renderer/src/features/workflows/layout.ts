import type { WorkflowGraph } from '@core/schema'
import { BRANCH_OFFSET, ROW_GAP, stepIndex } from './graphEdits'

// Where nodes go when nobody placed them (a graph made from a drip, "Tidy up"): a top-down tree
// from the first step, a branch's Yes arm to the left and No arm to the right, each subtree as
// wide as it needs so arms never overlap. Steps nothing leads to go in a column on the right.

const COLUMN = BRANCH_OFFSET

/** Positions for every step, as a tidy tree under the trigger at (0, 0). */
export function treeLayout(graph: WorkflowGraph): Map<string, { x: number; y: number }> {
  const byId = stepIndex(graph)
  const positions = new Map<string, { x: number; y: number }>()
  const widths = new Map<string, number>()

  // Width in columns of the subtree below `id`; a step reached twice (paths joining) counts once.
  const widthOf = (id: string, path: Set<string>): number => {
    const step = byId.get(id)
    // Unknown, looping back, or already counted under another parent: no extra width here.
    if (!step || path.has(id) || widths.has(id)) return 0
    path.add(id)
    let width: number
    if (step.type === 'branch') width = Math.max(1, widthOf(step.next, path)) + Math.max(1, widthOf(step.elseNext ?? '', path))
    else width = Math.max(1, widthOf(step.next, path))
    path.delete(id)
    widths.set(id, width)
    return width
  }

  const place = (id: string, x: number, depth: number) => {
    const step = byId.get(id)
    if (!step || positions.has(id)) return
    positions.set(id, { x, y: depth * ROW_GAP })
    if (step.type === 'branch') {
      const yes = Math.max(1, widths.get(step.next) ?? 1)
      const no = Math.max(1, widths.get(step.elseNext ?? '') ?? 1)
      // The two arms sit side by side, centred under the branch.
      const total = yes + no
      const left = x - (total * COLUMN) / 2
      place(step.next, left + (yes * COLUMN) / 2, depth + 1)
      place(step.elseNext ?? '', left + yes * COLUMN + (no * COLUMN) / 2, depth + 1)
    } else {
      place(step.next, x, depth + 1)
    }
  }

  widthOf(graph.entryStepId, new Set())
  place(graph.entryStepId, 0, 1)

  let orphanRow = 1
  const maxX = Math.max(0, ...[...positions.values()].map((position) => position.x))
  for (const step of graph.steps) {
    if (positions.has(step.id)) continue
    positions.set(step.id, { x: maxX + COLUMN * 2, y: orphanRow * ROW_GAP })
    orphanRow++
  }
  return positions
}

/** Fills in positions only for steps that have none, keeping what the user placed. */
export function withPositions(graph: WorkflowGraph): WorkflowGraph {
  if (graph.steps.every((step) => step.x !== undefined && step.y !== undefined)) return graph
  const tree = treeLayout(graph)
  return {
    ...graph,
    steps: graph.steps.map((step) => {
      if (step.x !== undefined && step.y !== undefined) return step
      const position = tree.get(step.id) ?? { x: 0, y: 0 }
      return { ...step, x: position.x, y: position.y }
    }),
  }
}

/** Every step placed afresh by the tree layout. */
export function tidyLayout(graph: WorkflowGraph): WorkflowGraph {
  const tree = treeLayout(graph)
  return {
    ...graph,
    steps: graph.steps.map((step) => {
      const position = tree.get(step.id) ?? { x: 0, y: 0 }
      return { ...step, x: position.x, y: position.y }
    }),
  }
}
