import { describe, expect, it } from 'vitest'
import { LIFECYCLE_STAGES } from '../schema/lifecycle'
import type { Setting } from '../schema/settings'
import { lifecycleLabels, lifecycleSettingsFrom, validateLifecycleStages } from './lifecycleSettings'
import { DEFAULT_LIFECYCLE_AUTOMATION } from './stageMoves'

const base: Setting = { id: 'lifecycle', kind: 'lifecycle', createdAt: 0, updatedAt: 0, _clock: {} }

describe('lifecycleSettingsFrom', () => {
  it('gives every stage, built-in labels and all automation on when nothing is saved', () => {
    const settings = lifecycleSettingsFrom(undefined)
    expect(settings.stages.map((s) => s.stage)).toEqual([...LIFECYCLE_STAGES])
    expect(settings.stages.every((s) => s.enabled)).toBe(true)
    expect(settings.stages[2]?.label).toBe('Marketing qualified')
    expect(settings.automation).toEqual(DEFAULT_LIFECYCLE_AUTOMATION)
  })

  it('uses saved labels, stages in use and automation', () => {
    const settings = lifecycleSettingsFrom({
      ...base,
      lifecycleStages: [
        { stage: 'marketingQualified', label: 'MQL', enabled: true },
        { stage: 'evangelist', label: 'Fan', enabled: false },
      ],
      automation: { scoreMoves: false, dealCreatedMakesOpportunity: true, dealWonMakesCustomer: false },
    })
    expect(lifecycleLabels(settings)).toMatchObject({ marketingQualified: 'MQL', evangelist: 'Fan', lead: 'Lead' })
    expect(settings.stages.find((s) => s.stage === 'evangelist')?.enabled).toBe(false)
    expect(settings.automation.scoreMoves).toBe(false)
  })
})

describe('validateLifecycleStages', () => {
  it('wants names, unique ones, and one funnel stage in use', () => {
    const stages = lifecycleSettingsFrom(undefined).stages.map((s) => ({ ...s, enabled: s.stage === 'other' }))
    stages[0] = { stage: 'subscriber', label: ' ', enabled: false }
    stages[2] = { stage: 'marketingQualified', label: 'lead', enabled: false }
    expect(validateLifecycleStages(stages)).toEqual({
      subscriber: 'Give the stage a name.',
      marketingQualified: 'Another stage already has this name.',
    })
    stages[0] = { stage: 'subscriber', label: 'Subscriber', enabled: false }
    expect(validateLifecycleStages(stages).subscriber).toBe('Keep at least one stage of the funnel in use.')
  })
})
