import { describe, expect, it } from 'vitest'
import type { ScoringRule } from '../schema/settings'
import { DEFAULT_SCORING_CONFIG, type ScoringConfig } from './score'
import { validateScoringConfig } from './validateScoring'

function withRules(rules: ScoringRule[], overrides: Partial<ScoringConfig> = {}): ScoringConfig {
  return { ...DEFAULT_SCORING_CONFIG, rules, ...overrides }
}

describe('validateScoringConfig', () => {
  it('accepts the defaults', () => {
    expect(validateScoringConfig(DEFAULT_SCORING_CONFIG, [])).toEqual([])
  })

  it('names the rule and the input of each problem', () => {
    const problems = validateScoringConfig(
      withRules([
        { id: 'a', kind: 'field', field: 'title', operator: 'contains', value: '  ', points: 10, enabled: true },
        { id: 'b', kind: 'field', field: 'custom.gone', operator: 'notEmpty', points: 5, enabled: true },
        { id: 'c', kind: 'event', points: 0, enabled: true },
        { id: 'd', kind: 'field', field: 'custom.plan', operator: 'equals', value: 'Pro', points: 2000, enabled: true },
      ]),
      ['plan'],
    )
    expect(problems.map((p) => [p.ruleId, p.input])).toEqual([
      ['a', 'value'],
      ['b', 'field'],
      ['c', 'points'],
      ['c', 'event'],
      ['d', 'points'],
    ])
    expect(problems[1]?.message).toContain('custom.gone')
  })

  it('wants whole numbers for decay and thresholds, and SQL above MQL', () => {
    expect(validateScoringConfig(withRules([], { decayDays: -1 }), []).map((p) => p.input)).toEqual(['decayDays'])
    expect(validateScoringConfig(withRules([], { mqlThreshold: 1.5 }), []).map((p) => p.input)).toEqual(['mqlThreshold'])
    expect(validateScoringConfig(withRules([], { mqlThreshold: 50, sqlThreshold: 50 }), [])).toEqual([
      { input: 'sqlThreshold', message: 'The SQL threshold must be higher than the MQL threshold.' },
    ])
  })
})
