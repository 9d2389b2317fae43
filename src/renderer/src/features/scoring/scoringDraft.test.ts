import { DEFAULT_SCORING_CONFIG } from '@core/scoring/score'
import { validateScoringConfig } from '@core/scoring/validateScoring'
import { configFromDraft, draftFromConfig, newFieldRule, sameConfig } from './scoringDraft'

describe('scoring draft', () => {
  it('round-trips a saved config unchanged', () => {
    expect(sameConfig(configFromDraft(draftFromConfig(DEFAULT_SCORING_CONFIG)), DEFAULT_SCORING_CONFIG)).toBe(true)
  })

  it('turns blank or odd numbers into validation problems instead of zeros', () => {
    const draft = { ...draftFromConfig(DEFAULT_SCORING_CONFIG), mqlThreshold: '', decayDays: '1.5' }
    const problems = validateScoringConfig(configFromDraft(draft), [])
    expect(problems.map((p) => p.input)).toEqual(['decayDays', 'mqlThreshold'])
  })

  it('drops the value of "is empty" conditions and trims others', () => {
    const empty = { ...newFieldRule('phone', 'isEmpty'), value: 'left over' }
    const contains = { ...newFieldRule('title', 'contains'), value: '  VP ' }
    const config = configFromDraft({ ...draftFromConfig(DEFAULT_SCORING_CONFIG), rules: [empty, contains] })
    expect(config.rules[0]).not.toHaveProperty('value')
    expect(config.rules[1]).toMatchObject({ value: 'VP', points: 10 })
  })
})
