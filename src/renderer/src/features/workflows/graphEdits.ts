import type { WorkflowGraph, WorkflowStep, WorkflowStepType, WorkflowTrigger } from '@core/schema'
import { WORKFLOW_LIMITS } from '@core/schema'

// Immutable edits of a workflow's working graph, one per action the builder offers. Every edit
// keeps the graph well-formed: `next` / `elseNext` / `entryStepId` point at a step or are ''.

/** Where an edge leaves from: the trigger, or a step's Yes/next ('next') or No ('else') pointer. */
export type GraphAnchor = { kind: 'trigger' } | { kind: 'step'; stepId: string; handle: 'next' | 'else' }

export const TRIGGER_NODE_ID = 'trigger'

/** Vertical distance between a node and the one after it on the canvas. */
export const ROW_GAP = 140
/** Horizontal offset of a branch's Yes / No children from the branch. */
export const BRANCH_OFFSET = 170

export function stepIndex(graph: WorkflowGraph): Map<string, WorkflowStep> {
  return new Map(graph.steps.map((step) => [step.id, step]))
}

/** The step an anchor currently points at ('' = nothing). */
export function anchorTarget(graph: WorkflowGraph, anchor: GraphAnchor): string {
  if (anchor.kind === 'trigger') return graph.entryStepId
  const step = graph.steps.find((candidate) => candidate.id === anchor.stepId)
  if (!step) return ''
  return anchor.handle === 'else' ? (step.elseNext ?? '') : step.next
}

function setAnchorTarget(graph: WorkflowGraph, anchor: GraphAnchor, target: string): WorkflowGraph {
  if (anchor.kind === 'trigger') return { ...graph, entryStepId: target }
  return {
    ...graph,
    steps: graph.steps.map((step) => {
      if (step.id !== anchor.stepId) return step
      return anchor.handle === 'else' ? { ...step, elseNext: target } : { ...step, next: target }
    }),
  }
}

/** The fields a new step of `type` starts with, so the inspector has sensible values to show. */
export function newStep(type: WorkflowStepType, id: string): WorkflowStep {
  const base: WorkflowStep = { id, type, label: '', next: '' }
  switch (type) {
    case 'send_email':
      return { ...base, templateId: '', subject: '' }
    case 'wait':
      return { ...base, waitKind: 'duration', waitMinutes: 60 * 24 }
    case 'branch':
      return { ...base, branchKind: 'clicked', emailStepId: '', elseNext: '' }
    case 'update_field':
      return { ...base, field: '', value: '' }
    case 'add_tag':
    case 'remove_tag':
      return { ...base, tag: '' }
    case 'add_to_list':
    case 'remove_from_list':
      return { ...base, listId: '' }
    case 'set_stage':
      return { ...base, stage: '' }
    case 'adjust_score':
      return { ...base, scoreDelta: 10 }
    case 'create_task':
      return { ...base, memberId: '', title: '', dueInDays: 1 }
    case 'notify_member':
      return { ...base, memberId: '', message: '' }
    case 'call_webhook':
      return { ...base, endpointId: '' }
    case 'exit':
      return base
  }
}

/** Where a node goes when it is added after `anchor`: one row below, to the side for a branch's arms. */
function positionAfter(graph: WorkflowGraph, anchor: GraphAnchor, triggerPosition: { x: number; y: number }): { x: number; y: number } {
  if (anchor.kind === 'trigger') return { x: triggerPosition.x, y: triggerPosition.y + ROW_GAP }
  const source = graph.steps.find((step) => step.id === anchor.stepId)
  const x = source?.x ?? 0
  const y = source?.y ?? 0
  if (source?.type !== 'branch') return { x, y: y + ROW_GAP }
  return { x: x + (anchor.handle === 'else' ? BRANCH_OFFSET : -BRANCH_OFFSET), y: y + ROW_GAP }
}

/** Every step reachable from `start` (following next and elseNext). */
export function reachableFrom(graph: WorkflowGraph, start: string): Set<string> {
  const byId = stepIndex(graph)
  const seen = new Set<string>()
  const queue = [start]
  while (queue.length > 0) {
    const id = queue.pop()
    if (!id || seen.has(id)) continue
    const step = byId.get(id)
    if (!step) continue
    seen.add(id)
    queue.push(step.next, step.elseNext ?? '')
  }
  return seen
}

/**
 * Puts a new step between `anchor` and what it pointed at. What followed moves one row down so
 * the new node does not sit on top of it. Returns the graph unchanged at the step limit.
 */
