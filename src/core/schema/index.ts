import { activityMigrationStrategies, activitySchema } from './activities'
import { CAMPAIGN_SERVER_FIELDS, campaignMigrationStrategies, campaignSchema } from './campaigns'
import { companyMigrationStrategies, companySchema } from './companies'
import { dealSchema } from './deals'
import { CONTACT_SERVER_FIELDS, contactMigrationStrategies, contactSchema } from './contacts'
import { eventSchema } from './events'
import { memberSchema } from './members'
import { segmentSchema } from './segments'
import { settingMigrationStrategies, settingSchema } from './settings'
import { templateSchema } from './templates'
import { WORKFLOW_SERVER_FIELDS, workflowSchema } from './workflows'

export * from './activities'
export * from './campaigns'
export * from './companies'
export * from './contacts'
export * from './deals'
export * from './events'
export * from './lifecycle'
export * from './members'
export * from './segments'
export * from './settings'
export * from './templates'
export * from './workflows'

/** Every synced collection: its schema and the migrations from older versions. ≤ 12 (RxDB free tier). */
export const collectionSchemas = {
  contacts: { schema: contactSchema, migrationStrategies: contactMigrationStrategies },
  companies: { schema: companySchema, migrationStrategies: companyMigrationStrategies },
  activities: { schema: activitySchema, migrationStrategies: activityMigrationStrategies },
  settings: { schema: settingSchema, migrationStrategies: settingMigrationStrategies },
  members: { schema: memberSchema, migrationStrategies: {} },
  segments: { schema: segmentSchema, migrationStrategies: {} },
  templates: { schema: templateSchema, migrationStrategies: {} },
  campaigns: { schema: campaignSchema, migrationStrategies: campaignMigrationStrategies },
  events: { schema: eventSchema, migrationStrategies: {} },
  deals: { schema: dealSchema, migrationStrategies: {} },
  workflows: { schema: workflowSchema, migrationStrategies: {} },
} as const

export type CollectionName = keyof typeof collectionSchemas

export const collectionNames = Object.keys(collectionSchemas) as CollectionName[]

/** Collections only the sync server writes; clients pull them and never push. */
export const serverAuthoredCollections: ReadonlySet<CollectionName> = new Set<CollectionName>(['members', 'events'])

/** Fields of client-written collections that only the sync server writes: pushed values are ignored. */
export const serverOwnedFields: Partial<Record<CollectionName, readonly string[]>> = {
  contacts: CONTACT_SERVER_FIELDS,
  campaigns: CAMPAIGN_SERVER_FIELDS,
  workflows: WORKFLOW_SERVER_FIELDS,
}

export function isCollectionName(name: unknown): name is CollectionName {
  return typeof name === 'string' && Object.hasOwn(collectionSchemas, name)
}
