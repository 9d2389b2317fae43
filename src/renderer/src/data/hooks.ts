import { useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import type { RxDocument, RxQuery } from 'rxdb'
import type { Company, CustomFieldDefinition } from '@core/schema'
import type { ContactIndex } from './contactIndex'
import { useData } from './dataContext'

/** Re-renders when the contact index changes; returns its version for memo keys. */
export function useContactIndexVersion(index: ContactIndex): number {
  return useSyncExternalStore(index.subscribe, index.getVersion)
}

/**
 * Subscribes to a reactive RxDB query and returns plain documents (undefined while loading).
 * `makeQuery` is re-run when `deps` change.
 */
export function useRxQueryResult<T>(makeQuery: () => RxQuery<T, RxDocument<T>[]>, deps: readonly unknown[]): T[] | undefined {
  const [result, setResult] = useState<T[] | undefined>(undefined)
  useEffect(() => {
    const subscription = makeQuery().$.subscribe((docs) => setResult(docs.map((doc) => doc.toJSON() as T)))
    return () => subscription.unsubscribe()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps)
  return result
}

/** One document by id, reactive; null when it does not exist (or was deleted), undefined while loading. */
export function useRxDocument<T>(makeQuery: () => RxQuery<T, RxDocument<T> | null>, deps: readonly unknown[]): T | null | undefined {
  const [result, setResult] = useState<T | null | undefined>(undefined)
  useEffect(() => {
    setResult(undefined)
    const subscription = makeQuery().$.subscribe((doc) => setResult(doc ? (doc.toJSON() as T) : null))
    return () => subscription.unsubscribe()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps)
  return result
}

export function useCompanies(): Company[] | undefined {
  const { db } = useData()
  return useRxQueryResult<Company>(() => db.companies.find({ sort: [{ name: 'asc' }] }) as unknown as RxQuery<Company, RxDocument<Company>[]>, [db])
}

export function useCustomFieldDefinitions(): CustomFieldDefinition[] {
  const { db } = useData()
  const settings = useRxQueryResult(() => db.settings.find({ selector: { kind: 'customField' } }), [db])
  return useMemo(
    () => ((settings ?? []) as CustomFieldDefinition[]).slice().sort((a, b) => a.position - b.position || a.label.localeCompare(b.label)),
    [settings],
  )
}
