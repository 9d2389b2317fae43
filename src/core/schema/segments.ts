import type { FromSchema } from 'json-schema-to-ts'
import { clockProperty, idProperty, timestampProperty } from './common'

/**
 * Condition operators. Which apply to a field depends on its type (see src/core/segments):
 * text: equals, notEquals, contains, notContains, startsWith, isEmpty, isNotEmpty, inList;
 * number/date: equals, greaterThan, lessThan, between, isEmpty, isNotEmpty;
 * date also: withinLastDays, before, after; tags/lists: hasAny, hasAll, hasNone;
 * engagement: opened, clicked (value = campaign id or '' for any, days = '' for ever), isTrue, isFalse.
 */
export const SEGMENT_OPERATORS = [
  'equals',
  'notEquals',
  'contains',
  'notContains',
  'startsWith',
  'isEmpty',
  'isNotEmpty',
  'greaterThan',
  'lessThan',
  'between',
  'inList',
  'withinLastDays',
  'before',
  'after',
  'hasAny',
  'hasAll',
  'hasNone',
  'opened',
  'clicked',
  'notOpened',
  'notClicked',
  'isTrue',
  'isFalse',
] as const
export type SegmentOperator = (typeof SEGMENT_OPERATORS)[number]

export const SEGMENT_MATCH = ['all', 'any'] as const
export type SegmentMatch = (typeof SEGMENT_MATCH)[number]

export const SEGMENT_KINDS = ['dynamic', 'static'] as const
export type SegmentKind = (typeof SEGMENT_KINDS)[number]

export const SEGMENT_LIMITS = { name: 120, groups: 20, conditions: 30, value: 500, values: 200 } as const

/**
 * One rule. `field` is namespaced: `contact.<field>` (email, firstName, lastName, phone, title,
 * tags, lifecycleStage, createdAt, updatedAt, lists), `custom.<key>`, `company.<field>`
 * (name, domain, industry, employees, city, country, tags), `engagement.<fact>` (opened,
 * clicked, bounced, unsubscribed, lastOpenedAt, lastClickedAt, openCount, clickCount).
 * Values are strings as typed (numbers and YYYY-MM-DD dates are parsed by the evaluator);
 * `value2` is the upper bound of `between`, and the day count of engagement `opened`/`clicked`.
 */
export const segmentConditionSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 26 },
    field: { type: 'string', minLength: 1, maxLength: 60 },
    operator: { type: 'string', enum: SEGMENT_OPERATORS },
    value: { type: 'string', maxLength: SEGMENT_LIMITS.value },
    value2: { type: 'string', maxLength: SEGMENT_LIMITS.value },
    values: { type: 'array', maxItems: SEGMENT_LIMITS.values, items: { type: 'string', maxLength: SEGMENT_LIMITS.value } },
  },
  required: ['id', 'field', 'operator', 'value', 'value2', 'values'],
  additionalProperties: false,
} as const

/** Rules are two levels deep: groups combined by `match`, conditions in a group by the group's `match`. */
export const segmentRulesSchema = {
  type: 'object',
  properties: {
    match: { type: 'string', enum: SEGMENT_MATCH },
    groups: {
      type: 'array',
      maxItems: SEGMENT_LIMITS.groups,
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', maxLength: 26 },
          match: { type: 'string', enum: SEGMENT_MATCH },
          conditions: { type: 'array', maxItems: SEGMENT_LIMITS.conditions, items: segmentConditionSchema },
        },
        required: ['id', 'match', 'conditions'],
        additionalProperties: false,
      },
    },
  },
  required: ['match', 'groups'],
  additionalProperties: false,
} as const

/**
 * Audiences. A dynamic segment is its rules, evaluated when used; a static list's members carry
 * the list's id in their contact `lists` field (so a list of 100,000 is not one huge document).
 */
export const segmentSchema = {
  title: 'segments',
  description: 'Dynamic segments (rules) and static lists',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idProperty,
    name: { type: 'string', minLength: 1, maxLength: SEGMENT_LIMITS.name },
    kind: { type: 'string', enum: SEGMENT_KINDS, maxLength: 10 },
    rules: segmentRulesSchema,
    createdAt: timestampProperty,
    updatedAt: timestampProperty,
    _clock: clockProperty,
  },
  required: ['id', 'name', 'kind', 'rules', 'createdAt', 'updatedAt', '_clock'],
  additionalProperties: false,
  indexes: ['updatedAt'],
} as const

export type Segment = FromSchema<typeof segmentSchema>
export type SegmentRules = FromSchema<typeof segmentRulesSchema>
export type SegmentGroup = SegmentRules['groups'][number]
export type SegmentCondition = FromSchema<typeof segmentConditionSchema>
