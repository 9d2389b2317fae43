import { newId } from '../ids'
import type { Company } from '../schema/companies'
import type { Contact } from '../schema/contacts'
import type { EngagementEvent } from '../schema/events'
import { LIFECYCLE_STAGES } from '../schema/lifecycle'
import type { Segment, SegmentCondition, SegmentGroup, SegmentOperator, SegmentRules } from '../schema/segments'
import { BUILT_IN_SEGMENT_FIELDS, operatorLabel, operatorValueKind, type SegmentFieldDescriptor } from './segmentFields'

/** Human opens and clicks of one contact: campaign id → latest time (epoch ms). */
export interface ContactEngagement {
  opened: ReadonlyMap<string, number>
  clicked: ReadonlyMap<string, number>
}

/** By contact id. */
export type EngagementIndex = ReadonlyMap<string, ContactEngagement>

export interface SegmentContext {
  companiesById: ReadonlyMap<string, Company>
  engagement: EngagementIndex
  now: number
}

type Predicate = (contact: Contact) => boolean

const DAY_MS = 86_400_000
const NOBODY: Predicate = () => false

/**
 * Compiles rules once into closures (values parsed and lower-cased here, not per contact), so one
 * pass over 100,000 contacts stays in the tens of milliseconds. Rules without any condition match
 * nobody: an unfinished segment must never mean "send to everyone".
 */
export function compileSegment(rules: SegmentRules, context: SegmentContext): (contact: Contact) => boolean {
  const groups: Predicate[] = []
  for (const group of rules.groups) {
    const predicate = compileGroup(group, context)
    if (predicate) groups.push(predicate)
  }
  if (groups.length === 0) return NOBODY
  if (groups.length === 1) return groups[0] as Predicate
  return rules.match === 'all' ? allOf(groups) : anyOf(groups)
}

/** Static lists are membership on the contact; dynamic segments are their rules. */
export function segmentMatcher(segment: Pick<Segment, 'id' | 'kind' | 'rules'>, context: SegmentContext): (contact: Contact) => boolean {
  if (segment.kind === 'static') {
    const listId = segment.id
    return (contact) => contact.lists !== undefined && contact.lists.includes(listId)
  }
  return compileSegment(segment.rules, context)
}

/** Latest human open and click per contact and campaign; machine events (proxies, scanners) are left out. */
export function buildEngagementIndex(
  events: Iterable<Pick<EngagementEvent, 'type' | 'contactId' | 'campaignId' | 'at' | 'machine'>>,
): Map<string, ContactEngagement> {
  const index = new Map<string, { opened: Map<string, number>; clicked: Map<string, number> }>()
  for (const event of events) {
    if (event.machine || (event.type !== 'open' && event.type !== 'click')) continue
    let entry = index.get(event.contactId)
    if (!entry) {
      entry = { opened: new Map(), clicked: new Map() }
      index.set(event.contactId, entry)
    }
    const byCampaign = event.type === 'open' ? entry.opened : entry.clicked
    const previous = byCampaign.get(event.campaignId)
    if (previous === undefined || event.at > previous) byCampaign.set(event.campaignId, event.at)
  }
  return index
}

export function emptySegmentRules(): SegmentRules {
  return { match: 'all', groups: [{ id: newId(), match: 'all', conditions: [] }] }
}

/** A new condition on `field` with the operator a marketer most often wants there. */
export function newSegmentCondition(field: SegmentFieldDescriptor, id: string): SegmentCondition {
  const condition: SegmentCondition = { id, field: field.field, operator: field.operators[0] ?? 'equals', value: '', value2: '', values: [] }
  switch (field.type) {
    case 'text':
      return { ...condition, operator: allowedOr(field, 'contains') }
    case 'number':
      return { ...condition, operator: allowedOr(field, 'greaterThan') }
    case 'date':
      return { ...condition, operator: allowedOr(field, 'withinLastDays'), value: '30' }
    case 'stage':
    case 'select':
      return { ...condition, operator: allowedOr(field, 'equals'), value: field.options?.[0]?.value ?? '' }
    case 'tags':
    case 'lists':
      return { ...condition, operator: allowedOr(field, 'hasAny') }
    case 'boolean':
      return { ...condition, operator: allowedOr(field, 'isTrue') }
    case 'engagement':
      return { ...condition, value2: '30' }
  }
}

