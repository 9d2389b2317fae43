import fc from 'fast-check'
import { aContact } from '../testing/contactFixture'
import { describe, expect, it } from 'vitest'
import type { Company } from '../schema/companies'
import type { Contact } from '../schema/contacts'
import { LIFECYCLE_STAGES } from '../schema/lifecycle'
import type { SegmentCondition, SegmentOperator, SegmentRules } from '../schema/segments'
import type { CustomFieldDefinition } from '../schema/settings'
import {
  buildEngagementIndex,
  compileSegment,
  emptySegmentRules,
  newSegmentCondition,
  segmentMatcher,
  validateSegmentRules,
  type SegmentContext,
} from './evaluateSegment'
import { segmentFieldDescriptors } from './segmentFields'

const DAY = 86_400_000
const NOW = Date.UTC(2026, 5, 15, 12, 0, 0)

function contact(overrides: Partial<Contact> = {}): Contact {
  return aContact({ createdAt: NOW - 10 * DAY, updatedAt: NOW - DAY, ...overrides })
}

const acme: Company = {
  id: 'co1',
  name: 'Acme Corp',
  domain: 'acme.test',
  industry: 'Software',
  employees: 250,
  phone: '',
  city: 'Berlin',
  country: 'Germany',
  tags: ['Enterprise'],
  createdAt: 0,
  updatedAt: 0,
  _clock: {},
}

const context: SegmentContext = { companiesById: new Map([[acme.id, acme]]), engagement: new Map(), now: NOW }

let nextId = 0
function cond(field: string, operator: SegmentOperator, value = '', value2 = '', values: string[] = []): SegmentCondition {
  nextId++
  return { id: `k${nextId}`, field, operator, value, value2, values }
}

function rules(conditions: SegmentCondition[], match: 'all' | 'any' = 'all'): SegmentRules {
  return { match: 'all', groups: [{ id: 'g1', match, conditions }] }
}

function matches(condition: SegmentCondition, subject: Contact, ctx: SegmentContext = context): boolean {
  return compileSegment(rules([condition]), ctx)(subject)
}

describe('text operators', () => {
  const ada = contact({ email: '  Ada@Example.com ' })
  it('compare trimmed and case-insensitively', () => {
    expect(matches(cond('contact.email', 'equals', 'ada@example.COM'), ada)).toBe(true)
    expect(matches(cond('contact.email', 'notEquals', 'ada@example.com'), ada)).toBe(false)
    expect(matches(cond('contact.email', 'contains', 'EXAMPLE'), ada)).toBe(true)
    expect(matches(cond('contact.email', 'notContains', 'example'), ada)).toBe(false)
    expect(matches(cond('contact.email', 'startsWith', ' ada@'), ada)).toBe(true)
    expect(matches(cond('contact.email', 'startsWith', 'example'), ada)).toBe(false)
    expect(matches(cond('contact.email', 'inList', '', '', ['bob@x.test', 'ADA@example.com']), ada)).toBe(true)
  })
  it('handle empty values', () => {
    expect(matches(cond('contact.phone', 'isEmpty'), contact({ phone: '  ' }))).toBe(true)
    expect(matches(cond('contact.phone', 'isNotEmpty'), contact({ phone: '+49 1' }))).toBe(true)
    // A missing comparison value matches nobody rather than everybody.
    expect(matches(cond('contact.email', 'contains', '  '), ada)).toBe(false)
    expect(matches(cond('contact.email', 'notEquals', ''), ada)).toBe(false)
    expect(matches(cond('contact.email', 'inList'), ada)).toBe(false)
  })
})

