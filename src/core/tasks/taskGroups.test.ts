import fc from 'fast-check'
import type { ActivityKind } from '../schema'
import {
  dueReminders,
  fixedOffsetStartOfDay,
  groupTasks,
  isAssignedTo,
  isTaskOverdue,
  nextReminderAt,
  startOfNextDay,
  type StartOfDay,
  type TaskFields,
} from './taskGroups'

const HOUR = 3_600_000
const DAY = 24 * HOUR
// Berlin in winter: local midnight of 2026-03-10 is 2026-03-09T23:00Z.
const berlin = fixedOffsetStartOfDay(60)
const MIDNIGHT = Date.UTC(2026, 2, 9, 23)
const NOON = MIDNIGHT + 12 * HOUR

interface TestTask extends TaskFields {
  id: string
}

let counter = 0
function task(fields: Partial<TestTask> = {}): TestTask {
  counter += 1
  return { id: `t${counter}`, kind: 'task', occurredAt: 0, done: false, ...fields }
}
const ids = (tasks: readonly TestTask[]) => tasks.map((t) => t.id)

describe('groupTasks', () => {
  it('puts each open task in the section a user expects', () => {
    const timedEarlierToday = task({ id: 'timed-morning', dueAt: MIDNIGHT + 9 * HOUR })
    const dayOnlyToday = task({ id: 'day-today', dueAt: MIDNIGHT })
    const timedLaterToday = task({ id: 'timed-evening', dueAt: MIDNIGHT + 18 * HOUR })
    const dayOnlyYesterday = task({ id: 'day-yesterday', dueAt: MIDNIGHT - DAY })
    const tomorrow = task({ id: 'tomorrow', dueAt: MIDNIGHT + DAY })
    const lastMinuteToday = task({ id: 'last-minute', dueAt: MIDNIGHT + DAY - 60_000 })
    const undated = task({ id: 'undated', occurredAt: 5 })
    const undatedOlder = task({ id: 'undated-older', occurredAt: 1 })
    const finished = task({ id: 'done', done: true, doneAt: NOON - HOUR, dueAt: MIDNIGHT - 3 * DAY })
    const note = task({ id: 'note', kind: 'note' })

    const groups = groupTasks(
      [timedEarlierToday, dayOnlyToday, timedLaterToday, dayOnlyYesterday, tomorrow, lastMinuteToday, undatedOlder, undated, finished, note],
      NOON,
      berlin,
    )

    expect(ids(groups.overdue)).toEqual(['day-yesterday', 'timed-morning'])
    expect(ids(groups.today)).toEqual(['day-today', 'timed-evening', 'last-minute'])
    expect(ids(groups.upcoming)).toEqual(['tomorrow'])
    expect(ids(groups.noDueDate)).toEqual(['undated', 'undated-older'])
    expect(ids(groups.done)).toEqual(['done'])
  })

  it('keeps a day-only task in Today until its day ends, in the user time zone', () => {
    const dueToday = task({ dueAt: MIDNIGHT })
    expect(isTaskOverdue(dueToday, MIDNIGHT + DAY - 1, berlin)).toBe(false)
    expect(isTaskOverdue(dueToday, MIDNIGHT + DAY, berlin)).toBe(true)
    // The same instant is not midnight in New York: there it is a timed task, overdue once passed.
    expect(isTaskOverdue(dueToday, MIDNIGHT + 1, fixedOffsetStartOfDay(-300))).toBe(true)
  })

  it('lists done tasks by completion, newest first', () => {
    const early = task({ id: 'early', done: true, doneAt: 10 })
    const late = task({ id: 'late', done: true, doneAt: 20 })
    expect(ids(groupTasks([early, late], NOON, berlin).done)).toEqual(['late', 'early'])
  })
})

describe('startOfNextDay', () => {
  it('finds the next midnight across a 23-hour and a 25-hour day', () => {
    // A calendar whose days start at these instants (hours): 0, 23 (short day), 48 (long day), 72.
    const boundaries = [0, 23 * HOUR, 48 * HOUR, 72 * HOUR, 96 * HOUR]
    const startOfDay: StartOfDay = (t) => boundaries.filter((b) => b <= t).at(-1) ?? 0
    expect(startOfNextDay(1, startOfDay)).toBe(23 * HOUR)
    expect(startOfNextDay(23 * HOUR, startOfDay)).toBe(48 * HOUR)
    expect(startOfNextDay(70 * HOUR, startOfDay)).toBe(72 * HOUR)
  })
})

const kinds: ActivityKind[] = ['task', 'task', 'task', 'note', 'comment']
const arbTask = fc.record({
  id: fc.uuid(),
  kind: fc.constantFrom(...kinds),
  occurredAt: fc.integer({ min: 0, max: 10 * DAY }),
  dueAt: fc.option(fc.integer({ min: 0, max: 10 * DAY }).map((t) => (t % 3 === 0 ? berlin(t) : t)), { nil: undefined }),
  done: fc.option(fc.boolean(), { nil: undefined }),
  doneAt: fc.option(fc.integer({ min: 0, max: 10 * DAY }), { nil: undefined }),
  assigneeId: fc.option(fc.constantFrom('', 'ana', 'bo'), { nil: undefined }),
})
const arbNow = fc.integer({ min: 0, max: 10 * DAY })

