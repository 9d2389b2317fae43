import { useSyncExternalStore } from 'react'
import { useData } from '../../data/dataContext'
import { scoreServiceFor, type ScoreService, type ScoreServiceSnapshot } from './scoreService'

/** The workspace's score service and its current state (re-renders as scores, config or progress change). */
export function useScoreService(): { service: ScoreService; snapshot: ScoreServiceSnapshot } {
  const { db, contacts } = useData()
  const service = scoreServiceFor(db, contacts)
  const snapshot = useSyncExternalStore(service.subscribe, service.getSnapshot)
  return { service, snapshot }
}