describe('number operators', () => {
  const employed = contact({ companyId: 'co1' })
  it('compare company employees', () => {
    expect(matches(cond('company.employees', 'equals', '250'), employed)).toBe(true)
    expect(matches(cond('company.employees', 'greaterThan', '249.5'), employed)).toBe(true)
    expect(matches(cond('company.employees', 'lessThan', '250'), employed)).toBe(false)
    expect(matches(cond('company.employees', 'between', '250', '300'), employed)).toBe(true)
    expect(matches(cond('company.employees', 'between', '251', '300'), employed)).toBe(false)
    expect(matches(cond('company.employees', 'isEmpty'), contact())).toBe(true)
    expect(matches(cond('company.employees', 'isNotEmpty'), employed)).toBe(true)
  })
  it('match nobody on unusable values', () => {
    expect(matches(cond('company.employees', 'greaterThan', 'many'), employed)).toBe(false)
    expect(matches(cond('company.employees', 'between', '300', '10'), employed)).toBe(false)
    expect(matches(cond('company.employees', 'lessThan', ''), employed)).toBe(false)
  })
  it('treat absent rollup counts as zero', () => {
    expect(matches(cond('engagement.openCount', 'equals', '0'), contact())).toBe(true)
    expect(matches(cond('engagement.clickCount', 'greaterThan', '2'), contact({ clickCount: 3 }))).toBe(true)
  })
})

describe('date operators', () => {
  const created = contact({ createdAt: Date.UTC(2026, 5, 10, 23, 30) })
  it('compare by UTC calendar day', () => {
    expect(matches(cond('contact.createdAt', 'equals', '2026-06-10'), created)).toBe(true)
    expect(matches(cond('contact.createdAt', 'before', '2026-06-10'), created)).toBe(false)
    expect(matches(cond('contact.createdAt', 'before', '2026-06-11'), created)).toBe(true)
    expect(matches(cond('contact.createdAt', 'after', '2026-06-10'), created)).toBe(false)
    expect(matches(cond('contact.createdAt', 'after', '2026-06-09'), created)).toBe(true)
    expect(matches(cond('contact.createdAt', 'between', '2026-06-01', '2026-06-10'), created)).toBe(true)
    expect(matches(cond('contact.createdAt', 'between', '2026-06-11', '2026-06-30'), created)).toBe(false)
  })
  it('counts within the last N days from the start of N days ago', () => {
    expect(matches(cond('contact.createdAt', 'withinLastDays', '5'), created)).toBe(true)
    expect(matches(cond('contact.createdAt', 'withinLastDays', '4'), created)).toBe(false)
    expect(matches(cond('contact.createdAt', 'withinLastDays', 'x'), created)).toBe(false)
  })
  it('rejects impossible dates', () => {
    expect(matches(cond('contact.createdAt', 'before', '2026-02-30'), created)).toBe(false)
    expect(matches(cond('contact.createdAt', 'after', '10/06/2026'), created)).toBe(false)
  })
  it('treats absent rollup times as empty', () => {
    expect(matches(cond('engagement.lastOpenedAt', 'isEmpty'), contact())).toBe(true)
    expect(matches(cond('engagement.lastOpenedAt', 'withinLastDays', '7'), contact({ lastOpenedAt: NOW - 2 * DAY }))).toBe(true)
  })
})

describe('custom fields', () => {
  const subject = contact({ customFields: { plan: 'Pro', seats: 12, renewal: '2026-07-01', note: null } })
  it('infer the comparison from operator and value', () => {
    expect(matches(cond('custom.plan', 'equals', 'pro'), subject)).toBe(true)
    expect(matches(cond('custom.plan', 'inList', '', '', ['Basic', 'PRO']), subject)).toBe(true)
    expect(matches(cond('custom.seats', 'equals', '12.0'), subject)).toBe(true)
    expect(matches(cond('custom.seats', 'notEquals', '12'), subject)).toBe(false)
    expect(matches(cond('custom.seats', 'greaterThan', '10'), subject)).toBe(true)
    expect(matches(cond('custom.seats', 'between', '1', '11'), subject)).toBe(false)
    expect(matches(cond('custom.renewal', 'after', '2026-06-30'), subject)).toBe(true)
    expect(matches(cond('custom.renewal', 'between', '2026-07-01', '2026-07-01'), subject)).toBe(true)
    expect(matches(cond('custom.note', 'isEmpty'), subject)).toBe(true)
    expect(matches(cond('custom.missing', 'isEmpty'), subject)).toBe(true)
    expect(matches(cond('custom.missing', 'greaterThan', '0'), subject)).toBe(false)
  })
})

