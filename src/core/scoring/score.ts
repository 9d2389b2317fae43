import type { Contact } from '../schema/contacts'
import type { Deal } from '../schema/deals'
import type { EngagementEvent } from '../schema/events'
import type { LifecycleStage } from '../schema/lifecycle'
import type { ScoringEvent, ScoringRule, Setting } from '../schema/settings'

// Lead scoring. The score is never stored: it is computed from the contact, its engagement
// signals and the workspace's rules wherever it is needed, so decay costs no writes.
//
// Rounding rule: every contribution (one per matching rule) is rounded once, half away from
// zero, to a whole number of points; the total is the sum of those whole contributions plus the
// contact's manual adjustment. What the contact page lists therefore always adds up to the total.

export interface ScoringConfig {
  rules: ScoringRule[]
  /** Behavioural points halve every decayDays days; 0 = no decay. */
  decayDays: number
  mqlThreshold: number
  sqlThreshold: number
}

export const DAY_MS = 86_400_000

export const DEFAULT_SCORING_CONFIG: ScoringConfig = {
  rules: [
    { id: 'default-title-director', kind: 'field', field: 'title', operator: 'contains', value: 'Director', points: 10, enabled: true },
    { id: 'default-opened', kind: 'event', event: 'opened', points: 1, enabled: true },
    { id: 'default-clicked', kind: 'event', event: 'clicked', points: 5, enabled: true },
    { id: 'default-unsubscribed', kind: 'event', event: 'unsubscribed', points: -50, enabled: true },
    { id: 'default-deal-created', kind: 'event', event: 'dealCreated', points: 20, enabled: true },
    { id: 'default-deal-won', kind: 'event', event: 'dealWon', points: 30, enabled: true },
  ],
  decayDays: 30,
  mqlThreshold: 20,
  sqlThreshold: 50,
}

/** The workspace's scoring from its settings doc; defaults for anything not saved yet. */
export function scoringConfigFrom(setting: Setting | null | undefined): ScoringConfig {
  if (!setting || setting.kind !== 'scoring') return DEFAULT_SCORING_CONFIG
  return {
    rules: setting.rules ?? DEFAULT_SCORING_CONFIG.rules,
    decayDays: setting.decayDays ?? DEFAULT_SCORING_CONFIG.decayDays,
    mqlThreshold: setting.mqlThreshold ?? DEFAULT_SCORING_CONFIG.mqlThreshold,
    sqlThreshold: setting.sqlThreshold ?? DEFAULT_SCORING_CONFIG.sqlThreshold,
  }
}

/** Times (epoch ms, ascending) of one contact's scoring events. */
export interface ContactSignals {
  opens: number[]
  clicks: number[]
  dealsCreated: number[]
  dealsWon: number[]
}

function emptySignals(): ContactSignals {
  return { opens: [], clicks: [], dealsCreated: [], dealsWon: [] }
}

/**
 * Scoring signals by contact id. Machine opens and clicks (privacy proxies, link scanners) do
 * not score; a won deal without a close time counts as won when it was created. Times are sorted
 * so the same events in any order give the same score to the last bit.
 */
export function collectSignals(
  events: Iterable<Pick<EngagementEvent, 'type' | 'contactId' | 'at' | 'machine'>>,
  deals: Iterable<Pick<Deal, 'contactId' | 'createdAt' | 'status' | 'closedAt'>>,
): Map<string, ContactSignals> {
  const signals = new Map<string, ContactSignals>()
  const of = (contactId: string): ContactSignals => {
    let entry = signals.get(contactId)
    if (!entry) {
      entry = emptySignals()
      signals.set(contactId, entry)
    }
    return entry
  }
  for (const event of events) {
    if (event.machine || !event.contactId) continue
    if (event.type === 'open') of(event.contactId).opens.push(event.at)
    else if (event.type === 'click') of(event.contactId).clicks.push(event.at)
  }
  for (const deal of deals) {
    if (!deal.contactId) continue
    const entry = of(deal.contactId)
    entry.dealsCreated.push(deal.createdAt)
    if (deal.status === 'won') entry.dealsWon.push(deal.closedAt ?? deal.createdAt)
  }
  const ascending = (a: number, b: number): number => a - b
  for (const entry of signals.values()) {
    entry.opens.sort(ascending)
    entry.clicks.sort(ascending)
    entry.dealsCreated.sort(ascending)
    entry.dealsWon.sort(ascending)
  }
  return signals
}

