import type { Activity } from '@core/schema'
import { MAX_SEPARATE_REMINDERS, reminderMessages } from './reminderMessages'
import type { LinkedRecord } from './useLinkedRecords'

type DueTask = Pick<Activity, 'id' | 'subject' | 'dueAt' | 'contactId' | 'companyId' | 'dealId'>
const task = (id: string, fields: Partial<DueTask> = {}): DueTask => ({ id, subject: `Task ${id}`, dueAt: 1_000, contactId: '', companyId: '', ...fields })
const linksOf = (t: Pick<Activity, 'contactId' | 'companyId' | 'dealId'>): LinkedRecord[] => [
  ...(t.dealId ? [{ type: 'deal' as const, label: 'Big deal', route: { name: 'deal' as const, id: t.dealId } }] : []),
  ...(t.contactId ? [{ type: 'contact' as const, label: 'Ada Lovelace', route: { name: 'contact' as const, id: t.contactId } }] : []),
]

describe('reminderMessages', () => {
  it('names the task and its record, and a click opens that record', () => {
    expect(reminderMessages([task('A', { contactId: 'C1', dealId: 'D1' })], linksOf)).toEqual([
      { key: 'A@1000', title: 'Task due', body: 'Task A · Big deal', route: '#/deals/D1' },
    ])
    expect(reminderMessages([task('B', { contactId: 'C1' })], linksOf)[0]).toMatchObject({ body: 'Task B · Ada Lovelace', route: '#/contacts/C1' })
  })

  it('sends a task with no record to My tasks', () => {
    expect(reminderMessages([task('A', { subject: '' })], linksOf)).toEqual([{ key: 'A@1000', title: 'Task due', body: 'Untitled task', route: '#/tasks' }])
  })

  it('sums up a burst (back from sleep) in one reminder that fits a notification', () => {
    const many = Array.from({ length: 40 }, (_, i) => task(String(i), { subject: 'x'.repeat(30) }))
    const [summary, ...rest] = reminderMessages(many, linksOf)
    expect(rest).toEqual([])
    expect(summary).toMatchObject({ title: '40 tasks are due', route: '#/tasks' })
    expect(summary?.body.length).toBeLessThanOrEqual(300)
    expect(reminderMessages(many.slice(0, MAX_SEPARATE_REMINDERS), linksOf)).toHaveLength(MAX_SEPARATE_REMINDERS)
  })

  it('shows nothing when nothing is due', () => {
    expect(reminderMessages([], linksOf)).toEqual([])
  })
})
