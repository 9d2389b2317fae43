import { useMemo, useSyncExternalStore } from 'react'
import type { RxDocument, RxQuery } from 'rxdb'
import { isPipelineSetting, type Deal, type Member, type PipelineSetting, type Setting } from '@core/schema'
import { useData } from './dataContext'
import { useRxQueryResult } from './hooks'

// Reactive reads shared by the CRM screens (deals, tasks, feed, dashboard).

/** The signed-in member's id, or null while local only. */
export function useCurrentMemberId(): string | null {
  const { sync } = useData()
  return useSyncExternalStore(sync.subscribe, () => sync.getSnapshot().account?.user.id ?? null)
}

/** Workspace members by name (empty while local only). */
export function useMembers(): Member[] | undefined {
  const { db } = useData()
  return useRxQueryResult<Member>(() => db.members.find({ sort: [{ name: 'asc' }] }) as unknown as RxQuery<Member, RxDocument<Member>[]>, [db])
}

/** Every deal (open, won and lost); undefined while loading. */
export function useDeals(): Deal[] | undefined {
  const { db } = useData()
  return useRxQueryResult<Deal>(() => db.deals.find() as unknown as RxQuery<Deal, RxDocument<Deal>[]>, [db])
}

/** Pipelines in order (position, then name). */
export function usePipelines(): PipelineSetting[] | undefined {
  const { db } = useData()
  const settings = useRxQueryResult<Setting>(() => db.settings.find({ selector: { kind: 'pipeline' } }) as unknown as RxQuery<Setting, RxDocument<Setting>[]>, [db])
  return useMemo(
    () => settings?.filter(isPipelineSetting).sort((a, b) => a.position - b.position || a.label.localeCompare(b.label)),
    [settings],
  )
}
