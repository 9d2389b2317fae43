import { SCORING_EVENTS, SCORING_FIELD_OPERATORS, type ScoringRule } from '../schema/settings'
import { SCORING_CONTACT_FIELDS, type ScoringConfig } from './score'

export interface ScoringProblem {
  /** The rule the problem is in; absent for the decay and thresholds. */
  ruleId?: string
  /** Which input: 'field' | 'operator' | 'value' | 'event' | 'points' | 'decayDays' | 'mqlThreshold' | 'sqlThreshold' | 'rules'. */
  input: string
  message: string
}

export const SCORING_LIMITS = { rules: 200, points: 1000, decayDays: 3650, threshold: 100_000, value: 200 } as const

const OPERATORS_WITH_VALUE: ReadonlySet<string> = new Set(['contains', 'equals', 'gte', 'lte'])

function isWhole(value: number, limit: number, min = -limit): boolean {
  return Number.isInteger(value) && value >= min && value <= limit
}

/**
 * Everything wrong with a scoring config before it is saved, in words a marketer understands.
 * `customFieldKeys` are the workspace's custom field keys (rules may test `custom.<key>`).
 */
export function validateScoringConfig(config: ScoringConfig, customFieldKeys: Iterable<string>): ScoringProblem[] {
  const problems: ScoringProblem[] = []
  const knownFields = new Set<string>(SCORING_CONTACT_FIELDS.map((f) => f.field))
  for (const key of customFieldKeys) knownFields.add(`custom.${key}`)
  if (config.rules.length > SCORING_LIMITS.rules) {
    problems.push({ input: 'rules', message: `At most ${SCORING_LIMITS.rules} rules.` })
  }
  for (const rule of config.rules) problems.push(...ruleProblems(rule, knownFields))
  if (!isWhole(config.decayDays, SCORING_LIMITS.decayDays, 0)) {
    problems.push({ input: 'decayDays', message: `Decay must be a whole number of days from 0 (no decay) to ${SCORING_LIMITS.decayDays}.` })
  }
  const mqlOk = isWhole(config.mqlThreshold, SCORING_LIMITS.threshold)
  const sqlOk = isWhole(config.sqlThreshold, SCORING_LIMITS.threshold)
  if (!mqlOk) problems.push({ input: 'mqlThreshold', message: 'The MQL threshold must be a whole number of points.' })
  if (!sqlOk) problems.push({ input: 'sqlThreshold', message: 'The SQL threshold must be a whole number of points.' })
  if (mqlOk && sqlOk && config.sqlThreshold <= config.mqlThreshold) {
    problems.push({ input: 'sqlThreshold', message: 'The SQL threshold must be higher than the MQL threshold.' })
  }
  return problems
}

function ruleProblems(rule: ScoringRule, knownFields: ReadonlySet<string>): ScoringProblem[] {
  const problems: ScoringProblem[] = []
  const add = (input: string, message: string): void => {
    problems.push({ ruleId: rule.id, input, message })
  }
  if (!isWhole(rule.points, SCORING_LIMITS.points)) {
    add('points', `Points must be a whole number from −${SCORING_LIMITS.points} to ${SCORING_LIMITS.points}.`)
  } else if (rule.points === 0) {
    add('points', 'A rule worth 0 points does nothing: give it points or remove it.')
  }
  if (rule.kind === 'event') {
    if (!rule.event || !(SCORING_EVENTS as readonly string[]).includes(rule.event)) add('event', 'Choose an event.')
    return problems
  }
  if (!rule.field) add('field', 'Choose a field.')
  else if (!knownFields.has(rule.field)) add('field', `The field “${rule.field}” no longer exists.`)
  const operator = rule.operator
  if (!operator || !(SCORING_FIELD_OPERATORS as readonly string[]).includes(operator)) add('operator', 'Choose a condition.')
  else if (OPERATORS_WITH_VALUE.has(operator)) {
    const value = (rule.value ?? '').trim()
    if (value === '') add('value', 'Enter a value to compare with.')
    else if (value.length > SCORING_LIMITS.value) add('value', `At most ${SCORING_LIMITS.value} characters.`)
  }
  return problems
}
