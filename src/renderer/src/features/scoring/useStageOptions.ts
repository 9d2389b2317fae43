import { useMemo } from 'react'
import type { LifecycleStage } from '@core/schema'
import { useLifecycleSettings } from './useLifecycleSettings'

/**
 * Stage choices for pickers: the stages in use, named as the workspace calls them, plus the
 * contact's current stage even if it is no longer in use (so the picker never lies about it).
 */
export function useStageOptions(current?: LifecycleStage): { value: LifecycleStage; label: string }[] {
  const { settings } = useLifecycleSettings()
  return useMemo(
    () => settings.stages.filter((entry) => entry.enabled || entry.stage === current).map((entry) => ({ value: entry.stage, label: entry.label })),
    [settings, current],
  )
}
