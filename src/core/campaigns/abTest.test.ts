import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { AbTest } from '../schema/campaigns'
import { AB_REST, abConfidence, abTestShares, assignAbVariants, pickAbWinner, validateAbTest, type AbTestContext } from './abTest'

function anAbTest(overrides: Partial<AbTest> = {}): AbTest {
  return {
    variants: [
      { id: 'A', name: 'A', subject: 'Spring is here', fromName: '', templateId: '' },
      { id: 'B', name: 'B', subject: 'Our spring sale', fromName: '', templateId: '' },
    ],
    testPercent: 20,
    metric: 'clicks',
    waitMinutes: 60,
    ...overrides,
  }
}

const variantIds = ['A', 'B', 'C', 'D']
const abTestArbitrary = fc.record({
  variantCount: fc.integer({ min: 2, max: 4 }),
  testPercent: fc.integer({ min: 5, max: 50 }),
})

describe('abTestShares', () => {
  it('takes round(testPercent%) of the audience, split evenly, and the rest gets the winner', () => {
    expect(abTestShares(1_000, 20, 2)).toEqual({ perVariant: [100, 100], test: 200, rest: 800 })
    expect(abTestShares(1_001, 10, 3)).toEqual({ perVariant: [34, 33, 33], test: 100, rest: 901 })
  })

  it('gives every variant at least one contact while the audience allows', () => {
    expect(abTestShares(10, 5, 4)).toEqual({ perVariant: [1, 1, 1, 1], test: 4, rest: 6 })
    expect(abTestShares(3, 5, 4)).toEqual({ perVariant: [1, 1, 1, 0], test: 3, rest: 0 })
    expect(abTestShares(0, 50, 2)).toEqual({ perVariant: [0, 0], test: 0, rest: 0 })
  })
})

describe('assignAbVariants', () => {
  it('every contact exactly once, shares add up and match abTestShares, the split is even (property)', () => {
    fc.assert(
      fc.property(abTestArbitrary, fc.integer({ min: 0, max: 400 }), fc.string(), ({ variantCount, testPercent }, audience, seed) => {
        const abTest = anAbTest({ testPercent, variants: variantIds.slice(0, variantCount).map((id) => ({ id, name: id, subject: id, fromName: '', templateId: '' })) })
        const contacts = Array.from({ length: audience }, (_, index) => `c${index}`)
        const assigned = assignAbVariants(contacts, abTest, seed)
        expect(assigned).toHaveLength(audience)
        const shares = abTestShares(audience, testPercent, variantCount)
        const counts = variantIds.slice(0, variantCount).map((id) => assigned.filter((value) => value === id).length)
        expect(counts).toEqual(shares.perVariant)
        expect(assigned.filter((value) => value === AB_REST)).toHaveLength(shares.rest)
        expect(shares.test + shares.rest).toBe(audience)
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1)
        if (audience >= variantCount) expect(Math.min(...counts)).toBeGreaterThanOrEqual(1)
      }),
    )
  })

  it('is deterministic for a seed and differs between seeds', () => {
    const contacts = Array.from({ length: 200 }, (_, index) => `c${index}`)
    const abTest = anAbTest({ testPercent: 50 })
    expect(assignAbVariants(contacts, abTest, 'campaign-1')).toEqual(assignAbVariants(contacts, abTest, 'campaign-1'))
    expect(assignAbVariants(contacts, abTest, 'campaign-1')).not.toEqual(assignAbVariants(contacts, abTest, 'campaign-2'))
  })

  it('samples the test share across the audience, not from its start', () => {
    const contacts = Array.from({ length: 1_000 }, (_, index) => `c${index}`)
    const assigned = assignAbVariants(contacts, anAbTest({ testPercent: 10 }), 'seed')
    const inSecondHalf = assigned.slice(500).filter((value) => value !== AB_REST).length
    expect(inSecondHalf).toBeGreaterThan(25)
    expect(inSecondHalf).toBeLessThan(75)
  })
})

