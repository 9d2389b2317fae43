import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { WorkflowTrigger } from '../schema'
import { aContact } from '../testing/contactFixture'
import { ANNIVERSARY_GRACE_MS, anniversaryDue, contactChangeEvents, contactFacts, nextScheduleRun, triggerMatches, triggerSegmentIds } from './triggers'
import type { ContactFacts } from './types'

const HOUR = 3_600_000
const DAY = 24 * HOUR

describe('contactFacts', () => {
  it('collects text fields, custom fields as text, sorted tags and segments', () => {
    const facts = contactFacts(
      aContact({ tags: ['b', 'a'], customFields: { plan: 'pro', seats: 3, birthday: '1990-05-04', empty: null }, unsubscribed: true, lifecycleStage: 'customer' }),
      { segments: ['s2', 's1', 's2'], score: 42 },
    )
    expect(facts).toEqual({
      tags: ['a', 'b'],
      lifecycleStage: 'customer',
      fields: {
        'contact.email': 'ada@example.com',
        'contact.firstName': 'Ada',
        'contact.lastName': 'Lovelace',
        'contact.phone': '',
        'contact.title': 'Engineer',
        'contact.companyId': '',
        'custom.birthday': '1990-05-04',
        'custom.plan': 'pro',
        'custom.seats': '3',
      },
      segments: ['s1', 's2'],
      score: 42,
      unsubscribed: true,
    })
  })

  it('survives a JSON round trip unchanged (the server stores it as text)', () => {
    const facts = contactFacts(aContact({ customFields: { a: 1.5 } }), { segments: [], score: -3 })
    expect(JSON.parse(JSON.stringify(facts))).toEqual(facts)
  })
})

describe('contactChangeEvents', () => {
  const base = contactFacts(aContact({ tags: ['a'] }), { segments: ['s1'], score: 10 })

  it('reports a new contact with its tags, segments and score', () => {
    expect(contactChangeEvents(null, base)).toEqual([
      { type: 'contact_created' },
      { type: 'tag_added', tag: 'a' },
      { type: 'segment_entered', segmentId: 's1' },
      { type: 'score_crossed', from: 0, to: 10 },
    ])
  })

  it('reports each change once, in a fixed order', () => {
    const after: ContactFacts = {
      ...base,
      tags: ['a', 'vip'],
      fields: { ...base.fields, 'contact.title': 'CTO', 'custom.plan': 'pro' },
      segments: ['s2'],
      lifecycleStage: 'customer',
      score: 55,
    }
    expect(contactChangeEvents(base, after)).toEqual([
      { type: 'field_changed', field: 'contact.title', value: 'CTO' },
      { type: 'field_changed', field: 'custom.plan', value: 'pro' },
      { type: 'tag_added', tag: 'vip' },
      { type: 'segment_left', segmentId: 's1' },
      { type: 'segment_entered', segmentId: 's2' },
      { type: 'stage_changed', stage: 'customer' },
      { type: 'score_crossed', from: 10, to: 55 },
    ])
  })

  it('reports a cleared field with an empty value and nothing for an unchanged contact', () => {
    const withPlan = { ...base, fields: { ...base.fields, 'custom.plan': 'pro' } }
    expect(contactChangeEvents(withPlan, base)).toEqual([{ type: 'field_changed', field: 'custom.plan', value: '' }])
    expect(contactChangeEvents(base, base)).toEqual([])
  })

  it('reports exactly the new tags and the segments entered and left (property)', () => {
    const factsArbitrary = fc.record({
      tags: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 4 }).map((tags) => [...tags].sort()),
      segments: fc.uniqueArray(fc.constantFrom('s1', 's2', 's3'), { maxLength: 3 }).map((segments) => [...segments].sort()),
      score: fc.integer({ min: -50, max: 50 }),
    })
    fc.assert(
      fc.property(factsArbitrary, factsArbitrary, (a, b) => {
        const before = { ...base, ...a }
        const after = { ...base, ...b }
        const events = contactChangeEvents(before, after)
        expect(contactChangeEvents(after, after)).toEqual([])
        expect(events.flatMap((event) => (event.type === 'tag_added' ? [event.tag] : []))).toEqual(b.tags.filter((tag) => !a.tags.includes(tag)))
        expect(events.flatMap((event) => (event.type === 'segment_entered' ? [event.segmentId] : []))).toEqual(b.segments.filter((id) => !a.segments.includes(id)))
        expect(events.flatMap((event) => (event.type === 'segment_left' ? [event.segmentId] : []))).toEqual(a.segments.filter((id) => !b.segments.includes(id)))
        expect(events.filter((event) => event.type === 'score_crossed')).toEqual(a.score === b.score ? [] : [{ type: 'score_crossed', from: a.score, to: b.score }])
      }),
    )
  })

  it('never reports a tag that only changed case', () => {
    expect(contactChangeEvents(base, { ...base, tags: ['A'] })).toEqual([])
  })
})

