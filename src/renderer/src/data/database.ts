import { createRxDatabase, type RxStorage } from 'rxdb'
import { collectionNames, type CollectionName } from '@core/schema'
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie'
import { LOCAL_DATABASE_NAME, outpostCollectionCreators, type OutpostCollections, type OutpostDatabase } from './collections'
import { wrappedPrecompiledValidationStorage } from './validatedStorage'

export type {
  ActivityCollection,
  CampaignCollection,
  CompanyCollection,
  ContactCollection,
  DealCollection,
  EventCollection,
  MemberCollection,
  OutpostCollections,
  OutpostDatabase,
  SegmentCollection,
  SettingCollection,
  TemplateCollection,
} from './collections'

export { LOCAL_DATABASE_NAME } from './collections'

export interface DatabaseOptions {
  name?: string
  /** Defaults to Dexie over the browser's IndexedDB; tests pass fake-indexeddb. */
  storage?: RxStorage<unknown, unknown>
  /**
   * Tests that open two devices in one process: only these collections (RxDB's free tier allows
   * 13 open collections per process). The app always opens every collection.
   */
  collections?: readonly CollectionName[]
  /**
   * Whether other tabs of this browser profile may open the same database (RxDB then broadcasts
   * every write to them and elects one tab to replicate). Default true.
   */
  multiInstance?: boolean
}

/**
 * Every write is validated against the one schema in src/core before it reaches IndexedDB,
 * so nothing schema-invalid is ever stored (and later pushed).
 */
export async function createOutpostDatabase(options: DatabaseOptions = {}): Promise<OutpostDatabase> {
  const storage = wrappedPrecompiledValidationStorage({ storage: options.storage ?? getRxStorageDexie() })
  const db = await createRxDatabase<OutpostCollections>({
    name: options.name ?? LOCAL_DATABASE_NAME,
    storage,
    multiInstance: options.multiInstance ?? true,
    eventReduce: true,
    closeDuplicates: true,
  })
  const creators = outpostCollectionCreators()
  const names = options.collections ?? collectionNames
  await db.addCollections(Object.fromEntries(names.map((name) => [name, creators[name]])))
  return db
}