describe('tags, lists and stage', () => {
  const tagged = contact({ tags: ['VIP', 'beta'], lists: ['L1'], lifecycleStage: 'customer', companyId: 'co1' })
  it('tags compare case-insensitively', () => {
    expect(matches(cond('contact.tags', 'hasAny', '', '', ['vip', 'x']), tagged)).toBe(true)
    expect(matches(cond('contact.tags', 'hasAll', '', '', ['vip', 'BETA']), tagged)).toBe(true)
    expect(matches(cond('contact.tags', 'hasAll', '', '', ['vip', 'x']), tagged)).toBe(false)
    expect(matches(cond('contact.tags', 'hasNone', '', '', ['x']), tagged)).toBe(true)
    expect(matches(cond('contact.tags', 'isEmpty'), contact())).toBe(true)
    expect(matches(cond('company.tags', 'hasAny', '', '', ['enterprise']), tagged)).toBe(true)
  })
  it('lists and stages', () => {
    expect(matches(cond('contact.lists', 'hasAny', '', '', ['L1']), tagged)).toBe(true)
    expect(matches(cond('contact.lists', 'hasNone', '', '', ['L1']), tagged)).toBe(false)
    expect(matches(cond('contact.lists', 'hasNone', '', '', ['L1']), contact())).toBe(true)
    expect(matches(cond('contact.lifecycleStage', 'equals', 'customer'), tagged)).toBe(true)
    expect(matches(cond('contact.lifecycleStage', 'inList', '', '', ['lead', 'customer']), tagged)).toBe(true)
    expect(matches(cond('contact.lifecycleStage', 'notEquals', 'customer'), tagged)).toBe(false)
    expect(matches(cond('contact.lifecycleStage', 'equals', 'nonsense'), tagged)).toBe(false)
  })
  it('an operator that does not apply to the field matches nobody', () => {
    expect(matches(cond('contact.lists', 'isEmpty'), contact())).toBe(false)
    expect(matches(cond('contact.email', 'hasAny', '', '', ['ada@example.com']), contact())).toBe(false)
    expect(matches(cond('contact.nope', 'isEmpty'), contact())).toBe(false)
  })
})

describe('engagement', () => {
  const index = buildEngagementIndex([
    { type: 'open', contactId: 'c1', campaignId: 'camp1', at: NOW - 3 * DAY, machine: false },
    { type: 'open', contactId: 'c1', campaignId: 'camp1', at: NOW - 40 * DAY, machine: false },
    { type: 'click', contactId: 'c1', campaignId: 'camp2', at: NOW - 20 * DAY, machine: false },
    { type: 'open', contactId: 'c2', campaignId: 'camp1', at: NOW - DAY, machine: true },
    { type: 'bounce', contactId: 'c2', campaignId: 'camp1', at: NOW - DAY, machine: false },
  ])
  const ctx: SegmentContext = { ...context, engagement: index }
  it('indexes the latest human open and click only', () => {
    expect(index.get('c1')?.opened.get('camp1')).toBe(NOW - 3 * DAY)
    expect(index.has('c2')).toBe(false)
  })
  it('opened / clicked a given campaign or any, ever or in the last N days', () => {
    const c1 = contact({ id: 'c1' })
    const c2 = contact({ id: 'c2' })
    expect(matches(cond('engagement.opened', 'opened', 'camp1', '7'), c1, ctx)).toBe(true)
    expect(matches(cond('engagement.opened', 'opened', 'camp1', '2'), c1, ctx)).toBe(false)
    expect(matches(cond('engagement.opened', 'opened', '', ''), c2, ctx)).toBe(false)
    expect(matches(cond('engagement.opened', 'notOpened', '', ''), c2, ctx)).toBe(true)
    expect(matches(cond('engagement.clicked', 'clicked', '', '30'), c1, ctx)).toBe(true)
    expect(matches(cond('engagement.clicked', 'clicked', '', '10'), c1, ctx)).toBe(false)
    expect(matches(cond('engagement.clicked', 'notClicked', 'camp2', ''), c1, ctx)).toBe(false)
    expect(matches(cond('engagement.opened', 'opened', '', 'soon'), c1, ctx)).toBe(false)
    expect(matches(cond('engagement.opened', 'notOpened', '', 'soon'), c1, ctx)).toBe(false)
  })
  it('any campaign also trusts the server rollup for history outside the event window', () => {
    expect(matches(cond('engagement.opened', 'opened', '', '90'), contact({ id: 'c9', lastOpenedAt: NOW - 60 * DAY }), ctx)).toBe(true)
    expect(matches(cond('engagement.opened', 'opened', '', '30'), contact({ id: 'c9', lastOpenedAt: NOW - 60 * DAY }), ctx)).toBe(false)
  })
  it('bounced and unsubscribed flags', () => {
    expect(matches(cond('engagement.unsubscribed', 'isTrue'), contact({ unsubscribed: true }))).toBe(true)
    expect(matches(cond('engagement.unsubscribed', 'isFalse'), contact())).toBe(true)
    expect(matches(cond('engagement.bounced', 'isTrue'), contact({ bounced: false }))).toBe(false)
  })
})

