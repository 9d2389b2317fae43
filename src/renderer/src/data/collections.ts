import { addRxPlugin, type RxCollection, type RxCollectionCreator, type RxDatabase } from 'rxdb'
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema'
import {
  collectionSchemas,
  type Activity,
  type Campaign,
  type Company,
  type Contact,
  type Deal,
  type EngagementEvent,
  type Member,
  type Segment,
  type Setting,
  type Template,
  type Workflow,
} from '@core/schema'
import { fieldClockConflictHandler } from './sync/conflictHandler'

// The collection definitions without storage or validators (which need the build-time
// `virtual:` module), so Node tests can open a replicating database with exactly these.

// Collections migrate from older schema versions on open.
addRxPlugin(RxDBMigrationSchemaPlugin)

/** The database used while "Local only"; the first workspace this device signs into adopts it. */
export const LOCAL_DATABASE_NAME = 'outpost'

export type ContactCollection = RxCollection<Contact>
export type CompanyCollection = RxCollection<Company>
export type ActivityCollection = RxCollection<Activity>
export type SettingCollection = RxCollection<Setting>
export type MemberCollection = RxCollection<Member>
export type SegmentCollection = RxCollection<Segment>
export type TemplateCollection = RxCollection<Template>
export type CampaignCollection = RxCollection<Campaign>
export type EventCollection = RxCollection<EngagementEvent>
export type DealCollection = RxCollection<Deal>
export type WorkflowCollection = RxCollection<Workflow>

export interface OutpostCollections {
  contacts: ContactCollection
  companies: CompanyCollection
  activities: ActivityCollection
  settings: SettingCollection
  /** Written by the sync server only; this device pulls it and never pushes. */
  members: MemberCollection
  segments: SegmentCollection
  templates: TemplateCollection
  campaigns: CampaignCollection
  /** Engagement events, written by the sync server only (a recent window). */
  events: EventCollection
  deals: DealCollection
  workflows: WorkflowCollection
}

export type OutpostDatabase = RxDatabase<OutpostCollections>

/** Every collection of src/core's `collectionSchemas`, each resolving conflicts with the core field merge. */
export function outpostCollectionCreators(): { [Name in keyof OutpostCollections]: RxCollectionCreator } {
  return {
    contacts: {
      schema: collectionSchemas.contacts.schema,
      migrationStrategies: collectionSchemas.contacts.migrationStrategies,
      conflictHandler: fieldClockConflictHandler<Contact>(),
    },
    companies: {
      schema: collectionSchemas.companies.schema,
      migrationStrategies: collectionSchemas.companies.migrationStrategies,
      conflictHandler: fieldClockConflictHandler<Company>(),
    },
    activities: {
      schema: collectionSchemas.activities.schema,
      migrationStrategies: collectionSchemas.activities.migrationStrategies,
      conflictHandler: fieldClockConflictHandler<Activity>(),
    },
    settings: {
      schema: collectionSchemas.settings.schema,
      migrationStrategies: collectionSchemas.settings.migrationStrategies,
      conflictHandler: fieldClockConflictHandler<Setting>(),
    },
    members: { schema: collectionSchemas.members.schema, conflictHandler: fieldClockConflictHandler<Member>() },
    segments: { schema: collectionSchemas.segments.schema, conflictHandler: fieldClockConflictHandler<Segment>() },
    templates: { schema: collectionSchemas.templates.schema, conflictHandler: fieldClockConflictHandler<Template>() },
    campaigns: {
      schema: collectionSchemas.campaigns.schema,
      migrationStrategies: collectionSchemas.campaigns.migrationStrategies,
      conflictHandler: fieldClockConflictHandler<Campaign>(),
    },
    events: { schema: collectionSchemas.events.schema, conflictHandler: fieldClockConflictHandler<EngagementEvent>() },
    deals: { schema: collectionSchemas.deals.schema, conflictHandler: fieldClockConflictHandler<Deal>() },
    workflows: { schema: collectionSchemas.workflows.schema, conflictHandler: fieldClockConflictHandler<Workflow>() },
  }
}
