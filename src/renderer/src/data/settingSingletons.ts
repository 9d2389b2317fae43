import { useMemo } from 'react'
import type { RxDocument, RxQuery } from 'rxdb'
import { map, type Observable } from 'rxjs'
import { canonicalSetting, type Setting, type SingletonSettingKind } from '@core/schema'
import type { DocFields } from '@core/sync/localChange'
import type { OutpostDatabase } from './database'
import { useData } from './dataContext'
import { useRxQueryResult } from './hooks'
import { insertSyncedDoc, patchSyncedDoc } from './syncedWrites'

// The workspace-wide settings items (lead scoring, lifecycle): one per workspace, read as the
// canonical item of its kind (see canonicalSetting: ids cannot be fixed on a shared server).

function kindQuery(db: OutpostDatabase, kind: SingletonSettingKind): RxQuery<Setting, RxDocument<Setting>[]> {
  return db.settings.find({ selector: { kind } }) as unknown as RxQuery<Setting, RxDocument<Setting>[]>
}

/** The item of `kind`, reactive: null when none exists yet, undefined while loading. */
export function useSettingSingleton(kind: SingletonSettingKind): Setting | null | undefined {
  const { db } = useData()
  const items = useRxQueryResult<Setting>(() => kindQuery(db, kind), [db, kind])
  return useMemo(() => (items === undefined ? undefined : (canonicalSetting(items) ?? null)), [items])
}

/** The item of `kind` as it changes (null when none). */
export function settingSingleton$(db: OutpostDatabase, kind: SingletonSettingKind): Observable<Setting | null> {
  return kindQuery(db, kind).$.pipe(map((docs) => canonicalSetting(docs.map((doc) => doc.toJSON() as Setting)) ?? null))
}

export async function findSettingSingleton(db: OutpostDatabase, kind: SingletonSettingKind): Promise<Setting | null> {
  const docs = await kindQuery(db, kind).exec()
  return canonicalSetting(docs.map((doc) => doc.toJSON() as Setting)) ?? null
}

/** Applies `fields` to the item of `kind`, creating it on first save. */
export async function saveSettingSingleton(
  db: OutpostDatabase,
  kind: SingletonSettingKind,
  fields: Partial<Omit<DocFields<Setting>, 'kind' | 'createdAt'>>,
): Promise<void> {
  const current = await findSettingSingleton(db, kind)
  if (current && (await patchSyncedDoc<Setting>(db.settings, current.id, fields))) return
  await insertSyncedDoc<Setting>(db.settings, { ...fields, kind } as Omit<DocFields<Setting>, 'createdAt'>)
}