describe('abConfidence', () => {
  const outcome = fc.integer({ min: 0, max: 20_000 }).chain((sent) => fc.record({ sent: fc.constant(sent), successes: fc.integer({ min: 0, max: sent }) }))
  const outcomes = fc.array(outcome, { minLength: 2, maxLength: 4 }).map((list) => list.map((value, index) => ({ id: variantIds[index] as string, ...value })))

  it('each figure is in [0, 1] and they sum to 1 (property)', () => {
    fc.assert(
      fc.property(outcomes, (variants) => {
        const confidence = abConfidence(variants)
        const values = variants.map((variant) => confidence.get(variant.id) as number)
        for (const value of values) {
          expect(value).toBeGreaterThanOrEqual(0)
          expect(value).toBeLessThanOrEqual(1)
        }
        expect(values.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 9)
      }),
      { numRuns: 60 },
    )
  })

  it('strictly more successes at equal sends is never less confident (property)', () => {
    fc.assert(
      fc.property(outcomes, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), (variants, a, b) => {
        const [first, second] = [variants[a % variants.length], variants[b % variants.length]]
        if (first === undefined || second === undefined || first === second) return
        // Give the second variant the first's sends and fewer successes.
        const sent = first.sent
        if (first.successes === 0) return
        const adjusted = variants.map((variant) => (variant === second ? { ...variant, sent, successes: Math.floor(first.successes / 2) } : variant))
        const confidence = abConfidence(adjusted)
        expect(confidence.get(first.id) as number).toBeGreaterThanOrEqual((confidence.get(second.id) as number) - 1e-12)
      }),
      { numRuns: 60 },
    )
  })

  it('swapping two variants swaps their figures (property)', () => {
    fc.assert(
      fc.property(outcomes, (variants) => {
        const reversed = [...variants].reverse().map((variant, index) => ({ ...variant, id: variants[index]?.id ?? '' }))
        const forward = abConfidence(variants)
        const backward = abConfidence(reversed)
        reversed.forEach((variant, index) => {
          const original = variants[variants.length - 1 - index]
          expect(backward.get(variant.id) as number).toBeCloseTo(forward.get(original?.id ?? '') as number, 9)
        })
      }),
      { numRuns: 60 },
    )
  })

  it('splits evenly between identical variants and agrees with the closed form for two', () => {
    const even = abConfidence([
      { id: 'A', sent: 100, successes: 10 },
      { id: 'B', sent: 100, successes: 10 },
      { id: 'C', sent: 100, successes: 10 },
    ])
    for (const value of even.values()) expect(value).toBeCloseTo(1 / 3, 9)
    // 12% against 8% of 500 each: P(A > B) ≈ Φ(0.04 / √(0.12·0.88/502 + 0.08·0.92/502)) ≈ 0.98.
    const two = abConfidence([
      { id: 'A', sent: 500, successes: 60 },
      { id: 'B', sent: 500, successes: 40 },
    ])
    expect(two.get('A')).toBeGreaterThan(0.97)
    expect(two.get('A')).toBeLessThan(0.995)
    // No data: a coin flip. Large, close tests stay resolved (no underflow at 100,000 sends).
    expect(abConfidence([{ id: 'A', sent: 0, successes: 0 }, { id: 'B', sent: 0, successes: 0 }]).get('A')).toBeCloseTo(0.5, 9)
    const big = abConfidence([
      { id: 'A', sent: 100_000, successes: 5_200 },
      { id: 'B', sent: 100_000, successes: 5_000 },
    ])
    expect(big.get('A')).toBeGreaterThan(0.97)
  })
})

describe('pickAbWinner', () => {
  const figures = (id: string, sent: number, uniqueOpens: number, uniqueClicks: number) => ({ id, sent, uniqueOpens, uniqueClicks })

  it('picks the highest unique click rate, or open rate, not the highest count', () => {
    const variants = [figures('A', 100, 40, 5), figures('B', 50, 10, 4)]
    expect(pickAbWinner(variants, 'clicks')).toEqual({ winnerId: 'B', decidedBy: 'clicks' })
    expect(pickAbWinner(variants, 'opens')).toEqual({ winnerId: 'A', decidedBy: 'opens' })
  })

  it('a shared best rate goes to the first of the leaders, decided by tie', () => {
    expect(pickAbWinner([figures('A', 10, 0, 1), figures('B', 10, 0, 3), figures('C', 20, 0, 6)], 'clicks')).toEqual({ winnerId: 'B', decidedBy: 'tie' })
    expect(pickAbWinner([figures('A', 0, 0, 0), figures('B', 0, 0, 0)], 'clicks')).toEqual({ winnerId: 'A', decidedBy: 'tie' })
    expect(pickAbWinner([], 'clicks')).toBeNull()
  })
})

