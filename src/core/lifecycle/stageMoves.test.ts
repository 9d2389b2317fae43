import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CONTACT_LIMITS } from '../schema/contacts'
import { LIFECYCLE_STAGES } from '../schema/lifecycle'
import { automaticMove, lastMoveWasManual, moveStage, stageForDealEvent, stageRank, DEFAULT_LIFECYCLE_AUTOMATION } from './stageMoves'

describe('moveStage', () => {
  it('seeds the history with where the contact was, then records the move', () => {
    expect(moveStage({ lifecycleStage: 'lead', createdAt: 5 }, 'customer', 'manual', 10)).toEqual({
      lifecycleStage: 'customer',
      stageHistory: [
        { stage: 'lead', at: 5, source: 'import' },
        { stage: 'customer', at: 10, source: 'manual' },
      ],
    })
  })

  it('does nothing when the contact is already there, and keeps the newest entries', () => {
    expect(moveStage({ lifecycleStage: 'lead', createdAt: 5 }, 'lead', 'manual', 10)).toBeNull()
    const stageHistory = Array.from({ length: CONTACT_LIMITS.stageHistory }, (_, i) => ({ stage: 'lead' as const, at: i, source: 'score' as const }))
    const patch = moveStage({ lifecycleStage: 'lead', stageHistory, createdAt: 0 }, 'customer', 'deal', 999)
    expect(patch?.stageHistory).toHaveLength(CONTACT_LIMITS.stageHistory)
    expect(patch?.stageHistory.at(-1)).toEqual({ stage: 'customer', at: 999, source: 'deal' })
  })
})

describe('automaticMove', () => {
  it('only moves forward and never touches "other"', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LIFECYCLE_STAGES), fc.constantFrom(...LIFECYCLE_STAGES), (from, to) => {
        const patch = automaticMove({ lifecycleStage: from, createdAt: 0 }, to, 'score', 1)
        if (patch) expect(stageRank(patch.lifecycleStage)).toBeGreaterThan(stageRank(from))
        if (from === 'other') expect(patch).toBeNull()
      }),
    )
  })
})

describe('deal events and manual moves', () => {
  it('maps deal events through the automation', () => {
    expect(stageForDealEvent('won', DEFAULT_LIFECYCLE_AUTOMATION)).toBe('customer')
    expect(stageForDealEvent('created', DEFAULT_LIFECYCLE_AUTOMATION)).toBe('opportunity')
    expect(stageForDealEvent('won', { ...DEFAULT_LIFECYCLE_AUTOMATION, dealWonMakesCustomer: false })).toBeNull()
  })
  it('knows when the last move was made by hand', () => {
    expect(lastMoveWasManual({ stageHistory: [{ stage: 'lead', at: 1, source: 'manual' }] })).toBe(true)
    expect(lastMoveWasManual({ stageHistory: [{ stage: 'lead', at: 1, source: 'score' }] })).toBe(false)
    expect(lastMoveWasManual({})).toBe(false)
  })
})
