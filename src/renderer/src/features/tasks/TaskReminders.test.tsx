import { screen, waitFor } from '@testing-library/react'
import type { MockInstance } from 'vitest'
import userEvent from '@testing-library/user-event'
import type { Activity } from '@core/schema'
import type { OutpostData } from '../../data/dataContext'
import { insertSyncedDoc } from '../../data/syncedWrites'
import { platform } from '../../platform'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { REMINDER_SINCE_KEY, TaskReminders } from './TaskReminders'

const SINCE_KEY = `${REMINDER_SINCE_KEY}.local`
const MINUTE = 60_000

function taskFields(fields: Partial<Activity> & { subject: string }) {
  return { kind: 'task' as const, contactId: '', companyId: '', body: '', occurredAt: Date.now(), done: false, ...fields }
}

/** A task written earlier (by this device before a restart, or by a teammate): createdAt in the past. */
async function insertOldTask(data: OutpostData, fields: Partial<Activity> & { subject: string; createdAt: number }): Promise<void> {
  await data.db.activities.insert({ id: `01TASK${String(Math.random()).slice(2, 22).padEnd(20, '0')}`, updatedAt: fields.createdAt, _clock: {}, ...taskFields(fields) } as Activity)
}

describe('task reminders', () => {
  let data: OutpostData
  let notify: MockInstance<typeof platform.notify>
  beforeEach(async () => {
    localStorage.clear()
    data = await createTestData()
    notify = vi.spyOn(platform, 'notify').mockResolvedValue({ shown: true })
  })
  afterEach(async () => {
    notify.mockRestore()
    await closeTestData(data)
    window.location.hash = ''
  })

  it('notifies at the due time, once, with a click that opens the record', async () => {
    const { unmount } = renderWithProviders(<TaskReminders />, { data })
    await insertSyncedDoc<Activity>(data.db.activities, taskFields({ subject: 'Call Ada back', dueAt: Date.now() + 300, contactId: '01CONTACTCONTACTCONTACT000' }))
    await waitFor(() => expect(notify).toHaveBeenCalledTimes(1), { timeout: 5_000 })
    expect(notify).toHaveBeenCalledWith({ title: 'Task due', body: 'Call Ada back · Contact', route: '#/contacts/01CONTACTCONTACTCONTACT000' })

    // A restart (remount) resumes from the stored check time: no second reminder.
    unmount()
    renderWithProviders(<TaskReminders />, { data })
    await insertSyncedDoc<Activity>(data.db.activities, taskFields({ subject: 'Later', dueAt: Date.now() + 300 }))
    await waitFor(() => expect(notify).toHaveBeenCalledTimes(2), { timeout: 5_000 })
    expect(notify.mock.calls[1]?.[0]).toMatchObject({ body: 'Later', route: '#/tasks' })
  })

  it('catches up on start with what fell due while the app was closed, but not with the distant past', async () => {
    const now = Date.now()
    localStorage.setItem(SINCE_KEY, String(now - 60 * MINUTE))
    await insertOldTask(data, { subject: 'Missed while closed', createdAt: now - 120 * MINUTE, dueAt: now - 30 * MINUTE })
    await insertOldTask(data, { subject: 'Reminded before', createdAt: now - 300 * MINUTE, dueAt: now - 90 * MINUTE })
    await insertOldTask(data, { subject: 'Done already', createdAt: now - 120 * MINUTE, dueAt: now - 20 * MINUTE, done: true })
    // Entered after its due time: whoever wrote it knows, nobody missed it.
    await insertSyncedDoc<Activity>(data.db.activities, taskFields({ subject: 'Born overdue', dueAt: now - 10 * MINUTE }))
    renderWithProviders(<TaskReminders />, { data })
    await waitFor(() => expect(notify).toHaveBeenCalledTimes(1))
    expect(notify).toHaveBeenCalledWith({ title: 'Task due', body: 'Missed while closed', route: '#/tasks' })
    expect(Number(localStorage.getItem(SINCE_KEY))).toBeGreaterThanOrEqual(now)
  })

  it('shows a card in the app when the platform cannot notify, and Open goes to the record', async () => {
    notify.mockResolvedValue({ shown: false })
    const user = userEvent.setup()
    renderWithProviders(<TaskReminders />, { data })
    await insertSyncedDoc<Activity>(data.db.activities, taskFields({ subject: 'Renewal call', dueAt: Date.now() + 300, dealId: '01DEALDEALDEALDEALDEAL0000' }))
    const card = await screen.findByRole('alert', {}, { timeout: 5_000 })
    expect(card).toHaveTextContent('Task due')
    expect(card).toHaveTextContent('Renewal call · Deal')
    await user.click(screen.getByRole('button', { name: 'Open' }))
    expect(window.location.hash).toBe('#/deals/01DEALDEALDEALDEALDEAL0000')
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument())
  })
})