describe('triggerMatches', () => {
  const matches = (trigger: WorkflowTrigger, event: Parameters<typeof triggerMatches>[1]) => triggerMatches(trigger, event)

  it('needs the same type', () => {
    expect(matches({ type: 'contact_created' }, { type: 'contact_created' })).toBe(true)
    expect(matches({ type: 'contact_created' }, { type: 'manual' })).toBe(false)
  })

  it('applies field and value', () => {
    const trigger: WorkflowTrigger = { type: 'field_changed', field: 'custom.plan', value: 'Pro' }
    expect(matches(trigger, { type: 'field_changed', field: 'custom.plan', value: 'pro' })).toBe(true)
    expect(matches(trigger, { type: 'field_changed', field: 'custom.plan', value: 'free' })).toBe(false)
    expect(matches({ type: 'field_changed', field: 'custom.plan' }, { type: 'field_changed', field: 'custom.plan', value: 'x' })).toBe(true)
    expect(matches({ type: 'field_changed' }, { type: 'field_changed', field: 'custom.plan', value: 'x' })).toBe(false)
  })

  it('applies tag, segment, stage, campaign and event name', () => {
    expect(matches({ type: 'tag_added', tag: 'VIP' }, { type: 'tag_added', tag: 'vip' })).toBe(true)
    expect(matches({ type: 'tag_added' }, { type: 'tag_added', tag: 'vip' })).toBe(false)
    expect(matches({ type: 'segment_left', segmentId: 'S' }, { type: 'segment_left', segmentId: 'S' })).toBe(true)
    expect(matches({ type: 'segment_entered', segmentId: 'S' }, { type: 'segment_entered', segmentId: 'T' })).toBe(false)
    expect(matches({ type: 'stage_changed' }, { type: 'stage_changed', stage: 'lead' })).toBe(true)
    expect(matches({ type: 'stage_changed', stage: 'customer' }, { type: 'stage_changed', stage: 'lead' })).toBe(false)
    expect(matches({ type: 'email_clicked', campaignId: '' }, { type: 'email_clicked', campaignId: 'C' })).toBe(true)
    expect(matches({ type: 'email_opened', campaignId: 'C' }, { type: 'email_opened', campaignId: 'D' })).toBe(false)
    expect(matches({ type: 'api_event', eventName: 'signup' }, { type: 'api_event', eventName: 'signup' })).toBe(true)
    expect(matches({ type: 'api_event', eventName: 'signup' }, { type: 'api_event', eventName: 'login' })).toBe(false)
  })

  it('matches a score crossing only upwards through the threshold', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200, max: 200 }), fc.integer({ min: -200, max: 200 }), fc.integer({ min: -200, max: 200 }), (threshold, from, to) => {
        const crossed = matches({ type: 'score_crossed', threshold }, { type: 'score_crossed', from, to })
        expect(crossed).toBe(from < threshold && threshold <= to)
      }),
    )
    expect(matches({ type: 'score_crossed' }, { type: 'score_crossed', from: 0, to: 100 })).toBe(false)
  })
})

describe('triggerSegmentIds', () => {
  it('lists the segment a trigger watches', () => {
    expect(triggerSegmentIds({ type: 'segment_entered', segmentId: 'S' })).toEqual(['S'])
    expect(triggerSegmentIds({ type: 'schedule', segmentId: '' })).toEqual([])
    expect(triggerSegmentIds({ type: 'schedule', segmentId: 'T' })).toEqual(['T'])
    expect(triggerSegmentIds({ type: 'tag_added', segmentId: 'S' })).toEqual([])
  })
})

