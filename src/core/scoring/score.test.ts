import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Contact } from '../schema/contacts'
import type { ScoringRule, Setting } from '../schema/settings'
import { aContact } from '../testing/contactFixture'
import {
  DAY_MS,
  DEFAULT_SCORING_CONFIG,
  collectSignals,
  decayedPoints,
  roundPoints,
  ruleLabel,
  scoreContact,
  scoringConfigFrom,
  stageForScore,
  type ContactSignals,
  type ScoringConfig,
} from './score'

const NOW = Date.UTC(2026, 5, 15, 12)

function config(rules: ScoringRule[], overrides: Partial<ScoringConfig> = {}): ScoringConfig {
  return { rules, decayDays: 30, mqlThreshold: 20, sqlThreshold: 50, ...overrides }
}

function signals(overrides: Partial<ContactSignals> = {}): ContactSignals {
  return { opens: [], clicks: [], dealsCreated: [], dealsWon: [], ...overrides }
}

const director: ScoringRule = { id: 'r1', kind: 'field', field: 'title', operator: 'contains', value: 'director', points: 10, enabled: true }
const clicked: ScoringRule = { id: 'r2', kind: 'event', event: 'clicked', points: 5, enabled: true }
const opened: ScoringRule = { id: 'r3', kind: 'event', event: 'opened', points: 1, enabled: true }
const unsubscribed: ScoringRule = { id: 'r4', kind: 'event', event: 'unsubscribed', points: -50, enabled: true }

describe('scoreContact', () => {
  it('explains which rules gave which points', () => {
    const contact = aContact({ title: 'Marketing Director' })
    const score = scoreContact(contact, signals({ clicks: [NOW, NOW, NOW] }), config([director, clicked]), NOW)
    expect(score).toEqual({
      total: 25,
      demographic: 10,
      behavioural: 15,
      adjustment: 0,
      contributions: [
        { ruleId: 'r1', label: 'Job title contains director', points: 10, count: 1 },
        { ruleId: 'r2', label: 'Clicked an email', points: 15, count: 3 },
      ],
    })
  })

  it('halves behavioural points every decayDays and leaves field points alone', () => {
    const contact = aContact({ title: 'Director' })
    const score = scoreContact(contact, signals({ clicks: [NOW - 30 * DAY_MS, NOW - 60 * DAY_MS] }), config([director, clicked]), NOW)
    // 5 × 0.5 + 5 × 0.25 = 3.75 → 4
    expect(score.behavioural).toBe(4)
    expect(score.demographic).toBe(10)
  })

  it('never decays with decayDays 0', () => {
    const score = scoreContact(aContact(), signals({ opens: [NOW - 3650 * DAY_MS] }), config([opened], { decayDays: 0 }), NOW)
    expect(score.total).toBe(1)
  })

  it('applies "unsubscribed" while the contact is unsubscribed, undecayed', () => {
    const rules = config([unsubscribed])
    expect(scoreContact(aContact({ unsubscribed: true }), undefined, rules, NOW).total).toBe(-50)
    expect(scoreContact(aContact({ unsubscribed: false }), undefined, rules, NOW).contributions).toEqual([])
  })

  it('adds the manual adjustment', () => {
    const score = scoreContact(aContact({ scoreAdjustment: 7 }), undefined, config([]), NOW)
    expect(score).toMatchObject({ total: 7, adjustment: 7, contributions: [] })
  })

  it('tests custom fields, tags, emptiness and ordering', () => {
    const contact = aContact({ tags: ['VIP', 'Beta'], customFields: { employees: 250, renewal: '2026-09-01', plan: '' } })
    const rule = (id: string, field: string, operator: ScoringRule['operator'], value = ''): ScoringRule => ({
      id,
      kind: 'field',
      field,
      operator,
      value,
      points: 1,
      enabled: true,
    })
    const rules = config([
      rule('employees-gte', 'custom.employees', 'gte', '200'),
      rule('employees-lte', 'custom.employees', 'lte', '200'),
      rule('renewal-after', 'custom.renewal', 'gte', '2026-06-01'),
      rule('plan-empty', 'custom.plan', 'isEmpty'),
      rule('missing-empty', 'custom.missing', 'isEmpty'),
      rule('tag-vip', 'tags', 'equals', 'vip'),
      rule('tag-none', 'tags', 'equals', 'vi'),
      rule('phone-set', 'phone', 'notEmpty'),
    ])
    const matched = scoreContact(contact, undefined, rules, NOW).contributions.map((c) => c.ruleId)
    expect(matched).toEqual(['employees-gte', 'renewal-after', 'plan-empty', 'missing-empty', 'tag-vip'])
  })

  it('lists events that decayed to nothing with their count', () => {
    const score = scoreContact(aContact(), signals({ opens: [NOW - 3000 * DAY_MS] }), config([opened]), NOW)
    expect(score.contributions).toEqual([{ ruleId: 'r3', label: 'Opened an email', points: 0, count: 1 }])
  })
})

