import { useSyncExternalStore } from 'react'
import { LIFECYCLE_STAGE_LABELS, type LifecycleStage } from '@core/schema'

// The workspace's stage names for every pill on screen. One store fed by CrmAutomation (mounted
// once) instead of a settings query per pill: a contacts table shows thousands of them.

type StageLabels = Readonly<Record<LifecycleStage, string>>

let current: StageLabels = LIFECYCLE_STAGE_LABELS
const listeners = new Set<() => void>()

export function setStageLabels(next: StageLabels): void {
  if (Object.entries(next).every(([stage, label]) => current[stage as LifecycleStage] === label)) return
  current = next
  for (const listener of listeners) listener()
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function useStageLabels(): StageLabels {
  return useSyncExternalStore(subscribe, () => current)
}
