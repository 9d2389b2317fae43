import type { FromSchema } from 'json-schema-to-ts'
import { clockProperty, idProperty, timestampProperty } from './common'
import { LIFECYCLE_STAGES } from './lifecycle'

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'select'] as const
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number]
export const CUSTOM_FIELD_KEY_PATTERN = '^[a-z][a-zA-Z0-9_]{0,39}$'

/**
 * What a settings item is:
 * - customField: a custom contact field definition (key, label, fieldType, options, position);
 * - pipeline: a deal pipeline (label = its name, position, stages);
 * - scoring: the workspace's lead scoring (rules, decayDays, mqlThreshold, sqlThreshold) (one per workspace: canonicalSetting);
 * - lifecycle: stage labels, which stages are used, and the automatic moves (one per workspace);
 * - follow: one member following one record (memberId, targetType, targetId); unfollow deletes it;
 * - inbox: one member's notification read state (memberId, readUpTo, readIds), synced across their devices.
 */
export const SETTING_KINDS = ['customField', 'pipeline', 'scoring', 'lifecycle', 'follow', 'inbox'] as const
export type SettingKind = (typeof SETTING_KINDS)[number]

/** Settings kinds the workspace has one of. */
export const SINGLETON_SETTING_KINDS = ['scoring', 'lifecycle'] as const
export type SingletonSettingKind = (typeof SINGLETON_SETTING_KINDS)[number]

/**
 * The one item of a workspace-wide kind (scoring, lifecycle) among those stored: the oldest
 * (createdAt, then id). These items cannot have fixed ids — the sync server keeps document ids
 * unique across all workspaces — so two devices that each create one offline both keep theirs,
 * and every device reads and edits the same one.
 */
export function canonicalSetting<T extends Pick<Setting, 'id' | 'createdAt'>>(items: Iterable<T>): T | undefined {
  let best: T | undefined
  for (const item of items) {
    if (best === undefined || item.createdAt < best.createdAt || (item.createdAt === best.createdAt && item.id < best.id)) best = item
  }
  return best
}

export const FOLLOW_TARGET_TYPES = ['contact', 'company', 'deal'] as const
export type FollowTargetType = (typeof FOLLOW_TARGET_TYPES)[number]

export const SCORING_RULE_KINDS = ['field', 'event'] as const
/** Field conditions of demographic rules. */
export const SCORING_FIELD_OPERATORS = ['contains', 'equals', 'notEmpty', 'isEmpty', 'gte', 'lte'] as const
/** Behavioural events: per email open or click, per deal created or won, while unsubscribed. */
export const SCORING_EVENTS = ['opened', 'clicked', 'unsubscribed', 'dealCreated', 'dealWon'] as const
export type ScoringRuleKind = (typeof SCORING_RULE_KINDS)[number]
export type ScoringFieldOperator = (typeof SCORING_FIELD_OPERATORS)[number]
export type ScoringEvent = (typeof SCORING_EVENTS)[number]

const memberIdProperty = { type: 'string', maxLength: 26 } as const

/**
 * Workspace settings, one document per item so concurrent edits of different items merge.
 * v1 added the kinds after customField; each kind uses its own optional fields (see above).
 */