describe('groupTasks properties', () => {
  it('places every task exactly once and nothing else', () => {
    fc.assert(
      fc.property(fc.array(arbTask, { maxLength: 40 }), arbNow, (tasks, now) => {
        const groups = groupTasks(tasks, now, berlin)
        const placed = [...groups.overdue, ...groups.today, ...groups.upcoming, ...groups.noDueDate, ...groups.done]
        const expected = tasks.filter((t) => t.kind === 'task')
        expect(placed).toHaveLength(expected.length)
        expect(new Set(placed)).toEqual(new Set(expected))
      }),
    )
  })

  it('sorts the dated sections by due time and respects the day boundaries', () => {
    fc.assert(
      fc.property(fc.array(arbTask, { maxLength: 40 }), arbNow, (tasks, now) => {
        const groups = groupTasks(tasks, now, berlin)
        const tomorrow = startOfNextDay(now, berlin)
        for (const section of [groups.overdue, groups.today, groups.upcoming]) {
          for (let i = 1; i < section.length; i++) expect(section[i - 1]?.dueAt ?? 0).toBeLessThanOrEqual(section[i]?.dueAt ?? 0)
        }
        for (const t of groups.overdue) expect(t.dueAt ?? Infinity).toBeLessThan(now)
        for (const t of groups.today) expect(t.dueAt ?? Infinity).toBeLessThan(tomorrow)
        for (const t of groups.today) expect(t.dueAt ?? -1).toBeGreaterThanOrEqual(berlin(now))
        for (const t of groups.upcoming) expect(t.dueAt ?? -1).toBeGreaterThanOrEqual(tomorrow)
      }),
    )
  })
})

describe('dueReminders', () => {
  it('reminds the member about their open tasks that fell due in the window', () => {
    const mine = task({ id: 'mine', dueAt: 100, assigneeId: 'ana' })
    const theirs = task({ id: 'theirs', dueAt: 100, assigneeId: 'bo' })
    const unassigned = task({ id: 'nobody', dueAt: 100 })
    const blank = task({ id: 'blank', dueAt: 90, assigneeId: '' })
    const done = task({ id: 'done', dueAt: 100, assigneeId: 'ana', done: true })
    const atSince = task({ id: 'at-since', dueAt: 50, assigneeId: 'ana' })
    const atNow = task({ id: 'at-now', dueAt: 200, assigneeId: 'ana' })
    const all = [mine, theirs, unassigned, blank, done, atSince, atNow]
    expect(ids(dueReminders(all, { since: 50, now: 200, memberId: 'ana' }))).toEqual(['mine', 'at-now'])
    expect(ids(dueReminders(all, { since: 50, now: 200, memberId: null }))).toEqual(['blank', 'nobody'])
  })

  it('reminds nothing when the clock went backwards', () => {
    expect(dueReminders([task({ dueAt: 100 })], { since: 200, now: 50, memberId: null })).toEqual([])
  })

  it('reminds each task once however the time is split into checks (a restart resumes from since)', () => {
    fc.assert(
      fc.property(
        // A small time domain so due times often coincide with check times (the boundary cases).
        fc.array(arbTask.map((t) => ({ ...t, dueAt: t.dueAt === undefined ? undefined : t.dueAt % 20 })), { maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 2, maxLength: 6 }),
        fc.constantFrom(null, 'ana'),
        (tasks, checkTimes, memberId) => {
          const times = [...checkTimes].sort((a, b) => a - b)
          const first = times[0] ?? 0
          const last = times.at(-1) ?? 0
          const pieces = times.slice(1).flatMap((now, i) => dueReminders(tasks, { since: times[i] ?? 0, now, memberId }))
          const whole = dueReminders(tasks, { since: first, now: last, memberId })
          expect(pieces).toHaveLength(new Set(pieces).size)
          expect(new Set(pieces)).toEqual(new Set(whole))
        },
      ),
    )
  })
})

describe('nextReminderAt', () => {
  it('is the earliest future due time of the member, so one timer is enough', () => {
    fc.assert(
      fc.property(fc.array(arbTask, { maxLength: 30 }), arbNow, fc.constantFrom(null, 'ana'), (tasks, now, memberId) => {
        const next = nextReminderAt(tasks, now, memberId)
        if (next === null) {
          expect(dueReminders(tasks, { since: now, now: Number.MAX_SAFE_INTEGER, memberId })).toEqual([])
        } else {
          expect(next).toBeGreaterThan(now)
          expect(dueReminders(tasks, { since: now, now: next - 1, memberId })).toEqual([])
          expect(dueReminders(tasks, { since: now, now: next, memberId }).length).toBeGreaterThan(0)
        }
      }),
    )
  })
})

describe('isAssignedTo', () => {
  it('shows every task while local only and only mine when signed in', () => {
    expect(isAssignedTo({ assigneeId: 'bo' }, null)).toBe(true)
    expect(isAssignedTo({ assigneeId: 'bo' }, 'ana')).toBe(false)
    expect(isAssignedTo({ assigneeId: 'ana' }, 'ana')).toBe(true)
    expect(isAssignedTo({}, 'ana')).toBe(false)
  })
})
