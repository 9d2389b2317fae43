import { activitySchema } from './activities'
import { companySchema } from './companies'
import { contactMigrationStrategies, contactSchema } from './contacts'
import { settingSchema } from './settings'

export * from './activities'
export * from './companies'
export * from './contacts'
export * from './lifecycle'
export * from './settings'

/** Every synced collection: its schema and the migrations from older versions. ≤ 12 (RxDB free tier). */
export const collectionSchemas = {
  contacts: { schema: contactSchema, migrationStrategies: contactMigrationStrategies },
  companies: { schema: companySchema, migrationStrategies: {} },
  activities: { schema: activitySchema, migrationStrategies: {} },
  settings: { schema: settingSchema, migrationStrategies: {} },
} as const

export type CollectionName = keyof typeof collectionSchemas