export const settingSchema = {
  title: 'settings',
  description: 'Workspace settings items (custom fields, pipelines, scoring, lifecycle, follows, inbox state)',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idProperty,
    kind: { type: 'string', enum: SETTING_KINDS, maxLength: 40 },
    // customField
    key: { type: 'string', pattern: CUSTOM_FIELD_KEY_PATTERN, maxLength: 40 },
    fieldType: { type: 'string', enum: CUSTOM_FIELD_TYPES },
    options: { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 80 } },
    // customField and pipeline
    label: { type: 'string', minLength: 1, maxLength: 80 },
    position: { type: 'integer', minimum: 0, maximum: 10_000 },
    // pipeline: its stages in board order; probability is the win chance in percent
    stages: {
      type: 'array',
      minItems: 1,
      maxItems: 30,
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 26 },
          name: { type: 'string', minLength: 1, maxLength: 60 },
          probability: { type: 'integer', minimum: 0, maximum: 100 },
        },
        required: ['id', 'name', 'probability'],
        additionalProperties: false,
      },
    },
    // scoring
    rules: {
      type: 'array',
      maxItems: 200,
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 26 },
          kind: { type: 'string', enum: SCORING_RULE_KINDS },
          /** field rules: a contact field name or `custom.<key>`. */
          field: { type: 'string', maxLength: 60 },
          operator: { type: 'string', enum: SCORING_FIELD_OPERATORS },
          value: { type: 'string', maxLength: 200 },
          /** event rules. */
          event: { type: 'string', enum: SCORING_EVENTS },
          points: { type: 'integer', minimum: -1000, maximum: 1000 },
          enabled: { type: 'boolean' },
        },
        required: ['id', 'kind', 'points', 'enabled'],
        additionalProperties: false,
      },
    },
    /** Behavioural points halve every decayDays days; 0 = no decay. */
    decayDays: { type: 'integer', minimum: 0, maximum: 3650 },
    mqlThreshold: { type: 'integer', minimum: -100_000, maximum: 100_000 },
    sqlThreshold: { type: 'integer', minimum: -100_000, maximum: 100_000 },
    // lifecycle
    lifecycleStages: {
      type: 'array',
      maxItems: LIFECYCLE_STAGES.length,
      items: {
        type: 'object',
        properties: {
          stage: { type: 'string', enum: LIFECYCLE_STAGES },
          label: { type: 'string', minLength: 1, maxLength: 40 },
          enabled: { type: 'boolean' },
        },
        required: ['stage', 'label', 'enabled'],
        additionalProperties: false,
      },
    },
    automation: {
      type: 'object',
      properties: {
        /** Score ≥ mqlThreshold / sqlThreshold moves a contact up to marketing / sales qualified. */
        scoreMoves: { type: 'boolean' },
        /** A new open deal moves its contact up to opportunity. */
        dealCreatedMakesOpportunity: { type: 'boolean' },
        /** A won deal makes its contact a customer. */
        dealWonMakesCustomer: { type: 'boolean' },
      },
      required: ['scoreMoves', 'dealCreatedMakesOpportunity', 'dealWonMakesCustomer'],
      additionalProperties: false,
    },
    // follow and inbox
    memberId: memberIdProperty,
    targetType: { type: 'string', enum: FOLLOW_TARGET_TYPES },
    targetId: { type: 'string', maxLength: 26 },
    /** inbox: everything at or before this time is read, plus readIds after it. */
    readUpTo: timestampProperty,
    readIds: { type: 'array', maxItems: 500, items: { type: 'string', maxLength: 80 } },
    createdAt: timestampProperty,
    updatedAt: timestampProperty,
    _clock: clockProperty,
  },
  required: ['id', 'kind', 'createdAt', 'updatedAt', '_clock'],
  additionalProperties: false,
  indexes: ['updatedAt'],
} as const

export type Setting = FromSchema<typeof settingSchema>
export type CustomFieldDefinition = Setting & {
  kind: 'customField'
  key: string
  label: string
  fieldType: CustomFieldType
  options: string[]
  position: number
}
export type PipelineSetting = Setting & { kind: 'pipeline'; label: string; position: number; stages: NonNullable<Setting['stages']> }
export type PipelineStage = NonNullable<Setting['stages']>[number]
export type ScoringRule = NonNullable<Setting['rules']>[number]
export type LifecycleStageSetting = NonNullable<Setting['lifecycleStages']>[number]
export type LifecycleAutomation = NonNullable<Setting['automation']>

export function isCustomFieldDefinition(setting: Setting): setting is CustomFieldDefinition {
  return (
    setting.kind === 'customField' &&
    setting.key !== undefined &&
    setting.label !== undefined &&
    setting.fieldType !== undefined &&
    setting.options !== undefined &&
    setting.position !== undefined
  )
}

export function isPipelineSetting(setting: Setting): setting is PipelineSetting {
  return setting.kind === 'pipeline' && setting.label !== undefined && setting.position !== undefined && setting.stages !== undefined
}

/** v1 only made the customField fields optional and added optional fields: v0 items are valid v1. */
export const settingMigrationStrategies = {
  1: (old: Setting): Setting => old,
}