describe('rule structure', () => {
  it('rules without conditions match nobody; an empty group is ignored', () => {
    expect(compileSegment(emptySegmentRules(), context)(contact())).toBe(false)
    expect(compileSegment({ match: 'all', groups: [] }, context)(contact())).toBe(false)
    const withEmptyGroup: SegmentRules = {
      match: 'all',
      groups: [
        { id: 'g1', match: 'all', conditions: [] },
        { id: 'g2', match: 'all', conditions: [cond('contact.firstName', 'equals', 'ada')] },
      ],
    }
    expect(compileSegment(withEmptyGroup, context)(contact())).toBe(true)
  })
  it('static lists are membership of the contact', () => {
    const list = { id: 'L1', kind: 'static' as const, rules: emptySegmentRules() }
    expect(segmentMatcher(list, context)(contact({ lists: ['L1'] }))).toBe(true)
    expect(segmentMatcher(list, context)(contact())).toBe(false)
    const dynamic = { id: 'S1', kind: 'dynamic' as const, rules: rules([cond('contact.firstName', 'startsWith', 'a')]) }
    expect(segmentMatcher(dynamic, context)(contact())).toBe(true)
  })
})

// Generated contacts and conditions for the properties below.
const TAGS = ['vip', 'beta', 'churned', 'partner']
const NAMES = ['Ada', 'ada', 'Bob', '', 'Grace', 'Linus']
const contactArb = fc.record({
  id: fc.constantFrom('c1', 'c2', 'c3', 'c4'),
  firstName: fc.constantFrom(...NAMES),
  tags: fc.subarray(TAGS),
  lists: fc.subarray(['L1', 'L2']),
  lifecycleStage: fc.constantFrom(...LIFECYCLE_STAGES),
  seats: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
  createdAt: fc.integer({ min: NOW - 60 * DAY, max: NOW }),
  companyId: fc.constantFrom('', 'co1'),
}).map(({ seats, ...fields }) => contact({ ...fields, customFields: seats === undefined ? {} : { seats } }))

const conditionArb: fc.Arbitrary<SegmentCondition> = fc.oneof(
  fc.tuple(fc.constantFrom<SegmentOperator>('equals', 'notEquals', 'contains', 'startsWith', 'isEmpty'), fc.constantFrom(...NAMES, 'a')).map(([op, v]) => cond('contact.firstName', op, v)),
  fc.tuple(fc.constantFrom<SegmentOperator>('hasAny', 'hasAll', 'hasNone'), fc.subarray(TAGS, { minLength: 1 })).map(([op, vs]) => cond('contact.tags', op, '', '', vs)),
  fc.tuple(fc.constantFrom<SegmentOperator>('greaterThan', 'lessThan', 'equals'), fc.integer({ min: 0, max: 20 })).map(([op, n]) => cond('custom.seats', op, String(n))),
  fc.integer({ min: 0, max: 60 }).map((n) => cond('contact.createdAt', 'withinLastDays', String(n))),
  fc.constantFrom(...LIFECYCLE_STAGES).map((stage) => cond('contact.lifecycleStage', 'equals', stage)),
  fc.constantFrom('Acme', 'Other').map((name) => cond('company.name', 'contains', name)),
)