function allowedOr(field: SegmentFieldDescriptor, preferred: SegmentOperator): SegmentOperator {
  return field.operators.includes(preferred) ? preferred : (field.operators[0] ?? preferred)
}

/**
 * What is wrong with each condition, for the rule builder. The evaluator treats the same
 * conditions as matching nobody, so a half-typed rule never widens an audience.
 */
export function validateSegmentRules(
  rules: SegmentRules,
  fields: readonly SegmentFieldDescriptor[],
): Array<{ conditionId: string; message: string }> {
  const byField = new Map(fields.map((descriptor) => [descriptor.field, descriptor]))
  const issues: Array<{ conditionId: string; message: string }> = []
  for (const group of rules.groups) {
    for (const condition of group.conditions) {
      const message = conditionProblem(condition, byField.get(condition.field))
      if (message !== null) issues.push({ conditionId: condition.id, message })
    }
  }
  return issues
}

function conditionProblem(condition: SegmentCondition, descriptor: SegmentFieldDescriptor | undefined): string | null {
  if (!descriptor) return `The field "${condition.field}" no longer exists. Choose another field.`
  const { operator } = condition
  if (!descriptor.operators.includes(operator)) return `"${operatorLabel(operator)}" does not apply to ${descriptor.label}. Choose another comparison.`
  const kind = operatorValueKind(operator)
  switch (kind) {
    case 'none':
      return null
    case 'engagement':
      return condition.value2.trim() !== '' && parseDays(condition.value2) === null
        ? 'Enter a number of days (0 or more), or leave it empty for any time.'
        : null
    case 'list': {
      const values = cleanValues(condition.values)
      if (values.length === 0) return 'Choose at least one value.'
      if (descriptor.type === 'stage' && values.some((value) => !isStage(value))) return 'Choose lifecycle stages from the list.'
      return null
    }
    case 'range':
      return rangeProblem(condition, descriptor)
    case 'single':
      return singleValueProblem(condition, descriptor)
  }
}

function rangeProblem(condition: SegmentCondition, descriptor: SegmentFieldDescriptor): string | null {
  if (descriptor.type === 'date') {
    const low = parseDay(condition.value)
    const high = parseDay(condition.value2)
    if (low === null || high === null) return 'Enter two dates as YYYY-MM-DD.'
    return low > high ? 'The first date must not be after the second.' : null
  }
  const low = parseNumber(condition.value)
  const high = parseNumber(condition.value2)
  if (low === null || high === null) return 'Enter two numbers.'
  return low > high ? 'The first number must not be greater than the second.' : null
}

function singleValueProblem(condition: SegmentCondition, descriptor: SegmentFieldDescriptor): string | null {
  switch (descriptor.type) {
    case 'number':
      return parseNumber(condition.value) === null ? 'Enter a number.' : null
    case 'date':
      if (condition.operator === 'withinLastDays') return parseDays(condition.value) === null ? 'Enter a number of days (0 or more).' : null
      return parseDay(condition.value) === null ? 'Enter a date as YYYY-MM-DD.' : null
    case 'stage':
      return isStage(condition.value.trim()) ? null : 'Choose a lifecycle stage.'
    case 'select':
      return condition.value.trim() === '' ? 'Choose a value.' : null
    default:
      return condition.value.trim() === '' ? 'Enter a value.' : null
  }
}

// ---------------------------------------------------------------------------------------------
// Compilation

function compileGroup(group: SegmentGroup, context: SegmentContext): Predicate | null {
  if (group.conditions.length === 0) return null
  const predicates = group.conditions.map((condition) => compileCondition(condition, context))
  if (predicates.length === 1) return predicates[0] as Predicate
  return group.match === 'all' ? allOf(predicates) : anyOf(predicates)
}