export interface ScoreContribution {
  ruleId: string
  label: string
  points: number
  /** Events counted (1 for a field condition or the unsubscribed state). */
  count: number
}

export interface ContactScore {
  total: number
  demographic: number
  behavioural: number
  adjustment: number
  contributions: ScoreContribution[]
}

/** Points of one event `ageMs` old: halved every decayDays (0 = never); future events count fully. */
export function decayedPoints(points: number, ageMs: number, decayDays: number): number {
  if (decayDays <= 0 || ageMs <= 0) return points
  return points * 0.5 ** (ageMs / (decayDays * DAY_MS))
}

/** Half away from zero, so +2.5 and −2.5 round to the same magnitude. */
export function roundPoints(value: number): number {
  const rounded = Math.sign(value) * Math.round(Math.abs(value))
  return rounded === 0 ? 0 : rounded
}

export const SCORING_EVENT_LABELS: Record<ScoringEvent, string> = {
  opened: 'Opened an email',
  clicked: 'Clicked an email',
  unsubscribed: 'Unsubscribed',
  dealCreated: 'Deal created',
  dealWon: 'Deal won',
}

/** Contact fields a demographic rule can test, besides `custom.<key>`. */
export const SCORING_CONTACT_FIELDS = [
  { field: 'title', label: 'Job title' },
  { field: 'email', label: 'Email' },
  { field: 'firstName', label: 'First name' },
  { field: 'lastName', label: 'Last name' },
  { field: 'phone', label: 'Phone' },
  { field: 'tags', label: 'Tags' },
  { field: 'lifecycleStage', label: 'Lifecycle stage' },
  { field: 'companyId', label: 'Company' },
] as const

const CONTACT_FIELD_LABELS: ReadonlyMap<string, string> = new Map(SCORING_CONTACT_FIELDS.map((f) => [f.field, f.label]))

const OPERATOR_LABELS: Record<NonNullable<ScoringRule['operator']>, string> = {
  contains: 'contains',
  equals: 'is',
  notEmpty: 'is not empty',
  isEmpty: 'is empty',
  gte: 'is at least',
  lte: 'is at most',
}

/** What a rule tests, in words ("Job title contains Director"); custom fields use `fieldLabels` when given. */
export function ruleLabel(rule: ScoringRule, fieldLabels?: ReadonlyMap<string, string>): string {
  if (rule.kind === 'event') return rule.event ? SCORING_EVENT_LABELS[rule.event] : 'Event'
  const field = rule.field ?? ''
  const fieldLabel = fieldLabels?.get(field) ?? CONTACT_FIELD_LABELS.get(field) ?? (field.startsWith('custom.') ? field.slice(7) : field)
  const operator = rule.operator ?? 'equals'
  if (operator === 'notEmpty' || operator === 'isEmpty') return `${fieldLabel} ${OPERATOR_LABELS[operator]}`
  return `${fieldLabel} ${OPERATOR_LABELS[operator]} ${rule.value ?? ''}`
}

type FieldValue = string | number | null | undefined | readonly string[]

function fieldValue(contact: Contact, field: string): FieldValue {
  if (field.startsWith('custom.')) return contact.customFields[field.slice(7)]
  switch (field) {
    case 'title':
    case 'email':
    case 'firstName':
    case 'lastName':
    case 'phone':
    case 'companyId':
    case 'lifecycleStage':
      return contact[field]
    case 'tags':
      return contact.tags
    default:
      return undefined
  }
}

type FieldTest = (contact: Contact) => boolean

function isBlank(value: FieldValue): boolean {
  if (value === null || value === undefined) return true
  if (typeof value === 'string') return value.trim() === ''
  if (typeof value === 'number') return false
  return value.length === 0
}

/**
 * Text compares case-insensitively; tags match when any tag does; gte/lte compare as numbers
 * when the rule's value is a number, else as text (so YYYY-MM-DD dates order correctly).
 */
