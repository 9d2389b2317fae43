import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { Activity, Contact } from '@core/schema'
import { aDeal } from '@core/testing/dealFixture'
import type { OutpostData } from '../../data/dataContext'
import { insertSyncedDoc } from '../../data/syncedWrites'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { ActivityComposer } from './ActivityComposer'
import { isOverdue, localDateToTimestamp } from './ActivityDraft'
import { ActivityTimeline } from './ActivityTimeline'

const contactFields = {
  email: 'grace@example.com',
  firstName: 'Grace',
  lastName: 'Hopper',
  phone: '',
  title: '',
  companyId: '01HCOMPANYCOMPANYCOMPANY00',
  tags: [] as string[],
  lifecycleStage: 'lead' as const,
  customFields: {},
}

async function activitiesOf(data: OutpostData, contactId: string): Promise<Activity[]> {
  const docs = await data.db.activities.find({ selector: { contactId }, sort: [{ occurredAt: 'desc' }] }).exec()
  return docs.map((doc) => doc.toJSON() as Activity)
}

describe('activity composer and timeline', () => {
  let data: OutpostData
  let contact: Contact
  beforeEach(async () => {
    data = await createTestData()
    contact = await insertSyncedDoc<Contact>(data.db.contacts, contactFields)
  })
  afterEach(async () => {
    await closeTestData(data)
  })

  function renderTimeline() {
    return renderWithProviders(
      <>
        <ActivityComposer contact={contact} />
        <ActivityTimeline contactId={contact.id} />
      </>,
      { data },
    )
  }

  it('says what to do when there is no activity', async () => {
    renderTimeline()
    expect(await screen.findByText('No activity yet — add a note, task or call above.')).toBeInTheDocument()
  })

  it('adds a note and a task, then completes and reopens the task', async () => {
    const user = userEvent.setup()
    renderTimeline()

    // An empty note is refused with a message, nothing stored.
    await user.click(screen.getByRole('button', { name: 'Add note' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Write the note first')
    expect(await activitiesOf(data, contact.id)).toHaveLength(0)

    await user.type(screen.getByRole('textbox', { name: 'Note' }), 'Loves COBOL')
    await user.click(screen.getByRole('button', { name: 'Add note' }))
    const timeline = await screen.findByRole('list', { name: 'Activity timeline' })
    expect(await within(timeline).findByText('Loves COBOL')).toBeInTheDocument()
    expect(screen.getByRole('textbox', { name: 'Note' })).toHaveValue('')

    await user.click(screen.getByRole('tab', { name: 'Task' }))
    await user.type(screen.getByRole('textbox', { name: 'Task' }), 'Send the compiler paper')
    await user.type(screen.getByLabelText('Due date'), '2000-01-15')
    await user.click(screen.getByRole('button', { name: 'Add task' }))

    const task = await within(timeline).findByRole('article', { name: 'Task: Send the compiler paper' })
    // Newest first: the task is above the note.
    const items = within(timeline).getAllByRole('article')
    expect(items[0]).toBe(task)
    expect(within(task).getByText(/Overdue/)).toHaveClass('text-red-600')

    const [storedTask, storedNote] = await activitiesOf(data, contact.id)
    expect(storedNote).toMatchObject({ kind: 'note', body: 'Loves COBOL', contactId: contact.id, companyId: contact.companyId })
    expect(storedTask).toMatchObject({ kind: 'task', subject: 'Send the compiler paper', done: false, dueAt: localDateToTimestamp('2000-01-15') })

    await user.click(within(task).getByRole('checkbox', { name: 'Mark task Send the compiler paper done' }))
    await waitFor(async () => expect((await activitiesOf(data, contact.id))[0]?.done).toBe(true))
    expect((await activitiesOf(data, contact.id))[0]?.doneAt).toEqual(expect.any(Number))
    expect(await within(task).findByRole('checkbox', { name: 'Reopen task Send the compiler paper' })).toBeChecked()
    expect(within(task).queryByText(/Overdue/)).not.toBeInTheDocument()

    await user.click(within(task).getByRole('checkbox', { name: 'Reopen task Send the compiler paper' }))
    await waitFor(async () => expect((await activitiesOf(data, contact.id))[0]?.done).toBe(false))
    expect((await activitiesOf(data, contact.id))[0]).not.toHaveProperty('doneAt')
  })

  it('logs a call with a duration and refuses a non-numeric one', async () => {
    const user = userEvent.setup()
    renderTimeline()
    await user.click(screen.getByRole('tab', { name: 'Call' }))
    await user.type(screen.getByRole('textbox', { name: 'Subject' }), 'Intro call')
    await user.type(screen.getByRole('textbox', { name: 'Duration (minutes)' }), 'half an hour')
    await user.click(screen.getByRole('button', { name: 'Log call' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Duration is whole minutes')
    expect(await activitiesOf(data, contact.id)).toHaveLength(0)

    await user.clear(screen.getByRole('textbox', { name: 'Duration (minutes)' }))
    await user.type(screen.getByRole('textbox', { name: 'Duration (minutes)' }), '30')
    await user.click(screen.getByRole('button', { name: 'Log call' }))
    expect(await screen.findByText('30 min')).toBeInTheDocument()
    expect((await activitiesOf(data, contact.id))[0]).toMatchObject({ kind: 'call', subject: 'Intro call', durationMinutes: 30 })
  })

  it('shows a task\'s due time and its linked deal', async () => {
    await data.db.deals.insert(aDeal({ id: '01DEALDEALDEALDEALDEAL0000', name: 'Compiler licence' }))
    const dueAt = new Date(2031, 0, 10, 9, 30).getTime()
    await insertSyncedDoc<Activity>(data.db.activities, {
      kind: 'task',
      contactId: contact.id,
      companyId: '',
      subject: 'Send the contract',
      body: '',
      occurredAt: Date.now(),
      done: false,
      dueAt,
      dealId: '01DEALDEALDEALDEALDEAL0000',
    })
    renderTimeline()
    const task = await screen.findByRole('article', { name: 'Task: Send the contract' })
    expect(within(task).getByText(/^Due Jan 10, 2031/)).toHaveTextContent(new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(dueAt))
    expect(await within(task).findByRole('link', { name: 'Deal: Compiler licence' })).toHaveAttribute('href', '#/deals/01DEALDEALDEALDEALDEAL0000')
  })

  it('deletes an activity only after one confirmation', async () => {
    const user = userEvent.setup()
    await insertSyncedDoc<Activity>(data.db.activities, {
      kind: 'note',
      contactId: contact.id,
      companyId: '',
      subject: '',
      body: 'Met at the conference',
      occurredAt: Date.now(),
    })
    renderTimeline()
    await user.click(await screen.findByRole('button', { name: 'Delete note' }))
    const dialog = screen.getByRole('dialog', { name: 'Delete this note?' })
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(await activitiesOf(data, contact.id)).toHaveLength(1)

    await user.click(screen.getByRole('button', { name: 'Delete note' }))
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }))
    await waitFor(async () => expect(await activitiesOf(data, contact.id)).toHaveLength(0))
    expect(await screen.findByText('No activity yet — add a note, task or call above.')).toBeInTheDocument()
  })
})

describe('isOverdue', () => {
  const now = new Date(2030, 5, 15, 12).getTime()
  it('counts a task overdue only once its due day has passed and it is not done', () => {
    expect(isOverdue({ kind: 'task', dueAt: new Date(2030, 5, 14).getTime(), done: false }, now)).toBe(true)
    expect(isOverdue({ kind: 'task', dueAt: new Date(2030, 5, 15).getTime(), done: false }, now)).toBe(false)
    expect(isOverdue({ kind: 'task', dueAt: new Date(2030, 5, 14).getTime(), done: true }, now)).toBe(false)
    expect(isOverdue({ kind: 'note', dueAt: new Date(2030, 5, 14).getTime() }, now)).toBe(false)
  })
})
