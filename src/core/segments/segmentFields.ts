import { LIFECYCLE_STAGES, LIFECYCLE_STAGE_LABELS } from '../schema/lifecycle'
import type { SegmentOperator } from '../schema/segments'
import type { CustomFieldDefinition } from '../schema/settings'

export type SegmentFieldType = 'text' | 'number' | 'date' | 'tags' | 'lists' | 'stage' | 'select' | 'boolean' | 'engagement'

export interface SegmentFieldDescriptor {
  field: string
  label: string
  group: 'Contact' | 'Company' | 'Custom fields' | 'Engagement'
  type: SegmentFieldType
  operators: readonly SegmentOperator[]
  options?: readonly { value: string; label: string }[]
}

const TEXT_OPERATORS = ['equals', 'notEquals', 'contains', 'notContains', 'startsWith', 'isEmpty', 'isNotEmpty', 'inList'] as const
const NUMBER_OPERATORS = ['equals', 'notEquals', 'greaterThan', 'lessThan', 'between', 'isEmpty', 'isNotEmpty'] as const
// Rollup counts are never "empty": absent means zero.
const COUNT_OPERATORS = ['equals', 'notEquals', 'greaterThan', 'lessThan', 'between'] as const
const DATE_OPERATORS = ['withinLastDays', 'before', 'after', 'equals', 'between', 'isEmpty', 'isNotEmpty'] as const
const TAG_OPERATORS = ['hasAny', 'hasAll', 'hasNone', 'isEmpty', 'isNotEmpty'] as const
const LIST_OPERATORS = ['hasAny', 'hasNone'] as const
const STAGE_OPERATORS = ['equals', 'notEquals', 'inList'] as const
const SELECT_OPERATORS = ['equals', 'notEquals', 'inList', 'isEmpty', 'isNotEmpty'] as const
const BOOLEAN_OPERATORS = ['isTrue', 'isFalse'] as const

const STAGE_OPTIONS = LIFECYCLE_STAGES.map((stage) => ({ value: stage, label: LIFECYCLE_STAGE_LABELS[stage] }))

/** Fields every workspace has, in the order the rule builder offers them. */
export const BUILT_IN_SEGMENT_FIELDS: readonly SegmentFieldDescriptor[] = [
  { field: 'contact.email', label: 'Email', group: 'Contact', type: 'text', operators: TEXT_OPERATORS },
  { field: 'contact.firstName', label: 'First name', group: 'Contact', type: 'text', operators: TEXT_OPERATORS },
  { field: 'contact.lastName', label: 'Last name', group: 'Contact', type: 'text', operators: TEXT_OPERATORS },
  { field: 'contact.phone', label: 'Phone', group: 'Contact', type: 'text', operators: TEXT_OPERATORS },
  { field: 'contact.title', label: 'Job title', group: 'Contact', type: 'text', operators: TEXT_OPERATORS },
  { field: 'contact.tags', label: 'Tags', group: 'Contact', type: 'tags', operators: TAG_OPERATORS },
  { field: 'contact.lists', label: 'Static lists', group: 'Contact', type: 'lists', operators: LIST_OPERATORS },
  { field: 'contact.lifecycleStage', label: 'Lifecycle stage', group: 'Contact', type: 'stage', operators: STAGE_OPERATORS, options: STAGE_OPTIONS },
  { field: 'contact.createdAt', label: 'Created', group: 'Contact', type: 'date', operators: DATE_OPERATORS },
  { field: 'contact.updatedAt', label: 'Last updated', group: 'Contact', type: 'date', operators: DATE_OPERATORS },
  { field: 'company.name', label: 'Company name', group: 'Company', type: 'text', operators: TEXT_OPERATORS },
  { field: 'company.domain', label: 'Company domain', group: 'Company', type: 'text', operators: TEXT_OPERATORS },
  { field: 'company.industry', label: 'Industry', group: 'Company', type: 'text', operators: TEXT_OPERATORS },
  { field: 'company.employees', label: 'Employees', group: 'Company', type: 'number', operators: NUMBER_OPERATORS },
  { field: 'company.city', label: 'Company city', group: 'Company', type: 'text', operators: TEXT_OPERATORS },
  { field: 'company.country', label: 'Company country', group: 'Company', type: 'text', operators: TEXT_OPERATORS },
  { field: 'company.tags', label: 'Company tags', group: 'Company', type: 'tags', operators: TAG_OPERATORS },
  { field: 'engagement.opened', label: 'Opened', group: 'Engagement', type: 'engagement', operators: ['opened', 'notOpened'] },
  { field: 'engagement.clicked', label: 'Clicked', group: 'Engagement', type: 'engagement', operators: ['clicked', 'notClicked'] },
  { field: 'engagement.unsubscribed', label: 'Unsubscribed', group: 'Engagement', type: 'boolean', operators: BOOLEAN_OPERATORS },
  { field: 'engagement.bounced', label: 'Bounced', group: 'Engagement', type: 'boolean', operators: BOOLEAN_OPERATORS },
  { field: 'engagement.lastOpenedAt', label: 'Last opened', group: 'Engagement', type: 'date', operators: DATE_OPERATORS },
  { field: 'engagement.lastClickedAt', label: 'Last clicked', group: 'Engagement', type: 'date', operators: DATE_OPERATORS },
  { field: 'engagement.openCount', label: 'Number of opens', group: 'Engagement', type: 'number', operators: COUNT_OPERATORS },
  { field: 'engagement.clickCount', label: 'Number of clicks', group: 'Engagement', type: 'number', operators: COUNT_OPERATORS },
]

