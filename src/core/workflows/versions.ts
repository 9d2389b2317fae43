import type { PublishedWorkflow, Workflow, WorkflowGraph, WorkflowSettings, WorkflowTrigger } from '../schema'

// Versioning: the builder edits `graph`/`settings`; activating copies them into `published` with
// the next version number. The server runs `published` only, and contacts already inside an older
// version finish on it (the server keeps every version it has seen).

/** The next published copy of `workflow`. Drips always leave on unsubscribe. */
export function publishWorkflow(workflow: Workflow, memberId: string, now: number): PublishedWorkflow {
  return {
    version: (workflow.published?.version ?? 0) + 1,
    graph: clone(workflow.graph),
    settings: effectiveSettings(workflow),
    publishedAt: now,
    publishedBy: memberId,
  }
}

/**
 * True when there is nothing published yet or the working copy differs from what runs. Where a
 * step sits on the canvas changes nothing that runs, so moving one is not a change.
 */
export function hasUnpublishedChanges(workflow: Workflow): boolean {
  const { published } = workflow
  if (!published) return true
  return canonicalJson(withoutPositions(workflow.graph)) !== canonicalJson(withoutPositions(published.graph)) || canonicalJson(effectiveSettings(workflow)) !== canonicalJson(published.settings)
}

/** An empty graph with `trigger`: no steps yet. */
export function newWorkflowGraph(trigger: WorkflowTrigger): WorkflowGraph {
  return { trigger: clone(trigger), entryStepId: '', steps: [] }
}

function withoutPositions(graph: WorkflowGraph): WorkflowGraph {
  return { ...graph, steps: graph.steps.map(({ x: _x, y: _y, ...step }) => step) }
}

function effectiveSettings(workflow: Workflow): WorkflowSettings {
  const settings = clone(workflow.settings)
  if (workflow.kind === 'drip') settings.exitOnUnsubscribe = true
  return settings
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

/** JSON with object keys sorted: documents read back from storage may order keys differently. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  )
}