function compileFieldTest(rule: ScoringRule): FieldTest {
  const field = rule.field ?? ''
  const operator = rule.operator ?? 'equals'
  const wanted = (rule.value ?? '').trim().toLowerCase()
  const wantedNumber = wanted === '' ? Number.NaN : Number(wanted)
  const textMatches = (text: string): boolean => {
    const lower = text.toLowerCase()
    return operator === 'contains' ? lower.includes(wanted) : lower.trim() === wanted
  }
  const ordered = (value: string | number): boolean => {
    let comparison: number
    if (Number.isFinite(wantedNumber)) {
      const number = typeof value === 'number' ? value : value.trim() === '' ? Number.NaN : Number(value)
      if (!Number.isFinite(number)) return false
      comparison = number - wantedNumber
    } else {
      const text = String(value).trim().toLowerCase()
      if (text === '') return false
      comparison = text < wanted ? -1 : text > wanted ? 1 : 0
    }
    return operator === 'gte' ? comparison >= 0 : comparison <= 0
  }
  return (contact) => {
    const value = fieldValue(contact, field)
    if (operator === 'isEmpty') return isBlank(value)
    if (operator === 'notEmpty') return !isBlank(value)
    if (value === null || value === undefined) return false
    if (typeof value !== 'string' && typeof value !== 'number') {
      return value.some((item) => (operator === 'gte' || operator === 'lte' ? ordered(item) : textMatches(item)))
    }
    if (operator === 'gte' || operator === 'lte') return ordered(value)
    return textMatches(String(value))
  }
}

interface CompiledRule {
  rule: ScoringRule
  label: string
  test: FieldTest | null
}

interface CompiledScoring {
  fieldRules: CompiledRule[]
  eventRules: CompiledRule[]
}

// Compiled once per config object: rescoring 100,000 contacts reuses the same closures.
const compiledConfigs = new WeakMap<ScoringConfig, CompiledScoring>()

function compile(config: ScoringConfig): CompiledScoring {
  const cached = compiledConfigs.get(config)
  if (cached) return cached
  const fieldRules: CompiledRule[] = []
  const eventRules: CompiledRule[] = []
  for (const rule of config.rules) {
    if (!rule.enabled) continue
    if (rule.kind === 'field') {
      if (!rule.field) continue
      fieldRules.push({ rule, label: ruleLabel(rule), test: compileFieldTest(rule) })
    } else if (rule.event) {
      eventRules.push({ rule, label: ruleLabel(rule), test: null })
    }
  }
  const compiled = { fieldRules, eventRules }
  compiledConfigs.set(config, compiled)
  return compiled
}

const NO_TIMES: readonly number[] = []

function eventTimes(signals: ContactSignals | undefined, event: ScoringEvent): readonly number[] {
  if (!signals) return NO_TIMES
  switch (event) {
    case 'opened':
      return signals.opens
    case 'clicked':
      return signals.clicks
    case 'dealCreated':
      return signals.dealsCreated
    case 'dealWon':
      return signals.dealsWon
    case 'unsubscribed':
      return NO_TIMES
  }
}

/**
 * The contact's score and where every point came from. Pure and deterministic: field rules give
 * their points when the condition holds; event rules give points per event, decayed by age;
 * "unsubscribed" gives its points (undecayed) while the contact is unsubscribed.
 * Contributions list only rules that matched (count > 0), in rule order.
 */
export function scoreContact(contact: Contact, signals: ContactSignals | undefined, config: ScoringConfig, now: number): ContactScore {
  const { fieldRules, eventRules } = compile(config)
  const contributions: ScoreContribution[] = []
  let demographic = 0
  let behavioural = 0
  for (const { rule, label, test } of fieldRules) {
    if (!test?.(contact)) continue
    contributions.push({ ruleId: rule.id, label, points: rule.points, count: 1 })
    demographic += rule.points
  }
  for (const { rule, label } of eventRules) {
    const event = rule.event
    if (!event) continue
    if (event === 'unsubscribed') {
      if (!contact.unsubscribed) continue
      contributions.push({ ruleId: rule.id, label, points: rule.points, count: 1 })
      behavioural += rule.points
      continue
    }
    const times = eventTimes(signals, event)
    if (times.length === 0) continue
    let raw = 0
    for (const at of times) raw += decayedPoints(rule.points, now - at, config.decayDays)
    const points = roundPoints(raw)
    contributions.push({ ruleId: rule.id, label, points, count: times.length })
    behavioural += points
  }
  const adjustment = contact.scoreAdjustment ?? 0
  return { total: demographic + behavioural + adjustment, demographic, behavioural, adjustment, contributions }
}

/** The stage a score qualifies for: sales qualified beats marketing qualified; null below both. */
export function stageForScore(score: number, config: ScoringConfig): LifecycleStage | null {
  if (score >= config.sqlThreshold) return 'salesQualified'
  if (score >= config.mqlThreshold) return 'marketingQualified'
  return null
}