const CUSTOM_OPERATORS = { text: TEXT_OPERATORS, number: NUMBER_OPERATORS, date: DATE_OPERATORS, select: SELECT_OPERATORS } as const

/** Every field a rule can use in this workspace: the built-in ones (custom fields after the contact's own). */
export function segmentFieldDescriptors(customFields: readonly CustomFieldDefinition[]): SegmentFieldDescriptor[] {
  const custom = [...customFields]
    .sort((a, b) => a.position - b.position || a.key.localeCompare(b.key))
    .map((definition): SegmentFieldDescriptor => {
      const descriptor: SegmentFieldDescriptor = {
        field: `custom.${definition.key}`,
        label: definition.label,
        group: 'Custom fields',
        type: definition.fieldType,
        operators: CUSTOM_OPERATORS[definition.fieldType],
      }
      if (definition.fieldType === 'select') descriptor.options = definition.options.map((option) => ({ value: option, label: option }))
      return descriptor
    })
  const firstCompany = BUILT_IN_SEGMENT_FIELDS.findIndex((descriptor) => descriptor.group === 'Company')
  return [...BUILT_IN_SEGMENT_FIELDS.slice(0, firstCompany), ...custom, ...BUILT_IN_SEGMENT_FIELDS.slice(firstCompany)]
}

const OPERATOR_LABELS: Record<SegmentOperator, string> = {
  equals: 'is',
  notEquals: 'is not',
  contains: 'contains',
  notContains: 'does not contain',
  startsWith: 'starts with',
  isEmpty: 'is empty',
  isNotEmpty: 'is not empty',
  greaterThan: 'is greater than',
  lessThan: 'is less than',
  between: 'is between',
  inList: 'is one of',
  withinLastDays: 'is within the last … days',
  before: 'is before',
  after: 'is after',
  hasAny: 'has any of',
  hasAll: 'has all of',
  hasNone: 'has none of',
  opened: 'opened',
  clicked: 'clicked',
  notOpened: 'did not open',
  notClicked: 'did not click',
  isTrue: 'is yes',
  isFalse: 'is no',
}

export function operatorLabel(operator: SegmentOperator): string {
  return OPERATOR_LABELS[operator]
}

/**
 * Which condition properties an operator reads: none; `value`; `value`..`value2`; `values`;
 * or engagement (`value` = campaign id or '' for any, `value2` = days or '' for ever).
 */
export type OperatorValueKind = 'none' | 'single' | 'range' | 'list' | 'engagement'

export function operatorValueKind(operator: SegmentOperator): OperatorValueKind {
  switch (operator) {
    case 'isEmpty':
    case 'isNotEmpty':
    case 'isTrue':
    case 'isFalse':
      return 'none'
    case 'between':
      return 'range'
    case 'inList':
    case 'hasAny':
    case 'hasAll':
    case 'hasNone':
      return 'list'
    case 'opened':
    case 'clicked':
    case 'notOpened':
    case 'notClicked':
      return 'engagement'
    default:
      return 'single'
  }
}
