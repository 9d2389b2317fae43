import type { WorkflowGraph, WorkflowStep, WorkflowTrigger } from '../schema'
import type { DripItem } from './types'

// A drip sequence is stored as a plain linear workflow, so one engine runs both:
// [wait delay] → send_email → [wait delay] → send_email … An email with no delay has no wait step.

/** The drip items of a graph, or null when it is not a plain drip (anything besides duration waits and emails, or not one straight line). */
export function dripFromGraph(graph: WorkflowGraph): DripItem[] | null {
  const byId = new Map(graph.steps.map((step) => [step.id, step]))
  if (byId.size !== graph.steps.length) return null
  const items: DripItem[] = []
  const seen = new Set<string>()
  let delayMinutes = 0
  let pendingWait = false
  let stepId = graph.entryStepId
  while (stepId !== '') {
    const step = byId.get(stepId)
    if (!step || seen.has(stepId)) return null
    seen.add(stepId)
    if (step.type === 'wait') {
      if (pendingWait || (step.waitKind ?? 'duration') !== 'duration') return null
      delayMinutes = step.waitMinutes ?? 0
      pendingWait = true
    } else if (step.type === 'send_email') {
      items.push({ stepId: step.id, templateId: step.templateId ?? '', subject: step.subject ?? '', delayMinutes })
      delayMinutes = 0
      pendingWait = false
    } else {
      return null
    }
    stepId = step.next
  }
  // A trailing wait or steps off the line would be lost in the list form.
  if (pendingWait || seen.size !== graph.steps.length) return null
  return items
}

/** The linear graph of a drip; wait steps get fresh ids, emails keep theirs (a missing one gets a fresh id). */
export function graphFromDrip(items: readonly DripItem[], trigger: WorkflowTrigger, newId: () => string): WorkflowGraph {
  const steps: WorkflowStep[] = []
  for (const item of items) {
    if (item.delayMinutes > 0) steps.push({ id: newId(), type: 'wait', waitKind: 'duration', waitMinutes: item.delayMinutes, next: '' })
    const send: WorkflowStep = { id: item.stepId === '' ? newId() : item.stepId, type: 'send_email', templateId: item.templateId, next: '' }
    if (item.subject !== '') send.subject = item.subject
    steps.push(send)
  }
  steps.forEach((step, index) => {
    step.next = steps[index + 1]?.id ?? ''
  })
  return { trigger, entryStepId: steps[0]?.id ?? '', steps }
}
