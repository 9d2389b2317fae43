import fc from 'fast-check'
import type { Activity, Deal } from '../schema'
import { startOfLocalDay } from '../tasks/taskGroups'
import { newContactsByDay, tasksDue, wonDeals } from './kpis'
import { localDayKey, presetRange, previousPeriod } from './period'

const DAY = 86_400_000
const NOW = new Date(2025, 4, 10, 15, 30).getTime()

describe('newContactsByDay', () => {
  it('counts contacts per local day of the range and of the previous period, by position', () => {
    const range = presetRange(7, NOW)
    const previous = previousPeriod(range)
    const at = (month: number, day: number, hour = 10) => ({ createdAt: new Date(2025, month, day, hour).getTime() })
    const series = newContactsByDay(
      [at(4, 4, 0), at(4, 4, 23), at(4, 10), at(3, 27), at(3, 26), at(4, 11), at(3, 1)],
      range,
      previous,
    )
    expect(series.days).toEqual(['2025-05-04', '2025-05-05', '2025-05-06', '2025-05-07', '2025-05-08', '2025-05-09', '2025-05-10'])
    expect(series.perDay).toEqual([2, 0, 0, 0, 0, 0, 1])
    expect(series.total).toBe(3)
    // April 27 is the first day of the previous 7 days; April 26 and later than today are outside both.
    expect(series.previousPerDay).toEqual([1, 0, 0, 0, 0, 0, 0])
    expect(series.previousTotal).toBe(1)
  })

  it('sums to the number of contacts created in each period, day by day matching their local day', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: NOW - 60 * DAY, max: NOW + 2 * DAY }), { maxLength: 200 }), fc.integer({ min: 1, max: 30 }), (times, days) => {
        const range = presetRange(days, NOW)
        const previous = previousPeriod(range)
        const series = newContactsByDay(
          times.map((createdAt) => ({ createdAt })),
          range,
          previous,
        )
        const inRange = times.filter((time) => time >= range.from && time <= range.to)
        expect(series.total).toBe(inRange.length)
        expect(series.perDay.reduce((sum, value) => sum + value, 0)).toBe(series.total)
        expect(series.previousTotal).toBe(times.filter((time) => time >= previous.from && time <= previous.to).length)
        expect(series.previousPerDay.reduce((sum, value) => sum + value, 0)).toBe(series.previousTotal)
        for (const time of inRange) expect(series.perDay[series.days.indexOf(localDayKey(time))]).toBeGreaterThan(0)
      }),
    )
  })
})

describe('wonDeals', () => {
  const deal = (fields: Partial<Deal>): Pick<Deal, 'status' | 'closedAt' | 'amount' | 'currency'> => ({ status: 'won', closedAt: NOW - DAY, amount: 1_000, currency: 'USD', ...fields })

  it('sums won deals of the currency by close time, counting other currencies apart', () => {
    const range = presetRange(30, NOW)
    const previous = previousPeriod(range)
    const result = wonDeals(
      [
        deal({}),
        deal({ amount: 2_500 }),
        deal({ currency: 'EUR' }),
        deal({ status: 'lost' }),
        deal({ status: 'open', closedAt: undefined }),
        deal({ closedAt: NOW - 40 * DAY, amount: 700 }),
        deal({ closedAt: NOW - 90 * DAY }),
      ],
      range,
      previous,
      'USD',
    )
    expect(result.current).toEqual({ count: 3, value: 3_500, otherCurrencyCount: 1 })
    expect(result.previous).toEqual({ count: 1, value: 700, otherCurrencyCount: 0 })
  })
})

describe('tasksDue', () => {
  const task = (fields: Partial<Activity>): Activity => ({
    id: 't',
    kind: 'task',
    contactId: '',
    companyId: '',
    subject: '',
    body: '',
    occurredAt: NOW - 5 * DAY,
    createdAt: NOW - 5 * DAY,
    updatedAt: NOW - 5 * DAY,
    _clock: {},
    done: false,
    ...fields,
  })

  it('counts the open overdue and today tasks of the member like My tasks does', () => {
    const tasks = [
      task({ dueAt: NOW - 2 * DAY }),
      task({ dueAt: NOW - DAY, assigneeId: 'me' }),
      task({ dueAt: NOW + 60_000, assigneeId: 'me' }),
      task({ dueAt: startOfLocalDay(NOW), assigneeId: 'me' }),
      task({ dueAt: NOW + 3 * DAY, assigneeId: 'me' }),
      task({ dueAt: NOW - DAY, assigneeId: 'me', done: true }),
      task({ dueAt: NOW - DAY, assigneeId: 'someone' }),
      task({ kind: 'note', dueAt: NOW - DAY }),
    ]
    expect(tasksDue(tasks, NOW, startOfLocalDay, 'me')).toEqual({ overdue: 1, today: 2 })
    // Local only: every task counts.
    expect(tasksDue(tasks, NOW, startOfLocalDay, null)).toEqual({ overdue: 3, today: 2 })
  })
})