const groupArb = fc.record({ match: fc.constantFrom<'all' | 'any'>('all', 'any'), conditions: fc.array(conditionArb, { minLength: 1, maxLength: 4 }) })

describe('properties', () => {
  it("'any' of groups is the union of the groups, 'all' their intersection", () => {
    fc.assert(
      fc.property(fc.array(groupArb, { minLength: 1, maxLength: 4 }), contactArb, (groups, subject) => {
        const withIds = groups.map((group, i) => ({ id: `g${i}`, ...group }))
        const each = withIds.map((group) => compileSegment({ match: 'all', groups: [group] }, context)(subject))
        expect(compileSegment({ match: 'any', groups: withIds }, context)(subject)).toBe(each.some(Boolean))
        expect(compileSegment({ match: 'all', groups: withIds }, context)(subject)).toBe(each.every(Boolean))
      }),
    )
  })

  it('conditions in a group combine the same way', () => {
    fc.assert(
      fc.property(fc.array(conditionArb, { minLength: 1, maxLength: 5 }), contactArb, (conditions, subject) => {
        const each = conditions.map((condition) => matches(condition, subject))
        expect(compileSegment(rules(conditions, 'any'), context)(subject)).toBe(each.some(Boolean))
        expect(compileSegment(rules(conditions, 'all'), context)(subject)).toBe(each.every(Boolean))
      }),
    )
  })

  it('negated operators are complements', () => {
    const pairs: Array<[SegmentOperator, SegmentOperator]> = [
      ['equals', 'notEquals'],
      ['contains', 'notContains'],
      ['isEmpty', 'isNotEmpty'],
    ]
    fc.assert(
      fc.property(fc.constantFrom(...pairs), fc.constantFrom('ada', 'b', 'Grace'), contactArb, ([yes, no], value, subject) => {
        expect(matches(cond('contact.firstName', no, value), subject)).toBe(!matches(cond('contact.firstName', yes, value), subject))
      }),
    )
    fc.assert(
      fc.property(fc.subarray(TAGS, { minLength: 1 }), contactArb, (tags, subject) => {
        expect(matches(cond('contact.tags', 'hasNone', '', '', tags), subject)).toBe(!matches(cond('contact.tags', 'hasAny', '', '', tags), subject))
      }),
    )
    fc.assert(
      fc.property(fc.constantFrom('', 'camp1'), fc.constantFrom('', '1', '30'), contactArb, (campaign, days, subject) => {
        const engagement = buildEngagementIndex([{ type: 'open', contactId: 'c1', campaignId: 'camp1', at: NOW - 5 * DAY, machine: false }])
        const ctx = { ...context, engagement }
        expect(matches(cond('engagement.opened', 'notOpened', campaign, days), subject, ctx)).toBe(!matches(cond('engagement.opened', 'opened', campaign, days), subject, ctx))
      }),
    )
  })

  it('a static list contains exactly the contacts carrying its id', () => {
    fc.assert(
      fc.property(contactArb, (subject) => {
        const list = { id: 'L2', kind: 'static' as const, rules: rules([cond('contact.firstName', 'isEmpty')]) }
        expect(segmentMatcher(list, context)(subject)).toBe((subject.lists ?? []).includes('L2'))
      }),
    )
  })
})

