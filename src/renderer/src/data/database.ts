import { createRxDatabase, type RxStorage } from 'rxdb'
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie'
import { LOCAL_DATABASE_NAME, outpostCollectionCreators, type OutpostCollections, type OutpostDatabase } from './collections'
import { wrappedPrecompiledValidationStorage } from './validatedStorage'

export type {
  ActivityCollection,
  CompanyCollection,
  ContactCollection,
  MemberCollection,
  OutpostCollections,
  OutpostDatabase,
  SettingCollection,
} from './collections'

export { LOCAL_DATABASE_NAME } from './collections'

export interface DatabaseOptions {
  name?: string
  /** Defaults to Dexie over the browser's IndexedDB; tests pass fake-indexeddb. */
  storage?: RxStorage<unknown, unknown>
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
    multiInstance: true,
    eventReduce: true,
    closeDuplicates: true,
  })
  await db.addCollections(outpostCollectionCreators())
  return db
}
