import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb'
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema'
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie'
import { collectionSchemas, type Activity, type Company, type Contact, type Setting } from '@core/schema'
import { wrappedPrecompiledValidationStorage } from './validatedStorage'

addRxPlugin(RxDBMigrationSchemaPlugin)

export type ContactCollection = RxCollection<Contact>
export type CompanyCollection = RxCollection<Company>
export type ActivityCollection = RxCollection<Activity>
export type SettingCollection = RxCollection<Setting>

export interface OutpostCollections {
  contacts: ContactCollection
  companies: CompanyCollection
  activities: ActivityCollection
  settings: SettingCollection
}

export type OutpostDatabase = RxDatabase<OutpostCollections>

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
    name: options.name ?? 'outpost',
    storage,
    multiInstance: true,
    eventReduce: true,
    closeDuplicates: true,
  })
  await db.addCollections({
    contacts: { schema: collectionSchemas.contacts.schema, migrationStrategies: collectionSchemas.contacts.migrationStrategies },
    companies: { schema: collectionSchemas.companies.schema },
    activities: { schema: collectionSchemas.activities.schema },
    settings: { schema: collectionSchemas.settings.schema },
  })
  return db
}

let opening: Promise<OutpostDatabase> | null = null

/** The app's one database, created outside React on first use. */
export function getDatabase(): Promise<OutpostDatabase> {
  opening ??= createOutpostDatabase()
  return opening
}