function allOf(predicates: readonly Predicate[]): Predicate {
  const count = predicates.length
  return (contact) => {
    for (let i = 0; i < count; i++) if (!(predicates[i] as Predicate)(contact)) return false
    return true
  }
}

function anyOf(predicates: readonly Predicate[]): Predicate {
  const count = predicates.length
  return (contact) => {
    for (let i = 0; i < count; i++) if ((predicates[i] as Predicate)(contact)) return true
    return false
  }
}

type Accessor =
  | { type: 'text' | 'stage'; get: (contact: Contact) => string }
  | { type: 'number'; get: (contact: Contact) => number | null }
  | { type: 'date'; get: (contact: Contact) => number | null }
  | { type: 'tags' | 'lists'; get: (contact: Contact) => readonly string[] }
  | { type: 'boolean'; get: (contact: Contact) => boolean }
  | { type: 'engagement'; events: 'opened' | 'clicked'; rollup: (contact: Contact) => number | undefined }

const BUILT_IN_OPERATORS = new Map(BUILT_IN_SEGMENT_FIELDS.map((descriptor) => [descriptor.field, descriptor.operators]))
const NO_TAGS: readonly string[] = []

function compileCondition(condition: SegmentCondition, context: SegmentContext): Predicate {
  if (condition.field.startsWith('custom.')) return compileCustomCondition(condition.field.slice('custom.'.length), condition, context)
  const operators = BUILT_IN_OPERATORS.get(condition.field)
  const accessor = builtInAccessor(condition.field, context)
  if (!operators || !accessor || !operators.includes(condition.operator)) return NOBODY
  const predicate = compileWithAccessor(accessor, condition, context)
  return condition.field.startsWith('company.') ? perCompany(predicate, context) : predicate
}

/**
 * A company condition depends on the contact's company only: decided once per company here, so
 * each contact costs one map lookup instead of a company lookup and a string comparison.
 */
function perCompany(predicate: Predicate, context: SegmentContext): Predicate {
  const byCompany = new Map<string, boolean>()
  for (const companyId of context.companiesById.keys()) byCompany.set(companyId, predicate({ companyId } as Contact))
  // No company, or one that no longer exists: the company's fields read as empty.
  const withoutCompany = predicate({ companyId: '' } as Contact)
  return (c) => byCompany.get(c.companyId) ?? withoutCompany
}

function builtInAccessor(field: string, context: SegmentContext): Accessor | null {
  const company = (contact: Contact): Company | undefined => (contact.companyId === '' ? undefined : context.companiesById.get(contact.companyId))
  switch (field) {
    case 'contact.email':
      return { type: 'text', get: (c) => c.email }
    case 'contact.firstName':
      return { type: 'text', get: (c) => c.firstName }
    case 'contact.lastName':
      return { type: 'text', get: (c) => c.lastName }
    case 'contact.phone':
      return { type: 'text', get: (c) => c.phone }
    case 'contact.title':
      return { type: 'text', get: (c) => c.title }
    case 'contact.tags':
      return { type: 'tags', get: (c) => c.tags }
    case 'contact.lists':
      return { type: 'lists', get: (c) => c.lists ?? NO_TAGS }
    case 'contact.lifecycleStage':
      return { type: 'stage', get: (c) => c.lifecycleStage }
    case 'contact.createdAt':
      return { type: 'date', get: (c) => timestampOrNull(c.createdAt) }
    case 'contact.updatedAt':
      return { type: 'date', get: (c) => timestampOrNull(c.updatedAt) }
    case 'company.name':
      return { type: 'text', get: (c) => company(c)?.name ?? '' }
    case 'company.domain':
      return { type: 'text', get: (c) => company(c)?.domain ?? '' }
    case 'company.industry':
      return { type: 'text', get: (c) => company(c)?.industry ?? '' }
    case 'company.city':
      return { type: 'text', get: (c) => company(c)?.city ?? '' }
    case 'company.country':
      return { type: 'text', get: (c) => company(c)?.country ?? '' }
    case 'company.employees':
      return { type: 'number', get: (c) => company(c)?.employees ?? null }
    case 'company.tags':
      return { type: 'tags', get: (c) => company(c)?.tags ?? NO_TAGS }
    case 'engagement.opened':
      return { type: 'engagement', events: 'opened', rollup: (c) => c.lastOpenedAt }
    case 'engagement.clicked':
      return { type: 'engagement', events: 'clicked', rollup: (c) => c.lastClickedAt }
    case 'engagement.unsubscribed':
      return { type: 'boolean', get: (c) => c.unsubscribed === true }
    case 'engagement.bounced':
      return { type: 'boolean', get: (c) => c.bounced === true }
    case 'engagement.lastOpenedAt':
      return { type: 'date', get: (c) => timestampOrNull(c.lastOpenedAt) }
    case 'engagement.lastClickedAt':
      return { type: 'date', get: (c) => timestampOrNull(c.lastClickedAt) }
    case 'engagement.openCount':
      return { type: 'number', get: (c) => c.openCount ?? 0 }
    case 'engagement.clickCount':
      return { type: 'number', get: (c) => c.clickCount ?? 0 }
    default:
      return null
  }
}

