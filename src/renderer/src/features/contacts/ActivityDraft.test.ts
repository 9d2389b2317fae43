import { activityFromDraft, dueInputs, EMPTY_ACTIVITY_DRAFT, isOverdue, localDateToTimestamp, timeToMinutes, type ActivityDraft } from './ActivityDraft'

const taskDraft = (fields: Partial<ActivityDraft>): ActivityDraft => ({ kind: 'task', ...EMPTY_ACTIVITY_DRAFT, subject: 'Call back', ...fields })
const link = { contactId: 'C1', companyId: '' }

describe('task drafts', () => {
  it('stores a due date and time as that local wall-clock time', () => {
    const result = activityFromDraft(taskDraft({ dueDate: '2030-06-15', dueTime: '09:30' }), link, 0)
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ dueAt: new Date(2030, 5, 15, 9, 30).getTime(), done: false }) })
  })

  it('stores a date alone as that day (any time)', () => {
    const result = activityFromDraft(taskDraft({ dueDate: '2030-06-15' }), link, 0)
    expect(result.ok && result.value.dueAt).toBe(localDateToTimestamp('2030-06-15'))
  })

  it('keeps the assignee and the deal link, and leaves them out when empty', () => {
    const linked = activityFromDraft(taskDraft({ assigneeId: 'M1' }), { ...link, dealId: 'D1' }, 0)
    expect(linked.ok && linked.value).toMatchObject({ assigneeId: 'M1', dealId: 'D1', contactId: 'C1' })
    const plain = activityFromDraft(taskDraft({}), { ...link, dealId: '' }, 0)
    expect(plain.ok && plain.value).not.toHaveProperty('assigneeId')
    expect(plain.ok && plain.value).not.toHaveProperty('dealId')
  })

  it('explains a time without a day and an impossible time, storing nothing', () => {
    expect(activityFromDraft(taskDraft({ dueTime: '09:00' }), link, 0)).toEqual({ ok: false, error: { dueDate: 'Pick a day for that time' } })
    expect(activityFromDraft(taskDraft({ dueDate: '2030-06-15', dueTime: '25:00' }), link, 0)).toEqual({ ok: false, error: { dueTime: 'Pick a valid time' } })
  })

  it('round-trips the inputs of a stored due time (editing a task shows what was saved)', () => {
    expect(dueInputs(new Date(2030, 5, 15, 9, 5).getTime())).toEqual({ dueDate: '2030-06-15', dueTime: '09:05' })
    expect(dueInputs(new Date(2030, 5, 15).getTime())).toEqual({ dueDate: '2030-06-15', dueTime: '' })
    expect(dueInputs(undefined)).toEqual({ dueDate: '', dueTime: '' })
  })

  it('parses times', () => {
    expect(timeToMinutes('00:00')).toBe(0)
    expect(timeToMinutes('23:59')).toBe(23 * 60 + 59)
    expect(timeToMinutes('24:00')).toBeNull()
    expect(timeToMinutes('9:00')).toBeNull()
  })
})

describe('isOverdue with due times', () => {
  const now = new Date(2030, 5, 15, 12).getTime()
  it('counts a timed task overdue once its time has passed, a day-only one once its day has', () => {
    expect(isOverdue({ kind: 'task', dueAt: new Date(2030, 5, 15, 11).getTime() }, now)).toBe(true)
    expect(isOverdue({ kind: 'task', dueAt: new Date(2030, 5, 15, 13).getTime() }, now)).toBe(false)
    expect(isOverdue({ kind: 'task', dueAt: new Date(2030, 5, 15).getTime() }, now)).toBe(false)
    expect(isOverdue({ kind: 'task', dueAt: new Date(2030, 5, 15, 11).getTime(), done: true }, now)).toBe(false)
  })
})
