import { activitySchema } from './activities'
import { companySchema } from './companies'
import { contactMigrationStrategies, contactSchema } from './contacts'
import { memberSchema } from './members'
import { settingSchema } from './settings'

export * from './activities'
export * from './companies'
export * from './contacts'
export * from './lifecycle'
export * from './members'
export * from './settings'

/** Every synced collection: its schema and the migrations from older versions. ≤ 12 (RxDB free tier). */
export const collectionSchemas = {
  contacts: { schema: contactSchema, migrationStrategies: contactMigrationStrategies },
  companies: { schema: companySchema, migrationStrategies: {} },
  activities: { schema: activitySchema, migrationStrategies: {} },
  settings: { schema: settingSchema, migrationStrategies: {} },
  members: { schema: memberSchema, migrationStrategies: {} },
} as const

export type CollectionName = keyof typeof collectionSchemas

export const collectionNames = Object.keys(collectionSchemas) as CollectionName[]

/** Collections only the sync server writes; clients pull them and never push. */
export const serverAuthoredCollections: ReadonlySet<CollectionName> = new Set<CollectionName>(['members'])

export function isCollectionName(name: unknown): name is CollectionName {
  return typeof name === 'string' && Object.hasOwn(collectionSchemas, name)
}