/**
 * The evaluator does not see custom field definitions (the server evaluates from documents alone),
 * so a custom field's type follows from the comparison and its value: dates look like YYYY-MM-DD.
 */
function compileCustomCondition(key: string, condition: SegmentCondition, context: SegmentContext): Predicate {
  const raw = (contact: Contact): string | number | null => contact.customFields[key] ?? null
  const { operator } = condition
  const asText: Accessor = { type: 'text', get: (c) => customText(raw(c)) }
  switch (operator) {
    case 'withinLastDays':
    case 'before':
    case 'after':
      return compileWithAccessor({ type: 'date', get: (c) => customDay(raw(c)) }, condition, context)
    case 'greaterThan':
    case 'lessThan':
    case 'between':
      if (parseDay(condition.value) !== null) return compileWithAccessor({ type: 'date', get: (c) => customDay(raw(c)) }, condition, context)
      return compileWithAccessor({ type: 'number', get: (c) => customNumber(raw(c)) }, condition, context)
    case 'equals':
    case 'notEquals': {
      const number = parseNumber(condition.value)
      const text = compileWithAccessor(asText, { ...condition, operator: 'equals' }, context)
      // A number field stores 5 and the user types "5.0": compare numbers as numbers.
      const equals: Predicate =
        number === null
          ? text
          : (c) => {
              const value = raw(c)
              return typeof value === 'number' ? value === number : text(c)
            }
      if (condition.value.trim() === '') return NOBODY
      return operator === 'equals' ? equals : (c) => !equals(c)
    }
    case 'contains':
    case 'notContains':
    case 'startsWith':
    case 'isEmpty':
    case 'isNotEmpty':
    case 'inList':
      return compileWithAccessor(asText, condition, context)
    default:
      return NOBODY
  }
}

function compileWithAccessor(accessor: Accessor, condition: SegmentCondition, context: SegmentContext): Predicate {
  switch (accessor.type) {
    case 'text':
      return compileText(accessor.get, condition)
    case 'stage':
      return compileStage(accessor.get, condition)
    case 'number':
      return compileNumber(accessor.get, condition)
    case 'date':
      return compileDate(accessor.get, condition, context.now)
    case 'tags':
      return compileTags(accessor.get, condition, true)
    case 'lists':
      return compileTags(accessor.get, condition, false)
    case 'boolean': {
      const get = accessor.get
      if (condition.operator === 'isTrue') return get
      if (condition.operator === 'isFalse') return (c) => !get(c)
      return NOBODY
    }
    case 'engagement':
      return compileEngagement(accessor.events, accessor.rollup, condition, context)
  }
}