describe('nextScheduleRun', () => {
  const after = Date.UTC(2026, 10, 30, 12) // Monday

  it('runs daily at the hour in the zone, strictly after the given moment', () => {
    const daily: WorkflowTrigger = { type: 'schedule', every: 'day', hour: 9, timeZone: 'America/New_York' }
    // 12:00 UTC is 07:00 in New York: today at 09:00 (14:00 UTC) is next.
    expect(nextScheduleRun(daily, after)).toBe(Date.UTC(2026, 10, 30, 14))
    expect(nextScheduleRun(daily, Date.UTC(2026, 10, 30, 14))).toBe(Date.UTC(2026, 11, 1, 14))
    expect(nextScheduleRun(daily, Date.UTC(2026, 10, 30, 13, 59))).toBe(Date.UTC(2026, 10, 30, 14))
  })

  it('runs weekly on the weekday and monthly on the day', () => {
    expect(nextScheduleRun({ type: 'schedule', every: 'week', weekday: 3, hour: 8 }, after)).toBe(Date.UTC(2026, 11, 2, 8))
    expect(nextScheduleRun({ type: 'schedule', every: 'month', monthDay: 28, hour: 0, timeZone: 'Asia/Tokyo' }, after)).toBe(Date.UTC(2026, 11, 27, 15))
  })

  it('keeps the local hour across DST', () => {
    const daily: WorkflowTrigger = { type: 'schedule', every: 'day', hour: 9, timeZone: 'Europe/Berlin' }
    expect(nextScheduleRun(daily, Date.UTC(2026, 2, 28, 12))).toBe(Date.UTC(2026, 2, 29, 7))
    expect(nextScheduleRun(daily, Date.UTC(2026, 2, 27, 12))).toBe(Date.UTC(2026, 2, 28, 8))
  })

  it('is null for an incomplete schedule or another trigger', () => {
    expect(nextScheduleRun({ type: 'schedule', every: 'day' }, after)).toBeNull()
    expect(nextScheduleRun({ type: 'schedule', hour: 9 }, after)).toBeNull()
    expect(nextScheduleRun({ type: 'schedule', every: 'day', hour: 9, timeZone: 'Mars/Olympus' }, after)).toBeNull()
    expect(nextScheduleRun({ type: 'manual', every: 'day', hour: 9 }, after)).toBeNull()
  })

  it('always returns a later run on a matching day within a month', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2030, 0, 1) }),
        fc.constantFrom('day', 'week', 'month'),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom('UTC', 'Europe/Berlin', 'America/Los_Angeles', 'Asia/Kolkata'),
        (now, every, hour, timeZone) => {
          const run = nextScheduleRun({ type: 'schedule', every: every as 'day', hour, weekday: 2, monthDay: 15, timeZone }, now)
          expect(run).not.toBeNull()
          expect(run as number).toBeGreaterThan(now)
          expect((run as number) - now).toBeLessThanOrEqual(32 * DAY)
        },
      ),
      { numRuns: 200 },
    )
  })
})

describe('anniversaryDue', () => {
  const birthday: WorkflowTrigger = { type: 'date_anniversary', field: 'custom.birthday', hour: 9, daysBefore: 0, timeZone: 'UTC' }
  const ada = aContact({ customFields: { birthday: '1990-12-01' } })

  it('is the year once this year’s moment has passed, for a while', () => {
    expect(anniversaryDue(birthday, ada, Date.UTC(2026, 11, 1, 8, 59))).toBeNull()
    expect(anniversaryDue(birthday, ada, Date.UTC(2026, 11, 1, 9))).toBe('2026')
    expect(anniversaryDue(birthday, ada, Date.UTC(2026, 11, 1, 9) + ANNIVERSARY_GRACE_MS - 1)).toBe('2026')
    // Months later (a workflow activated in spring) it does not congratulate for last December.
    expect(anniversaryDue(birthday, ada, Date.UTC(2027, 3, 1))).toBeNull()
  })

  it('counts days before, into the previous year', () => {
    const early: WorkflowTrigger = { ...birthday, daysBefore: 3 }
    expect(anniversaryDue(early, ada, Date.UTC(2026, 10, 28, 9))).toBe('2026')
    const newYear = aContact({ customFields: { birthday: '1990-01-02' } })
    expect(anniversaryDue(early, newYear, Date.UTC(2026, 11, 30, 9))).toBe('2027')
  })

  it('uses the zone and 28 February for a leap-day date', () => {
    const tokyo: WorkflowTrigger = { ...birthday, timeZone: 'Asia/Tokyo' }
    expect(anniversaryDue(tokyo, ada, Date.UTC(2026, 11, 1, 0))).toBe('2026')
    const leap = aContact({ customFields: { birthday: '2000-02-29' } })
    expect(anniversaryDue(birthday, leap, Date.UTC(2027, 1, 28, 10))).toBe('2027')
    expect(anniversaryDue(birthday, leap, Date.UTC(2028, 1, 28, 10))).toBeNull()
    expect(anniversaryDue(birthday, leap, Date.UTC(2028, 1, 29, 10))).toBe('2028')
  })

  it('works on the creation date and is null without a usable date or in the date’s own year', () => {
    const created: WorkflowTrigger = { ...birthday, field: 'contact.createdAt' }
    expect(anniversaryDue(created, aContact({ createdAt: Date.UTC(2024, 11, 1) }), Date.UTC(2026, 11, 1, 10))).toBe('2026')
    expect(anniversaryDue(birthday, aContact(), Date.UTC(2026, 11, 1, 10))).toBeNull()
    expect(anniversaryDue(birthday, aContact({ customFields: { birthday: 'soon' } }), Date.UTC(2026, 11, 1, 10))).toBeNull()
    expect(anniversaryDue(birthday, aContact({ customFields: { birthday: '2026-12-01' } }), Date.UTC(2026, 11, 1, 10))).toBeNull()
  })
})
