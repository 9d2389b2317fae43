import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Contact, ContactStageEntry } from '../schema/contacts'
import { LIFECYCLE_STAGES, type LifecycleStage } from '../schema/lifecycle'
import { FUNNEL_STAGES, lifecycleFunnel } from './funnel'

type FunnelContact = Pick<Contact, 'lifecycleStage' | 'stageHistory' | 'createdAt'>

function path(...moves: [LifecycleStage, number][]): FunnelContact {
  const stageHistory: ContactStageEntry[] = moves.map(([stage, at]) => ({ stage, at, source: 'manual' }))
  const last = moves.at(-1)
  return { lifecycleStage: last?.[0] ?? 'lead', stageHistory, createdAt: moves[0]?.[1] ?? 0 }
}

const range = { from: 100, to: 200 }

describe('lifecycleFunnel', () => {
  it('counts contacts at each stage now', () => {
    const result = lifecycleFunnel(
      [{ lifecycleStage: 'lead', createdAt: 0 }, { lifecycleStage: 'lead', createdAt: 0 }, path(['subscriber', 0], ['customer', 10])],
      range,
    )
    expect(result.current).toMatchObject({ lead: 2, customer: 1, subscriber: 0 })
  })

  it('counts stages entered within the period, from history or creation, each contact once per stage', () => {
    const result = lifecycleFunnel(
      [
        { lifecycleStage: 'lead', createdAt: 150 },
        { lifecycleStage: 'lead', createdAt: 50 },
        path(['lead', 90], ['marketingQualified', 120], ['lead', 130], ['marketingQualified', 140], ['salesQualified', 250]),
      ],
      range,
    )
    expect(result.entered).toMatchObject({ lead: 2, marketingQualified: 1, salesQualified: 0 })
  })

  it('converts a stage when the contact later moves past it in the period, skipped stages included', () => {
    const result = lifecycleFunnel(
      [
        path(['lead', 110], ['marketingQualified', 120]),
        path(['lead', 110], ['opportunity', 130]),
        path(['lead', 110]),
        path(['lead', 110], ['marketingQualified', 300]),
      ],
      range,
    )
    const leadToMql = result.conversions.find((c) => c.from === 'lead')
    expect(leadToMql).toEqual({ from: 'lead', to: 'marketingQualified', rate: 0.5 })
    expect(result.conversions.find((c) => c.from === 'marketingQualified')?.rate).toBe(0)
    expect(result.conversions.find((c) => c.from === 'subscriber')?.rate).toBeNull()
    expect(result.conversions.map((c) => `${c.from}>${c.to}`)).toHaveLength(FUNNEL_STAGES.length - 1)
  })

  it('pairs only the stages in use when given', () => {
    const result = lifecycleFunnel([path(['lead', 110], ['salesQualified', 120])], range, ['lead', 'salesQualified', 'customer'])
    expect(result.conversions).toEqual([
      { from: 'lead', to: 'salesQualified', rate: 1 },
      { from: 'salesQualified', to: 'customer', rate: 0 },
    ])
  })
})

const stageArb = fc.constantFrom(...LIFECYCLE_STAGES)
const contactArb: fc.Arbitrary<FunnelContact> = fc
  .record({
    createdAt: fc.integer({ min: 0, max: 300 }),
    moves: fc.option(fc.array(fc.record({ stage: stageArb, delta: fc.integer({ min: 0, max: 60 }) }), { minLength: 1, maxLength: 8 }), { nil: undefined }),
    stage: stageArb,
  })
  .map(({ createdAt, moves, stage }) => {
    if (!moves) return { lifecycleStage: stage, createdAt }
    let at = createdAt
    const stageHistory = moves.map((move) => {
      at += move.delta
      return { stage: move.stage, at, source: 'score' as const }
    })
    return { lifecycleStage: stageHistory.at(-1)?.stage ?? stage, stageHistory, createdAt }
  })

describe('lifecycleFunnel properties', () => {
  it('counts every contact once now, no stage entered by more contacts than exist, rates within 0..1', () => {
    fc.assert(
      fc.property(fc.array(contactArb, { maxLength: 40 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }), (contacts, a, b) => {
        const result = lifecycleFunnel(contacts, { from: Math.min(a, b), to: Math.max(a, b) })
        expect(Object.values(result.current).reduce((sum, n) => sum + n, 0)).toBe(contacts.length)
        for (const count of Object.values(result.entered)) expect(count).toBeLessThanOrEqual(contacts.length)
        for (const { rate } of result.conversions) {
          if (rate !== null) {
            expect(rate).toBeGreaterThanOrEqual(0)
            expect(rate).toBeLessThanOrEqual(1)
          }
        }
      }),
    )
  })

  it('a wider period never enters fewer contacts into a stage', () => {
    fc.assert(
      fc.property(fc.array(contactArb, { maxLength: 30 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 200 }), (contacts, from, width) => {
        const narrow = lifecycleFunnel(contacts, { from, to: from + width })
        const wide = lifecycleFunnel(contacts, { from: from - 50, to: from + width + 50 })
        for (const stage of LIFECYCLE_STAGES) expect(wide.entered[stage]).toBeGreaterThanOrEqual(narrow.entered[stage])
      }),
    )
  })
})
