import { LIFECYCLE_STAGES, LIFECYCLE_STAGE_LABELS, type LifecycleStage } from '../schema/lifecycle'
import type { LifecycleAutomation, Setting } from '../schema/settings'
import { DEFAULT_LIFECYCLE_AUTOMATION } from './stageMoves'

export interface LifecycleStageConfig {
  stage: LifecycleStage
  label: string
  enabled: boolean
}

export interface LifecycleSettings {
  /** Every stage in funnel order ('other' last), with the workspace's label and whether it is in use. */
  stages: LifecycleStageConfig[]
  automation: LifecycleAutomation
}

export const LIFECYCLE_LABEL_MAX_LENGTH = 40

/** The workspace's lifecycle settings from its settings doc; built-in labels and everything on when not saved. */
export function lifecycleSettingsFrom(setting: Setting | null | undefined): LifecycleSettings {
  const saved = setting?.kind === 'lifecycle' ? setting : undefined
  const byStage = new Map((saved?.lifecycleStages ?? []).map((entry) => [entry.stage, entry]))
  const stages = LIFECYCLE_STAGES.map((stage) => {
    const entry = byStage.get(stage)
    const label = entry?.label.trim() || LIFECYCLE_STAGE_LABELS[stage]
    return { stage, label, enabled: entry?.enabled ?? true }
  })
  return { stages, automation: { ...DEFAULT_LIFECYCLE_AUTOMATION, ...saved?.automation } }
}

/** Stage → label, for pills, pickers and charts. */
export function lifecycleLabels(settings: LifecycleSettings): Record<LifecycleStage, string> {
  const labels = { ...LIFECYCLE_STAGE_LABELS }
  for (const { stage, label } of settings.stages) labels[stage] = label
  return labels
}

/** Problems with edited stage settings, by stage (empty when they can be saved). */
export function validateLifecycleStages(stages: readonly LifecycleStageConfig[]): Partial<Record<LifecycleStage, string>> {
  const problems: Partial<Record<LifecycleStage, string>> = {}
  const seen = new Map<string, LifecycleStage>()
  for (const { stage, label } of stages) {
    const trimmed = label.trim()
    if (trimmed === '') problems[stage] = 'Give the stage a name.'
    else if (trimmed.length > LIFECYCLE_LABEL_MAX_LENGTH) problems[stage] = `At most ${LIFECYCLE_LABEL_MAX_LENGTH} characters.`
    else {
      const other = seen.get(trimmed.toLowerCase())
      if (other) problems[stage] = 'Another stage already has this name.'
      else seen.set(trimmed.toLowerCase(), stage)
    }
  }
  if (!stages.some((entry) => entry.enabled && entry.stage !== 'other')) {
    problems.subscriber = problems.subscriber ?? 'Keep at least one stage of the funnel in use.'
  }
  return problems
}
