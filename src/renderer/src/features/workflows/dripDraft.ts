import type { SegmentRules, WorkflowGraph, WorkflowSettings, WorkflowTrigger } from '@core/schema'
import { dripFromGraph, graphFromDrip } from '@core/workflows/drip'
import type { DripItem } from '@core/workflows/types'

// The drip editor's working state and its way to and from the stored workflow (graph + settings).

/** How contacts join a drip (the subset of triggers the drip editor offers). */
export const DRIP_TRIGGER_TYPES = ['segment_entered', 'tag_added', 'contact_created', 'manual'] as const
export type DripTriggerType = (typeof DRIP_TRIGGER_TYPES)[number]

export const DRIP_TRIGGER_LABELS: Record<DripTriggerType, string> = {
  segment_entered: 'When the contact enters a segment',
  tag_added: 'When a tag is added to the contact',
  contact_created: 'When a contact is created',
  manual: 'Only when added by hand',
}

export interface DripDraft {
  items: DripItem[]
  trigger: WorkflowTrigger
  /** Null: no goal (the contact gets every email unless it unsubscribes or is removed). */
  goal: SegmentRules | null
}

export function isDripTriggerType(type: string): type is DripTriggerType {
  return (DRIP_TRIGGER_TYPES as readonly string[]).includes(type)
}

/** The draft of a stored drip; null when the graph is no longer a plain list of emails (edited in the builder). */
export function draftFromWorkflow(graph: WorkflowGraph, settings: WorkflowSettings): DripDraft | null {
  const items = dripFromGraph(graph)
  if (!items) return null
  return { items, trigger: graph.trigger, goal: settings.goal ?? null }
}

/**
 * The graph and settings to store. Wait steps keep the id they had before the same email, so
 * saving an unchanged delay never renames a step (the runs panel counts by step id).
 */
export function workflowFromDraft(draft: DripDraft, previous: WorkflowGraph, settings: WorkflowSettings, newId: () => string): { graph: WorkflowGraph; settings: WorkflowSettings } {
  const waitBefore = new Map<string, string>()
  for (const step of previous.steps) {
    if (step.type === 'wait' && step.next !== '') waitBefore.set(step.next, step.id)
  }
  // graphFromDrip asks for ids only for wait steps (every item has an id), in item order.
  const waitIds = draft.items.filter((item) => item.delayMinutes > 0).map((item) => waitBefore.get(item.stepId))
  let index = 0
  const reuse = () => waitIds[index++] ?? newId()
  const graph = graphFromDrip(draft.items, draft.trigger, reuse)
  const { goal: _previousGoal, ...rest } = settings
  const nextSettings: WorkflowSettings = { ...rest, exitOnUnsubscribe: true }
  if (draft.goal) nextSettings.goal = draft.goal
  return { graph, settings: nextSettings }
}

export const DELAY_UNITS = [
  { value: 'minutes', label: 'minutes', minutes: 1 },
  { value: 'hours', label: 'hours', minutes: 60 },
  { value: 'days', label: 'days', minutes: 1_440 },
] as const
export type DelayUnit = (typeof DELAY_UNITS)[number]['value']

/** A delay in the largest unit that shows it whole (90 → 90 minutes, 120 → 2 hours, 2880 → 2 days). */
export function splitDelay(minutes: number): { amount: number; unit: DelayUnit } {
  if (minutes > 0 && minutes % 1_440 === 0) return { amount: minutes / 1_440, unit: 'days' }
  if (minutes > 0 && minutes % 60 === 0) return { amount: minutes / 60, unit: 'hours' }
  return { amount: minutes, unit: 'minutes' }
}

export function joinDelay(amount: number, unit: DelayUnit): number {
  const factor = DELAY_UNITS.find((candidate) => candidate.value === unit)?.minutes ?? 1
  return Math.max(0, Math.round(amount * factor))
}

/** Moves the item at `from` to `to` (out-of-range moves change nothing). */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= items.length || to >= items.length) return [...items]
  const next = [...items]
  const [moved] = next.splice(from, 1)
  if (moved !== undefined) next.splice(to, 0, moved)
  return next
}
