import type { RxDocument, RxQuery } from 'rxdb'
import type { Activity } from '@core/schema'
import { useData } from '../../data/dataContext'
import { useRxQueryResult } from '../../data/hooks'

/**
 * Every task (open and done); undefined while loading. Activities have no index on kind, but
 * a workspace holds thousands of activities, not 100,000, so one reactive scan is cheap.
 */
export function useTasks(): Activity[] | undefined {
  const { db } = useData()
  return useRxQueryResult<Activity>(() => db.activities.find({ selector: { kind: 'task' } }) as unknown as RxQuery<Activity, RxDocument<Activity>[]>, [db])
}
