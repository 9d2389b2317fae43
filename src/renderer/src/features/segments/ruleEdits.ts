import { newId } from '@core/ids'
import type { SegmentCondition, SegmentGroup, SegmentMatch, SegmentOperator, SegmentRules } from '@core/schema'
import { SEGMENT_LIMITS } from '@core/schema'
import { newSegmentCondition } from '@core/segments/evaluateSegment'
import type { SegmentFieldDescriptor } from '@core/segments/segmentFields'

// Immutable edits of a segment's rules, one per action the rule builder offers.

/** Where a new condition starts: the first field on offer (email), so the row is usable at once. */
export function defaultDescriptor(descriptors: readonly SegmentFieldDescriptor[]): SegmentFieldDescriptor {
  const first = descriptors[0]
  if (!first) throw new Error('no segment fields')
  return first
}

export function newGroup(descriptor: SegmentFieldDescriptor): SegmentGroup {
  return { id: newId(), match: 'all', conditions: [newSegmentCondition(descriptor, newId())] }
}

/** Rules for a new segment: one group with one condition to fill in. */
export function starterRules(descriptors: readonly SegmentFieldDescriptor[]): SegmentRules {
  return { match: 'all', groups: [newGroup(defaultDescriptor(descriptors))] }
}

export function setRulesMatch(rules: SegmentRules, match: SegmentMatch): SegmentRules {
  return { ...rules, match }
}

export function addGroup(rules: SegmentRules, descriptors: readonly SegmentFieldDescriptor[]): SegmentRules {
  if (rules.groups.length >= SEGMENT_LIMITS.groups) return rules
  return { ...rules, groups: [...rules.groups, newGroup(defaultDescriptor(descriptors))] }
}

export function removeGroup(rules: SegmentRules, groupId: string): SegmentRules {
  return { ...rules, groups: rules.groups.filter((group) => group.id !== groupId) }
}

export function setGroupMatch(rules: SegmentRules, groupId: string, match: SegmentMatch): SegmentRules {
  return mapGroup(rules, groupId, (group) => ({ ...group, match }))
}

export function addCondition(rules: SegmentRules, groupId: string, descriptors: readonly SegmentFieldDescriptor[]): SegmentRules {
  return mapGroup(rules, groupId, (group) => {
    if (group.conditions.length >= SEGMENT_LIMITS.conditions) return group
    // A new row starts on the field of the row above: people add "or company is …" runs.
    const previous = group.conditions.at(-1)?.field
    const descriptor = descriptors.find((candidate) => candidate.field === previous) ?? defaultDescriptor(descriptors)
    return { ...group, conditions: [...group.conditions, newSegmentCondition(descriptor, newId())] }
  })
}

/** Removing a group's last condition removes the group. */
export function removeCondition(rules: SegmentRules, groupId: string, conditionId: string): SegmentRules {
  const group = rules.groups.find((candidate) => candidate.id === groupId)
  if (group && group.conditions.length === 1 && group.conditions[0]?.id === conditionId) return removeGroup(rules, groupId)
  return mapGroup(rules, groupId, (current) => ({ ...current, conditions: current.conditions.filter((condition) => condition.id !== conditionId) }))
}

/** A new field resets operator and values: the old ones rarely mean anything for it. */
export function setConditionField(rules: SegmentRules, groupId: string, conditionId: string, descriptor: SegmentFieldDescriptor): SegmentRules {
  return mapCondition(rules, groupId, conditionId, (condition) =>
    condition.field === descriptor.field ? condition : newSegmentCondition(descriptor, condition.id),
  )
}

/** Values carry over when the new operator reads the same kind of value. */
export function setConditionOperator(
  rules: SegmentRules,
  groupId: string,
  conditionId: string,
  operator: SegmentOperator,
  sameValueKind: boolean,
): SegmentRules {
  return mapCondition(rules, groupId, conditionId, (condition) =>
    sameValueKind ? { ...condition, operator } : { ...condition, operator, value: '', value2: '', values: [] },
  )
}

export function setConditionValues(
  rules: SegmentRules,
  groupId: string,
  conditionId: string,
  values: Partial<Pick<SegmentCondition, 'value' | 'value2' | 'values'>>,
): SegmentRules {
  return mapCondition(rules, groupId, conditionId, (condition) => ({ ...condition, ...values }))
}

/** Field descriptors by field, plus the groups in the order the picker shows them. */
export function groupDescriptors(descriptors: readonly SegmentFieldDescriptor[]): { group: SegmentFieldDescriptor['group']; fields: SegmentFieldDescriptor[] }[] {
  const groups: { group: SegmentFieldDescriptor['group']; fields: SegmentFieldDescriptor[] }[] = []
  for (const descriptor of descriptors) {
    const existing = groups.find((entry) => entry.group === descriptor.group)
    if (existing) existing.fields.push(descriptor)
    else groups.push({ group: descriptor.group, fields: [descriptor] })
  }
  return groups
}

function mapGroup(rules: SegmentRules, groupId: string, change: (group: SegmentGroup) => SegmentGroup): SegmentRules {
  return { ...rules, groups: rules.groups.map((group) => (group.id === groupId ? change(group) : group)) }
}

function mapCondition(
  rules: SegmentRules,
  groupId: string,
  conditionId: string,
  change: (condition: SegmentCondition) => SegmentCondition,
): SegmentRules {
  return mapGroup(rules, groupId, (group) => ({
    ...group,
    conditions: group.conditions.map((condition) => (condition.id === conditionId ? change(condition) : condition)),
  }))
}