describe('100,000 contacts', () => {
  it('compiles once and counts correctly', () => {
    const contacts: Contact[] = []
    for (let i = 0; i < 100_000; i++) {
      contacts.push(
        contact({
          id: `c${i}`,
          email: `person${i}@${i % 2 === 0 ? 'example.com' : 'other.test'}`,
          tags: i % 3 === 0 ? ['vip'] : [],
          lifecycleStage: i % 5 === 0 ? 'customer' : 'lead',
          customFields: { seats: i % 10 },
          companyId: i % 4 === 0 ? 'co1' : '',
        }),
      )
    }
    const segment: SegmentRules = {
      match: 'any',
      groups: [
        { id: 'g1', match: 'all', conditions: [cond('contact.email', 'contains', 'example.com'), cond('contact.tags', 'hasAny', '', '', ['VIP'])] },
        { id: 'g2', match: 'all', conditions: [cond('contact.lifecycleStage', 'equals', 'customer'), cond('custom.seats', 'greaterThan', '7')] },
      ],
    }
    const matcher = compileSegment(segment, context)
    let count = 0
    for (const c of contacts) if (matcher(c)) count++
    let expected = 0
    for (let i = 0; i < 100_000; i++) if ((i % 2 === 0 && i % 3 === 0) || (i % 5 === 0 && i % 10 > 7)) expected++
    expect(count).toBe(expected)
    const companyMatcher = compileSegment(rules([cond('company.city', 'equals', 'berlin')]), context)
    expect(contacts.filter(companyMatcher).length).toBe(25_000)
    // Building 100,000 contacts on a busy CI machine can pass the default 5 s; the evaluation itself is fast.
  }, 30_000)
})

describe('validation and defaults', () => {
  const customFields: CustomFieldDefinition[] = [
    { id: 'f1', kind: 'customField', key: 'plan', label: 'Plan', fieldType: 'select', options: ['Basic', 'Pro'], position: 0, createdAt: 0, updatedAt: 0, _clock: {} },
    { id: 'f2', kind: 'customField', key: 'seats', label: 'Seats', fieldType: 'number', options: [], position: 1, createdAt: 0, updatedAt: 0, _clock: {} },
  ]
  const fields = segmentFieldDescriptors(customFields)

  it('reports each broken condition with a clear message', () => {
    const broken = rules([
      cond('custom.gone', 'equals', 'x'),
      cond('contact.lifecycleStage', 'contains', 'lead'),
      cond('custom.seats', 'greaterThan', 'ten'),
      cond('contact.createdAt', 'before', '2026-13-01'),
      cond('contact.createdAt', 'withinLastDays', ''),
      cond('contact.tags', 'hasAny'),
      cond('company.employees', 'between', '10', '5'),
      cond('engagement.opened', 'opened', '', 'week'),
      cond('contact.email', 'equals', ' '),
      cond('contact.email', 'isEmpty'),
    ])
    const issues = validateSegmentRules(broken, fields)
    expect(issues.map((issue) => issue.message)).toEqual([
      'The field "custom.gone" no longer exists. Choose another field.',
      '"contains" does not apply to Lifecycle stage. Choose another comparison.',
      'Enter a number.',
      'Enter a date as YYYY-MM-DD.',
      'Enter a number of days (0 or more).',
      'Choose at least one value.',
      'The first number must not be greater than the second.',
      'Enter a number of days (0 or more), or leave it empty for any time.',
      'Enter a value.',
    ])
    const conditionIds = broken.groups[0]?.conditions.map((condition) => condition.id) ?? []
    expect(issues.map((issue) => issue.conditionId)).toEqual(conditionIds.slice(0, 9))
  })

  it('every new condition with its default operator is valid or asks only for a value', () => {
    for (const field of fields) {
      const condition = newSegmentCondition(field, 'n1')
      expect(field.operators).toContain(condition.operator)
      const issues = validateSegmentRules(rules([condition]), fields)
      for (const issue of issues) expect(issue.message).toMatch(/^(Enter|Choose)/)
    }
    expect(newSegmentCondition(fields.find((f) => f.field === 'contact.lifecycleStage')!, 'n2').value).toBe('subscriber')
  })

  it('describes custom fields after contact fields, with select options', () => {
    const plan = fields.find((field) => field.field === 'custom.plan')
    expect(plan).toMatchObject({ group: 'Custom fields', type: 'select', options: [{ value: 'Basic', label: 'Basic' }, { value: 'Pro', label: 'Pro' }] })
    expect(fields.findIndex((f) => f.field === 'custom.plan')).toBeLessThan(fields.findIndex((f) => f.field === 'company.name'))
    expect(fields.find((f) => f.field === 'engagement.opened')?.operators).toEqual(['opened', 'notOpened'])
  })
})