export function insertStep(
  graph: WorkflowGraph,
  anchor: GraphAnchor,
  type: WorkflowStepType,
  id: string,
  triggerPosition = triggerNodePosition(graph),
): WorkflowGraph {
  if (graph.steps.length >= WORKFLOW_LIMITS.steps) return graph
  if (anchor.kind === 'step') {
    const source = graph.steps.find((step) => step.id === anchor.stepId)
    // Nothing follows an exit, and only a branch has a No arm.
    if (!source || source.type === 'exit' || (anchor.handle === 'else' && source.type !== 'branch')) return graph
  }
  const target = anchorTarget(graph, anchor)
  const position = positionAfter(graph, anchor, triggerPosition)
  // An exit ends the path: what followed the anchor is left for the user to reconnect or delete.
  const step: WorkflowStep = { ...newStep(type, id), next: type === 'exit' ? '' : target, ...position }
  const below = type === 'exit' ? new Set<string>() : reachableFrom(graph, target)
  const shifted: WorkflowGraph = {
    ...graph,
    steps: graph.steps.map((existing) => (below.has(existing.id) ? { ...existing, y: (existing.y ?? 0) + ROW_GAP } : existing)),
  }
  return setAnchorTarget({ ...shifted, steps: [...shifted.steps, step] }, anchor, id)
}

/** Points `anchor` at `targetId` (a dragged connection). A step cannot follow itself; exits lead nowhere. */
export function connect(graph: WorkflowGraph, anchor: GraphAnchor, targetId: string): WorkflowGraph {
  if (!graph.steps.some((step) => step.id === targetId)) return graph
  if (anchor.kind === 'step') {
    const source = graph.steps.find((step) => step.id === anchor.stepId)
    if (!source || source.id === targetId || source.type === 'exit') return graph
    if (anchor.handle === 'else' && source.type !== 'branch') return graph
  }
  return setAnchorTarget(graph, anchor, targetId)
}

export function disconnect(graph: WorkflowGraph, anchor: GraphAnchor): WorkflowGraph {
  return setAnchorTarget(graph, anchor, '')
}

/**
 * Removes steps; whatever pointed at a removed step now points at what followed it (its `next`),
 * so deleting the middle of a chain keeps the chain. A removed branch's No arm stays on the
 * canvas, unconnected, for the user to reconnect or delete.
 */
export function removeSteps(graph: WorkflowGraph, ids: ReadonlySet<string>): WorkflowGraph {
  if (ids.size === 0) return graph
  const byId = stepIndex(graph)
  const resolve = (id: string): string => {
    const seen = new Set<string>()
    let current = id
    while (ids.has(current)) {
      if (seen.has(current)) return ''
      seen.add(current)
      current = byId.get(current)?.next ?? ''
    }
    return current
  }
  return {
    ...graph,
    entryStepId: resolve(graph.entryStepId),
    steps: graph.steps
      .filter((step) => !ids.has(step.id))
      .map((step) => {
        const next = resolve(step.next)
        const elseNext = step.elseNext === undefined ? undefined : resolve(step.elseNext)
        if (next === step.next && elseNext === step.elseNext) return step
        return elseNext === undefined ? { ...step, next } : { ...step, next, elseNext }
      }),
  }
}

/** Changes a step's own fields (never its id or links: those go through the edits above). */
export function updateStep(graph: WorkflowGraph, stepId: string, patch: Partial<Omit<WorkflowStep, 'id' | 'next' | 'elseNext'>>): WorkflowGraph {
  let changed = false
  const steps = graph.steps.map((step) => {
    if (step.id !== stepId) return step
    changed = true
    const next = { ...step, ...patch }
    // A branch keeps an else pointer; other types do not need one.
    if (next.type === 'branch' && next.elseNext === undefined) next.elseNext = ''
    return next
  })
  return changed ? { ...graph, steps } : graph
}

export function moveSteps(graph: WorkflowGraph, positions: ReadonlyMap<string, { x: number; y: number }>): WorkflowGraph {
  if (positions.size === 0) return graph
  let changed = false
  const steps = graph.steps.map((step) => {
    const position = positions.get(step.id)
    if (!position) return step
    const x = Math.round(position.x)
    const y = Math.round(position.y)
    if (x === step.x && y === step.y) return step
    changed = true
    return { ...step, x, y }
  })
  return changed ? { ...graph, steps } : graph
}

export function setTrigger(graph: WorkflowGraph, trigger: WorkflowTrigger): WorkflowGraph {
  return { ...graph, trigger }
}

/** The trigger is not a stored step: it sits one row above the first step (or at the origin). */
export function triggerNodePosition(graph: WorkflowGraph): { x: number; y: number } {
  const entry = graph.steps.find((step) => step.id === graph.entryStepId)
  if (!entry) return { x: 0, y: 0 }
  return { x: entry.x ?? 0, y: (entry.y ?? 0) - ROW_GAP }
}

/** Every pointer of the graph, for checking it stays well-formed. */
export function danglingPointers(graph: WorkflowGraph): string[] {
  const ids = new Set(graph.steps.map((step) => step.id))
  const pointers = [graph.entryStepId, ...graph.steps.flatMap((step) => [step.next, step.elseNext ?? ''])]
  return pointers.filter((pointer) => pointer !== '' && !ids.has(pointer))
}