function compileText(get: (contact: Contact) => string, condition: SegmentCondition): Predicate {
  const value = normalize(condition.value)
  switch (condition.operator) {
    case 'isEmpty':
      return (c) => get(c).trim() === ''
    case 'isNotEmpty':
      return (c) => get(c).trim() !== ''
    case 'inList': {
      const values = new Set(cleanValues(condition.values).map(normalize))
      if (values.size === 0) return NOBODY
      return (c) => values.has(normalize(get(c)))
    }
  }
  if (value === '') return NOBODY
  switch (condition.operator) {
    case 'equals':
      return (c) => normalize(get(c)) === value
    case 'notEquals':
      return (c) => normalize(get(c)) !== value
    case 'contains':
      return (c) => normalize(get(c)).includes(value)
    case 'notContains':
      return (c) => !normalize(get(c)).includes(value)
    case 'startsWith':
      return (c) => normalize(get(c)).startsWith(value)
    default:
      return NOBODY
  }
}

function compileStage(get: (contact: Contact) => string, condition: SegmentCondition): Predicate {
  const value = condition.value.trim()
  switch (condition.operator) {
    case 'equals':
      return isStage(value) ? (c) => get(c) === value : NOBODY
    case 'notEquals':
      return isStage(value) ? (c) => get(c) !== value : NOBODY
    case 'inList': {
      const values = cleanValues(condition.values)
      if (values.length === 0 || !values.every(isStage)) return NOBODY
      const set = new Set(values)
      return (c) => set.has(get(c))
    }
    default:
      return NOBODY
  }
}

function compileNumber(get: (contact: Contact) => number | null, condition: SegmentCondition): Predicate {
  switch (condition.operator) {
    case 'isEmpty':
      return (c) => get(c) === null
    case 'isNotEmpty':
      return (c) => get(c) !== null
    case 'between': {
      const low = parseNumber(condition.value)
      const high = parseNumber(condition.value2)
      if (low === null || high === null || low > high) return NOBODY
      return (c) => {
        const n = get(c)
        return n !== null && n >= low && n <= high
      }
    }
  }
  const value = parseNumber(condition.value)
  if (value === null) return NOBODY
  switch (condition.operator) {
    case 'equals':
      return (c) => get(c) === value
    case 'notEquals':
      return (c) => get(c) !== value
    case 'greaterThan':
      return (c) => {
        const n = get(c)
        return n !== null && n > value
      }
    case 'lessThan':
      return (c) => {
        const n = get(c)
        return n !== null && n < value
      }
    default:
      return NOBODY
  }
}

/**
 * Dates compare by calendar day in UTC (server and every device must count the same audience,
 * whatever their local zone). Times are epoch ms; date-only values are the start of their day.
 */
function compileDate(get: (contact: Contact) => number | null, condition: SegmentCondition, now: number): Predicate {
  const inRange = (low: number, high: number): Predicate => (c) => {
    const t = get(c)
    return t !== null && t >= low && t < high
  }
  switch (condition.operator) {
    case 'isEmpty':
      return (c) => get(c) === null
    case 'isNotEmpty':
      return (c) => get(c) !== null
    case 'withinLastDays': {
      const days = parseDays(condition.value)
      if (days === null) return NOBODY
      const today = Math.floor(now / DAY_MS) * DAY_MS
      return inRange(today - days * DAY_MS, today + DAY_MS)
    }
    case 'between': {
      const low = parseDay(condition.value)
      const high = parseDay(condition.value2)
      if (low === null || high === null || low > high) return NOBODY
      return inRange(low, high + DAY_MS)
    }
    case 'greaterThan':
    case 'lessThan':
    case 'equals':
    case 'notEquals':
    case 'before':
    case 'after':
      break
    default:
      return NOBODY
  }
  const day = parseDay(condition.value)
  if (day === null) return NOBODY
  switch (condition.operator) {
    case 'equals':
      return inRange(day, day + DAY_MS)
    case 'notEquals': {
      const on = inRange(day, day + DAY_MS)
      return (c) => !on(c)
    }
    case 'before':
    case 'lessThan':
      return inRange(-Infinity, day)
    default:
      return inRange(day + DAY_MS, Infinity)
  }
}

