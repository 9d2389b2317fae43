import type { FromSchema } from 'json-schema-to-ts'
import { ZERO_STAMP } from '../hlc'
import { clockProperty, idProperty, tagsProperty, timestampProperty } from './common'
import { LIFECYCLE_STAGES } from './lifecycle'

export const CONTACT_LIMITS = {
  email: 254,
  firstName: 100,
  lastName: 100,
  phone: 40,
  title: 120,
  /** The oldest entries are dropped beyond this. */
  stageHistory: 50,
} as const

/** Who moved a contact's lifecycle stage. */
export const STAGE_MOVE_SOURCES = ['manual', 'score', 'deal', 'import', 'workflow'] as const
export type StageMoveSource = (typeof STAGE_MOVE_SOURCES)[number]

export const contactSchema = {
  title: 'contacts',
  description: 'People in the CRM',
  version: 3,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idProperty,
    email: { type: 'string', maxLength: CONTACT_LIMITS.email },
    firstName: { type: 'string', maxLength: CONTACT_LIMITS.firstName },
    lastName: { type: 'string', maxLength: CONTACT_LIMITS.lastName },
    phone: { type: 'string', maxLength: CONTACT_LIMITS.phone },
    title: { type: 'string', maxLength: CONTACT_LIMITS.title },
    /** '' when the contact has no company. */
    companyId: { type: 'string', maxLength: 26 },
    tags: tagsProperty,
    lifecycleStage: { type: 'string', enum: LIFECYCLE_STAGES, maxLength: 30 },
    /** Values of workspace-defined custom fields, by field key. Dates are YYYY-MM-DD strings. */
    customFields: {
      type: 'object',
      additionalProperties: { anyOf: [{ type: 'string', maxLength: 1000 }, { type: 'number' }, { type: 'null' }] },
    },
    /** Static lists (segment ids of kind 'static') the contact belongs to. Absent means none. */
    lists: { type: 'array', maxItems: 200, items: { type: 'string', maxLength: 26 } },
    // Engagement rollups, written by the sync server only (CONTACT_SERVER_FIELDS); absent = never.
    unsubscribed: { type: 'boolean' },
    bounced: { type: 'boolean' },
    lastEmailedAt: timestampProperty,
    lastOpenedAt: timestampProperty,
    lastClickedAt: timestampProperty,
    emailCount: { type: 'integer', minimum: 0, maximum: 1e9 },
    openCount: { type: 'integer', minimum: 0, maximum: 1e9 },
    clickCount: { type: 'integer', minimum: 0, maximum: 1e9 },
    /** Lifecycle stages entered, oldest first; absent before the first recorded move. */
    stageHistory: {
      type: 'array',
      maxItems: CONTACT_LIMITS.stageHistory,
      items: {
        type: 'object',
        properties: {
          stage: { type: 'string', enum: LIFECYCLE_STAGES, maxLength: 30 },
          at: timestampProperty,
          source: { type: 'string', enum: STAGE_MOVE_SOURCES, maxLength: 10 },
        },
        required: ['stage', 'at', 'source'],
        additionalProperties: false,
      },
    },
    /** Points added by hand (or by a workflow) on top of the scoring rules; absent = 0. */
    scoreAdjustment: { type: 'integer', minimum: -100_000, maximum: 100_000 },
    /** The member who last changed it (server-checked); absent when changed while local only. */
    updatedBy: { type: 'string', maxLength: 26 },
    createdAt: timestampProperty,
    updatedAt: timestampProperty,
    _clock: clockProperty,
  },
  required: [
    'id',
    'email',
    'firstName',
    'lastName',
    'phone',
    'title',
    'companyId',
    'tags',
    'lifecycleStage',
    'customFields',
    'createdAt',
    'updatedAt',
    '_clock',
  ],
  additionalProperties: false,
  // Search, filters and sorting run on the renderer's in-memory index; every IndexedDB index
  // would only slow down writing 100,000 rows (each costs about 10% of insert time).
  indexes: ['updatedAt'],
} as const

