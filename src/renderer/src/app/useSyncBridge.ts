import { useEffect } from 'react'
import { useAppDispatch } from './store'
import { useData } from '../data/dataContext'
import { syncSnapshotReceived } from './syncSlice'

/** Mirrors the sync controller's snapshots (never the token) into the Redux sync slice. */
export function useSyncBridge(): void {
  const { sync } = useData()
  const dispatch = useAppDispatch()
  useEffect(() => {
    dispatch(syncSnapshotReceived(sync.getSnapshot()))
    return sync.subscribe(() => dispatch(syncSnapshotReceived(sync.getSnapshot())))
  }, [sync, dispatch])
}