describe('collectSignals', () => {
  it('leaves out machine events and unlinked deals, sorts times, counts won deals at their close', () => {
    const result = collectSignals(
      [
        { type: 'open', contactId: 'a', at: 30, machine: false },
        { type: 'open', contactId: 'a', at: 10, machine: false },
        { type: 'click', contactId: 'a', at: 20, machine: true },
        { type: 'bounce', contactId: 'a', at: 20, machine: false },
        { type: 'click', contactId: 'b', at: 5, machine: false },
      ],
      [
        { contactId: 'a', createdAt: 100, status: 'won', closedAt: 200 },
        { contactId: 'a', createdAt: 50, status: 'open' },
        { contactId: '', createdAt: 70, status: 'won', closedAt: 80 },
      ],
    )
    expect(result.get('a')).toEqual({ opens: [10, 30], clicks: [], dealsCreated: [50, 100], dealsWon: [200] })
    expect(result.get('b')).toEqual({ opens: [], clicks: [5], dealsCreated: [], dealsWon: [] })
    expect(result.size).toBe(2)
  })
})

describe('scoringConfigFrom', () => {
  const base: Setting = { id: 'scoring', kind: 'scoring', createdAt: 0, updatedAt: 0, _clock: {} }
  it('falls back to the defaults', () => {
    expect(scoringConfigFrom(null)).toBe(DEFAULT_SCORING_CONFIG)
    expect(scoringConfigFrom(base)).toEqual(DEFAULT_SCORING_CONFIG)
  })
  it('reads what was saved, including an empty rule list', () => {
    expect(scoringConfigFrom({ ...base, rules: [], decayDays: 0, mqlThreshold: 5, sqlThreshold: 9 })).toEqual({
      rules: [],
      decayDays: 0,
      mqlThreshold: 5,
      sqlThreshold: 9,
    })
  })
})

describe('stageForScore', () => {
  it('prefers sales qualified, then marketing qualified', () => {
    const c = config([])
    expect(stageForScore(50, c)).toBe('salesQualified')
    expect(stageForScore(49, c)).toBe('marketingQualified')
    expect(stageForScore(20, c)).toBe('marketingQualified')
    expect(stageForScore(19, c)).toBeNull()
  })
})

describe('helpers', () => {
  it('rounds half away from zero', () => {
    expect([roundPoints(2.5), roundPoints(-2.5), roundPoints(-0.4), roundPoints(0.49)]).toEqual([3, -3, 0, 0])
  })
  it('labels rules', () => {
    expect(ruleLabel({ id: 'x', kind: 'field', field: 'custom.plan', operator: 'notEmpty', points: 1, enabled: true })).toBe('plan is not empty')
    expect(ruleLabel({ id: 'x', kind: 'field', field: 'custom.plan', operator: 'equals', value: 'Pro', points: 1, enabled: true }, new Map([['custom.plan', 'Plan']]))).toBe(
      'Plan is Pro',
    )
  })
})

// Property tests -----------------------------------------------------------------------------

const timeArb = fc.integer({ min: NOW - 400 * DAY_MS, max: NOW + DAY_MS })
const signalsArb = fc.record({
  opens: fc.array(timeArb, { maxLength: 20 }),
  clicks: fc.array(timeArb, { maxLength: 20 }),
  dealsCreated: fc.array(timeArb, { maxLength: 5 }),
  dealsWon: fc.array(timeArb, { maxLength: 5 }),
})
const pointsArb = fc.integer({ min: -1000, max: 1000 })
const ruleArb: fc.Arbitrary<ScoringRule> = fc.oneof(
  fc.record({
    id: fc.string({ minLength: 1, maxLength: 8 }),
    kind: fc.constant('field' as const),
    field: fc.constantFrom('title', 'email', 'tags', 'custom.plan', 'custom.size', 'phone'),
    operator: fc.constantFrom('contains', 'equals', 'notEmpty', 'isEmpty', 'gte', 'lte'),
    value: fc.constantFrom('director', 'pro', '10', 'a', ''),
    points: pointsArb,
    enabled: fc.boolean(),
  }),
  fc.record({
    id: fc.string({ minLength: 1, maxLength: 8 }),
    kind: fc.constant('event' as const),
    event: fc.constantFrom('opened', 'clicked', 'unsubscribed', 'dealCreated', 'dealWon'),
    points: pointsArb,
    enabled: fc.boolean(),
  }),
)
const contactArb: fc.Arbitrary<Contact> = fc
  .record({
    title: fc.constantFrom('', 'Director of Sales', 'Engineer', 'CEO'),
    email: fc.constantFrom('a@b.test', 'pro@x.test'),
    tags: fc.array(fc.constantFrom('pro', 'vip', 'a'), { maxLength: 3 }),
    plan: fc.constantFrom('', 'pro', 'free', null),
    size: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constant('')),
    unsubscribed: fc.boolean(),
    scoreAdjustment: fc.option(fc.integer({ min: -100, max: 100 }), { nil: undefined }),
  })
  .map(({ plan, size, ...rest }) => aContact({ ...rest, customFields: { plan, size } }))
