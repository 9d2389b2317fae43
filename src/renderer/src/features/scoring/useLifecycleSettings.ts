import { useMemo } from 'react'
import { lifecycleLabels, lifecycleSettingsFrom, type LifecycleSettings } from '@core/lifecycle/lifecycleSettings'
import { LIFECYCLE_SETTINGS_ID, type LifecycleStage } from '@core/schema'
import { useSettingItem } from '../../data/crmHooks'

/** The workspace's lifecycle settings (defaults until saved) and stage labels; `loaded` is false while reading. */
export function useLifecycleSettings(): { settings: LifecycleSettings; labels: Record<LifecycleStage, string>; loaded: boolean } {
  const doc = useSettingItem(LIFECYCLE_SETTINGS_ID)
  return useMemo(() => {
    const settings = lifecycleSettingsFrom(doc)
    return { settings, labels: lifecycleLabels(settings), loaded: doc !== undefined }
  }, [doc])
}
