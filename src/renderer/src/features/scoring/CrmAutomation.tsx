import { useEffect, useRef } from 'react'
import { useData } from '../../data/dataContext'
import { ScoreAutomationRunner } from './scoreAutomation'
import { scoreServiceFor } from './scoreService'
import { setStageLabels } from './stageLabels'
import { useLifecycleSettings } from './useLifecycleSettings'

/**
 * Mounted once in the shell: keeps scores computed, moves contacts across the MQL/SQL thresholds,
 * and publishes the workspace's stage names to the stage pills.
 */
export function CrmAutomation() {
  const { db, contacts } = useData()
  const { settings, labels, loaded } = useLifecycleSettings()
  const runnerRef = useRef<ScoreAutomationRunner | null>(null)

  useEffect(() => {
    const runner = new ScoreAutomationRunner(db, contacts, scoreServiceFor(db, contacts))
    runner.start()
    runnerRef.current = runner
    return () => {
      runner.stop()
      runnerRef.current = null
    }
  }, [db, contacts])

  useEffect(() => {
    // Until the settings doc is read, "off" might be the truth: move nobody yet.
    if (loaded) runnerRef.current?.setSettings(settings)
  }, [settings, loaded, db, contacts])

  useEffect(() => setStageLabels(labels), [labels])

  return null
}