const configArb = fc.record({
  rules: fc.array(ruleArb, { maxLength: 8 }),
  decayDays: fc.integer({ min: 0, max: 120 }),
  mqlThreshold: fc.constant(20),
  sqlThreshold: fc.constant(50),
})

describe('scoreContact properties', () => {
  it('total is the sum of the contributions and the adjustment; parts add up', () => {
    fc.assert(
      fc.property(contactArb, signalsArb, configArb, (contact, s, c) => {
        const score = scoreContact(contact, s, c, NOW)
        const sum = score.contributions.reduce((total, part) => total + part.points, 0)
        expect(score.total).toBe(sum + score.adjustment)
        expect(score.total).toBe(score.demographic + score.behavioural + score.adjustment)
        for (const part of score.contributions) expect(Number.isInteger(part.points)).toBe(true)
      }),
    )
  })

  it('decay never increases points with age and halves at decayDays', () => {
    fc.assert(
      fc.property(
        pointsArb,
        fc.integer({ min: 0, max: 1000 * DAY_MS }),
        fc.integer({ min: 0, max: 1000 * DAY_MS }),
        fc.integer({ min: 1, max: 365 }),
        (points, ageA, ageB, decayDays) => {
          const [younger, older] = ageA <= ageB ? [ageA, ageB] : [ageB, ageA]
          expect(Math.abs(decayedPoints(points, older, decayDays))).toBeLessThanOrEqual(Math.abs(decayedPoints(points, younger, decayDays)))
          expect(decayedPoints(points, decayDays * DAY_MS, decayDays)).toBeCloseTo(points / 2, 10)
        },
      ),
    )
  })

  it('an older event never scores more than the same event newer (rounded contribution)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 90 }), (points, daysA, daysB, decayDays) => {
        const rule: ScoringRule = { id: 'o', kind: 'event', event: 'opened', points, enabled: true }
        const c = config([rule], { decayDays })
        const at = (days: number) => scoreContact(aContact(), signals({ opens: [NOW - days * DAY_MS] }), c, NOW).total
        const [newer, older] = daysA <= daysB ? [daysA, daysB] : [daysB, daysA]
        expect(at(older)).toBeLessThanOrEqual(at(newer))
      }),
    )
  })

  it('a disabled rule changes nothing', () => {
    fc.assert(
      fc.property(contactArb, signalsArb, configArb, ruleArb, (contact, s, c, rule) => {
        const withDisabled = { ...c, rules: [...c.rules, { ...rule, id: 'extra', enabled: false }] }
        expect(scoreContact(contact, s, withDisabled, NOW)).toEqual(scoreContact(contact, s, c, NOW))
      }),
    )
  })

  it('adding a positive rule never lowers the score', () => {
    fc.assert(
      fc.property(contactArb, signalsArb, configArb, ruleArb, fc.integer({ min: 1, max: 1000 }), (contact, s, c, rule, points) => {
        const more = { ...c, rules: [...c.rules, { ...rule, id: 'extra', points, enabled: true }] }
        expect(scoreContact(contact, s, more, NOW).total).toBeGreaterThanOrEqual(scoreContact(contact, s, c, NOW).total)
      }),
    )
  })

  it('is deterministic: the same inputs, and the same events in any order, give the same score', () => {
    fc.assert(
      fc.property(
        contactArb,
        fc.array(fc.record({ type: fc.constantFrom('open' as const, 'click' as const), at: timeArb, machine: fc.boolean() }), { maxLength: 30 }),
        configArb,
        (contact, events, c) => {
          const withContact = events.map((e) => ({ ...e, contactId: contact.id }))
          const forward = collectSignals(withContact, []).get(contact.id)
          const backward = collectSignals([...withContact].reverse(), []).get(contact.id)
          const first = scoreContact(contact, forward, c, NOW)
          expect(scoreContact(contact, backward, c, NOW)).toEqual(first)
          expect(scoreContact(structuredClone(contact), forward, structuredClone(c), NOW)).toEqual(first)
        },
      ),
    )
  })

  it('the stage for a score only moves up as the score grows', () => {
    const rank = (stage: string | null) => (stage === 'salesQualified' ? 2 : stage === 'marketingQualified' ? 1 : 0)
    fc.assert(
      fc.property(fc.integer({ min: -200, max: 200 }), fc.integer({ min: -200, max: 200 }), (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a]
        expect(rank(stageForScore(low, DEFAULT_SCORING_CONFIG))).toBeLessThanOrEqual(rank(stageForScore(high, DEFAULT_SCORING_CONFIG)))
      }),
    )
  })
})
