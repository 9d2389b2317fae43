import type { FromSchema } from 'json-schema-to-ts'
import { clockProperty, idProperty, timestampProperty } from './common'

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'select'] as const
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number]
export const CUSTOM_FIELD_KEY_PATTERN = '^[a-z][a-zA-Z0-9_]{0,39}$'

/**
 * Workspace settings, one document per item so concurrent edits of different items merge.
 * `kind` says what the item is; this version knows custom field definitions.
 */
export const settingSchema = {
  title: 'settings',
  description: 'Workspace settings items (custom field definitions, …)',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idProperty,
    kind: { type: 'string', enum: ['customField'], maxLength: 40 },
    key: { type: 'string', pattern: CUSTOM_FIELD_KEY_PATTERN, maxLength: 40 },
    label: { type: 'string', minLength: 1, maxLength: 80 },
    fieldType: { type: 'string', enum: CUSTOM_FIELD_TYPES },
    options: { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 80 } },
    position: { type: 'integer', minimum: 0, maximum: 10_000 },
    createdAt: timestampProperty,
    updatedAt: timestampProperty,
    _clock: clockProperty,
  },
  required: ['id', 'kind', 'key', 'label', 'fieldType', 'options', 'position', 'createdAt', 'updatedAt', '_clock'],
  additionalProperties: false,
  indexes: ['updatedAt'],
} as const

export type Setting = FromSchema<typeof settingSchema>
export type CustomFieldDefinition = Setting & { kind: 'customField' }