function compileTags(get: (contact: Contact) => readonly string[], condition: SegmentCondition, caseInsensitive: boolean): Predicate {
  switch (condition.operator) {
    case 'isEmpty':
      return (c) => get(c).length === 0
    case 'isNotEmpty':
      return (c) => get(c).length > 0
  }
  const prepare = caseInsensitive ? normalize : (value: string) => value.trim()
  const wanted = [...new Set(cleanValues(condition.values).map(prepare))]
  if (wanted.length === 0) return NOBODY
  const wantedSet = new Set(wanted)
  const hasAny: Predicate = (c) => {
    const tags = get(c)
    for (let i = 0; i < tags.length; i++) if (wantedSet.has(prepare(tags[i] as string))) return true
    return false
  }
  switch (condition.operator) {
    case 'hasAny':
      return hasAny
    case 'hasNone':
      return (c) => !hasAny(c)
    case 'hasAll':
      return (c) => {
        const tags = get(c)
        if (tags.length < wanted.length) return false
        const have = new Set(tags.map(prepare))
        return wanted.every((tag) => have.has(tag))
      }
    default:
      return NOBODY
  }
}

/**
 * Campaign events reach clients only for a recent window, so "any campaign" also trusts the
 * server-kept rollup (last open/click), which covers the whole history.
 */
function compileEngagement(
  events: 'opened' | 'clicked',
  rollup: (contact: Contact) => number | undefined,
  condition: SegmentCondition,
  context: SegmentContext,
): Predicate {
  const positive = events === 'opened' ? 'opened' : 'clicked'
  const negative = events === 'opened' ? 'notOpened' : 'notClicked'
  if (condition.operator !== positive && condition.operator !== negative) return NOBODY
  const daysText = condition.value2.trim()
  const days = daysText === '' ? null : parseDays(daysText)
  if (daysText !== '' && days === null) return NOBODY
  const since = days === null ? -Infinity : context.now - days * DAY_MS
  const campaignId = condition.value.trim()
  // One pass over the engagement index at compile time; per contact it is then one set lookup.
  const engaged = new Set<string>()
  for (const [contactId, engagement] of context.engagement) {
    const times = engagement[events]
    if (campaignId !== '') {
      const at = times.get(campaignId)
      if (at !== undefined && at >= since) engaged.add(contactId)
      continue
    }
    for (const at of times.values()) {
      if (at >= since) {
        engaged.add(contactId)
        break
      }
    }
  }
  const did: Predicate =
    campaignId === ''
      ? (c) => {
          const last = rollup(c)
          return (last !== undefined && last > 0 && last >= since) || engaged.has(c.id)
        }
      : (c) => engaged.has(c.id)
  return condition.operator === positive ? did : (c) => !did(c)
}

// ---------------------------------------------------------------------------------------------
// Values

function normalize(value: string): string {
  return value.trim().toLowerCase()
}

function cleanValues(values: readonly string[]): string[] {
  return values.map((value) => value.trim()).filter((value) => value !== '')
}

function isStage(value: string): boolean {
  return (LIFECYCLE_STAGES as readonly string[]).includes(value)
}

function timestampOrNull(value: number | undefined): number | null {
  return value === undefined || value <= 0 ? null : value
}

export function parseNumber(value: string): number | null {
  const trimmed = value.trim()
  if (trimmed === '') return null
  const number = Number(trimmed)
  return Number.isFinite(number) ? number : null
}

function parseDays(value: string): number | null {
  const trimmed = value.trim()
  return /^\d{1,5}$/.test(trimmed) ? Number(trimmed) : null
}

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

/** 'YYYY-MM-DD' → start of that day in UTC (epoch ms), or null when not a real date. */
export function parseDay(value: string): number | null {
  const match = DAY_PATTERN.exec(value.trim())
  if (!match) return null
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  const time = Date.UTC(year, month - 1, day)
  const date = new Date(time)
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null
  return time
}

function customText(value: string | number | null): string {
  return value === null ? '' : String(value)
}

function customNumber(value: string | number | null): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  return value === null ? null : parseNumber(value)
}

function customDay(value: string | number | null): number | null {
  return typeof value === 'string' ? parseDay(value) : null
}
