import { useMemo } from 'react'
import { lifecycleLabels, lifecycleSettingsFrom, type LifecycleSettings } from '@core/lifecycle/lifecycleSettings'
import type { LifecycleStage } from '@core/schema'
import { useSettingSingleton } from '../../data/settingSingletons'

/** The workspace's lifecycle settings (defaults until saved) and stage labels; `loaded` is false while reading. */
export function useLifecycleSettings(): { settings: LifecycleSettings; labels: Record<LifecycleStage, string>; loaded: boolean } {
  const doc = useSettingSingleton('lifecycle')
  return useMemo(() => {
    const settings = lifecycleSettingsFrom(doc)
    return { settings, labels: lifecycleLabels(settings), loaded: doc !== undefined }
  }, [doc])
}