export type Contact = FromSchema<typeof contactSchema>
export type ContactField = Exclude<keyof Contact, 'id' | 'createdAt' | 'updatedAt' | '_clock'>
export type ContactStageEntry = NonNullable<Contact['stageHistory']>[number]

/** Contact fields only the sync server writes (engagement rollups); pushed values for them are ignored. */
export const CONTACT_SERVER_FIELDS = [
  'unsubscribed',
  'bounced',
  'lastEmailedAt',
  'lastOpenedAt',
  'lastClickedAt',
  'emailCount',
  'openCount',
  'clickCount',
] as const satisfies readonly ContactField[]

/** v0 (first release) kept the whole name in one `name` field and had no lifecycle stage. */
export const contactSchemaV0 = {
  title: 'contacts',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idProperty,
    email: { type: 'string', maxLength: CONTACT_LIMITS.email },
    name: { type: 'string', maxLength: 200 },
    phone: { type: 'string', maxLength: CONTACT_LIMITS.phone },
    title: { type: 'string', maxLength: CONTACT_LIMITS.title },
    companyId: { type: 'string', maxLength: 26 },
    tags: tagsProperty,
    customFields: { type: 'object', additionalProperties: { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'null' }] } },
    createdAt: timestampProperty,
    updatedAt: timestampProperty,
    _clock: clockProperty,
  },
  required: ['id', 'email', 'name', 'phone', 'title', 'companyId', 'tags', 'customFields', 'createdAt', 'updatedAt', '_clock'],
  additionalProperties: false,
  indexes: ['updatedAt', 'email'],
} as const

export type ContactV0 = FromSchema<typeof contactSchemaV0>

/**
 * v0 → v1: split `name` at the first space into first and last name; stage defaults to lead.
 * The clock moves with the data: the split fields inherit the stamp `name` had, and the new
 * stage gets the zero stamp so any real edit from a device still on v0 data wins.
 */
export function migrateContactV0ToV1(old: ContactV0): Contact {
  const { name, _clock, customFields, ...rest } = old
  const { firstName, lastName } = splitName(name)
  const { name: nameStamp, ...otherStamps } = _clock
  const clock: Record<string, string> = { ...otherStamps, lifecycleStage: ZERO_STAMP }
  if (nameStamp !== undefined) {
    clock.firstName = nameStamp
    clock.lastName = nameStamp
  }
  // v0 had no length limit on custom values; one over-long value must not fail the whole migration.
  const boundedCustomFields = Object.fromEntries(
    Object.entries(customFields).map(([key, value]) => [key, typeof value === 'string' ? value.slice(0, CUSTOM_FIELD_VALUE_MAX_LENGTH) : value]),
  )
  return { ...rest, firstName, lastName, lifecycleStage: 'lead', customFields: boundedCustomFields, _clock: clock }
}

const CUSTOM_FIELD_VALUE_MAX_LENGTH = 1000

function splitName(name: string): { firstName: string; lastName: string } {
  const trimmed = name.trim()
  const space = trimmed.indexOf(' ')
  const firstName = space === -1 ? trimmed : trimmed.slice(0, space)
  const lastName = space === -1 ? '' : trimmed.slice(space + 1).trim()
  if (firstName.length <= CONTACT_LIMITS.firstName && lastName.length <= CONTACT_LIMITS.lastName) return { firstName, lastName }
  // v0 names may hold 200 characters in one word: cut at the v1 limit instead so nothing is lost or invalid.
  return {
    firstName: trimmed.slice(0, CONTACT_LIMITS.firstName).trim(),
    lastName: trimmed.slice(CONTACT_LIMITS.firstName).trim().slice(0, CONTACT_LIMITS.lastName),
  }
}

export const contactMigrationStrategies = {
  1: (old: ContactV0): Contact => migrateContactV0ToV1(old),
  // v2 only added optional fields (static lists, engagement rollups): v1 documents are valid v2.
  2: (old: Contact): Contact => old,
  // v3 only added optional fields (stage history, score adjustment, updatedBy).
  3: (old: Contact): Contact => old,
}