describe('validateAbTest', () => {
  const templates = [
    { id: 'T1', subject: 'Spring is here', fromName: 'Acme' },
    { id: 'T2', subject: 'Spring, in pictures', fromName: 'Acme' },
  ]
  const context: AbTestContext = { campaignTemplate: templates[0] ?? null, templateById: (id) => templates.find((template) => template.id === id) ?? null }

  it('accepts variants that differ in subject, sender name or template', () => {
    expect(validateAbTest(anAbTest(), context)).toEqual([])
    expect(
      validateAbTest(
        anAbTest({ variants: [{ id: 'A', name: 'A', subject: '', fromName: '', templateId: '' }, { id: 'B', name: 'B', subject: '', fromName: 'Ada at Acme', templateId: '' }] }),
        context,
      ),
    ).toEqual([])
    expect(
      validateAbTest(anAbTest({ variants: [{ id: 'A', name: 'A', subject: '', fromName: '', templateId: '' }, { id: 'B', name: 'B', subject: '', fromName: '', templateId: 'T2' }] }), context),
    ).toEqual([])
  })

  it('flags variants that send the same thing, once the campaign’s own values fill the blanks', () => {
    const issues = validateAbTest(
      anAbTest({ variants: [{ id: 'A', name: 'A', subject: '', fromName: '', templateId: '' }, { id: 'B', name: 'B', subject: 'Spring is here', fromName: 'Acme', templateId: 'T1' }] }),
      context,
    )
    expect(issues).toEqual([{ variantId: 'B', message: 'Variant “B”: sends exactly what variant “A” sends: change its subject, sender name or template' }])
    // A blank subject is the variant template's own subject.
    const sameAsTemplate = validateAbTest(
      anAbTest({ variants: [{ id: 'A', name: 'A', subject: '', fromName: '', templateId: 'T2' }, { id: 'B', name: 'B', subject: 'Spring, in pictures', fromName: '', templateId: 'T2' }] }),
      context,
    )
    expect(sameAsTemplate.map((issue) => issue.variantId)).toEqual(['B'])
  })

  it('flags duplicate ids and names, missing templates, bad settings and a winner that is no variant', () => {
    const issues = validateAbTest(
      {
        variants: [
          { id: 'A', name: 'Same', subject: 'One', fromName: '', templateId: '' },
          { id: 'A', name: 'same', subject: 'Two', fromName: '', templateId: 'GONE' },
          { id: 'C', name: '', subject: 'Three', fromName: '', templateId: '' },
        ],
        testPercent: 60,
        metric: 'clicks',
        waitMinutes: 5,
        manualWinnerId: 'Z',
      },
      context,
    )
    expect(issues.map((issue) => issue.message)).toEqual([
      'The test share must be between 5% and 50%',
      'The wait before picking a winner must be between 15 minutes and 7 days',
      'Variant “same”: has the same id as another variant',
      'Variant “same”: another variant has the same name',
      'Variant “same”: its template was deleted: choose another one',
      'Variant 3: give it a name',
      'The chosen winner is not one of the variants',
    ])
    expect(validateAbTest(anAbTest({ variants: [{ id: 'A', name: 'A', subject: 'x', fromName: '', templateId: '' }] }), context)[0]?.message).toBe(
      'An A/B test needs 2 to 4 variants',
    )
  })

  it('needs a template for every variant when the campaign has none', () => {
    const issues = validateAbTest(anAbTest(), { campaignTemplate: null, templateById: () => null })
    expect(issues.map((issue) => issue.variantId)).toEqual(['A', 'B'])
  })
})
