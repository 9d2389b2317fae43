import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { Activity, Company, Contact, Member } from '@core/schema'
import { startOfLocalDay } from '@core/tasks/taskGroups'
import type { OutpostData } from '../../data/dataContext'
import { insertSyncedDoc } from '../../data/syncedWrites'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { Toasts } from '../../ui/Toasts'
import { MyTasksPage } from './MyTasksPage'
import { requestNewTask } from './newTaskRequests'

const DAY = 86_400_000

async function addTask(data: OutpostData, fields: Partial<Activity> & { subject: string }): Promise<Activity> {
  return insertSyncedDoc<Activity>(data.db.activities, { kind: 'task', contactId: '', companyId: '', body: '', occurredAt: Date.now(), done: false, ...fields })
}

async function storedTasks(data: OutpostData): Promise<Activity[]> {
  return (await data.db.activities.find({ selector: { kind: 'task' } }).exec()).map((doc) => doc.toJSON() as Activity)
}

const section = (name: string) => screen.getByRole('list', { name })

describe('My tasks', () => {
  let data: OutpostData
  const today = startOfLocalDay(Date.now())
  beforeEach(async () => {
    data = await createTestData()
  })
  afterEach(async () => {
    await closeTestData(data)
  })

  const renderPage = () =>
    renderWithProviders(
      <>
        <MyTasksPage />
        <Toasts />
      </>,
      { data },
    )

  it('says what to do when there are no tasks', async () => {
    renderPage()
    expect(await screen.findByText('No tasks yet')).toBeInTheDocument()
  })

  it('sorts tasks into overdue, today, upcoming, no due date and a folded done', async () => {
    await addTask(data, { subject: 'Chase invoice', dueAt: today - 2 * DAY })
    await addTask(data, { subject: 'Prepare demo', dueAt: today })
    await addTask(data, { subject: 'Quarterly review', dueAt: today + 3 * DAY })
    await addTask(data, { subject: 'Read the brief' })
    await addTask(data, { subject: 'Old call', done: true, doneAt: Date.now() })
    await addTask(data, { subject: 'A note', kind: 'note' })
    const user = userEvent.setup()
    renderPage()

    expect(await within(await screen.findByRole('list', { name: 'Overdue' })).findByText('Chase invoice')).toBeInTheDocument()
    expect(within(section('Overdue')).getByText(/^Overdue · due/)).toHaveClass('text-red-600')
    expect(within(section('Today')).getByText('Prepare demo')).toBeInTheDocument()
    expect(within(section('Today')).getByText('Due today')).toBeInTheDocument()
    expect(within(section('Upcoming')).getByText('Quarterly review')).toBeInTheDocument()
    expect(within(section('No due date')).getByText('Read the brief')).toBeInTheDocument()
    expect(screen.queryByText('A note')).not.toBeInTheDocument()
    expect(screen.getByText('4 open')).toBeInTheDocument()

    // Done is folded until asked for.
    expect(screen.queryByText('Old call')).not.toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Done' }))
    expect(within(section('Done')).getByText('Old call')).toBeInTheDocument()
    expect(within(section('Done')).getByText('Done just now')).toBeInTheDocument()
  })

  it('checks a task off with an undo', async () => {
    const task = await addTask(data, { subject: 'Prepare demo', dueAt: today })
    const user = userEvent.setup()
    renderPage()
    await user.click(await screen.findByRole('checkbox', { name: 'Mark task Prepare demo done' }))
    await waitFor(async () => expect((await storedTasks(data))[0]).toMatchObject({ id: task.id, done: true, doneAt: expect.any(Number) }))
    expect(await screen.findByText('All done. Nothing open.')).toBeInTheDocument()

    await user.click(await screen.findByRole('button', { name: 'Undo' }))
    expect(await within(await screen.findByRole('list', { name: 'Today' })).findByText('Prepare demo')).toBeInTheDocument()
    expect((await storedTasks(data))[0]).toMatchObject({ done: false })
    expect((await storedTasks(data))[0]).not.toHaveProperty('doneAt')
  })

  it('works from the keyboard: arrows move, x checks off, n opens a new task', async () => {
    await addTask(data, { subject: 'First', dueAt: today - DAY })
    await addTask(data, { subject: 'Second', dueAt: today })
    const user = userEvent.setup()
    renderPage()
    const first = await screen.findByRole('listitem', { name: 'First' })
    first.focus()
    await user.keyboard('{ArrowDown}')
    expect(screen.getByRole('listitem', { name: 'Second' })).toHaveFocus()
    await user.keyboard('x')
    await waitFor(async () => expect((await storedTasks(data)).find((task) => task.subject === 'Second')?.done).toBe(true))
    expect((await storedTasks(data)).find((task) => task.subject === 'First')?.done).toBe(false)

    await user.keyboard('n')
    expect(await screen.findByRole('dialog', { name: 'New task' })).toBeInTheDocument()
  })

  it('adds a task linked to a contact (and their company) from the dialog; a bad one is explained and not saved', async () => {
    const company = await insertSyncedDoc<Company>(data.db.companies, { name: 'Analytical Engines', domain: 'engines.example', industry: '', phone: '', city: '', country: '', tags: [] })
    await insertSyncedDoc<Contact>(data.db.contacts, {
      email: 'ada@engines.example',
      firstName: 'Ada',
      lastName: 'Lovelace',
      phone: '',
      title: '',
      companyId: company.id,
      tags: [],
      lifecycleStage: 'lead',
      customFields: {},
    })
    const user = userEvent.setup()
    renderPage()
    await user.click(await screen.findByRole('button', { name: /New task/ }))
    const dialog = await screen.findByRole('dialog', { name: 'New task' })

    await user.click(within(dialog).getByRole('button', { name: 'Add task' }))
    expect(await within(dialog).findByText('Say what needs doing')).toBeInTheDocument()
    expect(await storedTasks(data)).toHaveLength(0)

    await user.type(within(dialog).getByRole('textbox', { name: 'Task' }), 'Send the proposal')
    await user.type(within(dialog).getByRole('combobox', { name: 'Contact' }), 'lovel')
    await user.keyboard('{Enter}')
    expect(within(dialog).getByRole('button', { name: 'Remove contact Ada Lovelace' })).toBeInTheDocument()
    expect(within(dialog).getByRole('button', { name: 'Remove company Analytical Engines' })).toBeInTheDocument()
    const pad = (n: number) => String(n).padStart(2, '0')
    const date = new Date(today)
    await user.type(within(dialog).getByLabelText('Due date'), `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`)
    await user.click(within(dialog).getByRole('button', { name: 'Add task' }))

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    const [stored] = await storedTasks(data)
    expect(stored).toMatchObject({ subject: 'Send the proposal', dueAt: today, companyId: company.id, done: false })
    const row = await within(await screen.findByRole('list', { name: 'Today' })).findByRole('listitem', { name: 'Send the proposal' })
    expect(within(row).getByRole('link', { name: 'Ada Lovelace' })).toHaveAttribute('href', `#/contacts/${stored?.contactId}`)
    expect(within(row).getByRole('link', { name: 'Company: Analytical Engines' })).toBeInTheDocument()
  })

  it('edits a task from the keyboard: e opens it with its values, clearing the due date moves it', async () => {
    const task = await addTask(data, { subject: 'Prepare demo', dueAt: today, body: 'Use the staging data' })
    const user = userEvent.setup()
    renderPage()
    ;(await screen.findByRole('listitem', { name: 'Prepare demo' })).focus()
    await user.keyboard('e')
    const dialog = await screen.findByRole('dialog', { name: 'Edit task' })
    expect(within(dialog).getByRole('textbox', { name: 'Task' })).toHaveValue('Prepare demo')
    expect(within(dialog).getByRole('textbox', { name: 'Notes' })).toHaveValue('Use the staging data')
    await user.clear(within(dialog).getByRole('textbox', { name: 'Task' }))
    await user.type(within(dialog).getByRole('textbox', { name: 'Task' }), 'Prepare the demo')
    await user.clear(within(dialog).getByLabelText('Due date'))
    await user.click(within(dialog).getByRole('button', { name: 'Save task' }))
    expect(await within(await screen.findByRole('list', { name: 'No due date' })).findByText('Prepare the demo')).toBeInTheDocument()
    const [stored] = await storedTasks(data)
    expect(stored).toMatchObject({ id: task.id, subject: 'Prepare the demo', body: 'Use the staging data' })
    expect(stored).not.toHaveProperty('dueAt')
  })

  it('signed in: shows my tasks or all, and a new task is mine unless I pick someone else', async () => {
    const member = (id: string, name: string): Member => ({ id, name, email: `${id}@example.com`, role: 'member', joinedAt: 0, updatedAt: 0, _clock: {} })
    await data.db.members.bulkInsert([member('ME00000000000000000000000A', 'Ana'), member('BO00000000000000000000000B', 'Bo')])
    const snapshot = data.sync.getSnapshot()
    vi.spyOn(data.sync, 'getSnapshot').mockReturnValue({ ...snapshot, account: { user: { id: 'ME00000000000000000000000A' } } } as unknown as typeof snapshot)
    await addTask(data, { subject: 'Mine', assigneeId: 'ME00000000000000000000000A' })
    await addTask(data, { subject: 'Theirs', assigneeId: 'BO00000000000000000000000B' })
    await addTask(data, { subject: 'Nobody' })
    const user = userEvent.setup()
    renderPage()

    const list = await screen.findByRole('list', { name: 'No due date' })
    expect(within(list).getByText('Mine')).toBeInTheDocument()
    expect(within(list).queryByText('Theirs')).not.toBeInTheDocument()
    expect(within(list).queryByText('Nobody')).not.toBeInTheDocument()
    await user.click(screen.getByRole('radio', { name: 'All' }))
    expect(await within(list).findByText('Theirs')).toBeInTheDocument()
    expect(within(list).getByText('Assigned to Bo')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'New task' }))
    const dialog = await screen.findByRole('dialog', { name: 'New task' })
    const assignee = await within(dialog).findByRole('combobox', { name: 'Assignee' })
    expect(assignee).toHaveValue('ME00000000000000000000000A')
    expect(within(assignee).getAllByRole('option').map((option) => option.textContent)).toEqual(['Me (Ana)', 'Bo', 'Unassigned'])
    await user.type(within(dialog).getByRole('textbox', { name: 'Task' }), 'For Bo')
    await user.selectOptions(assignee, 'BO00000000000000000000000B')
    await user.click(within(dialog).getByRole('button', { name: 'Add task' }))
    await waitFor(async () => expect((await storedTasks(data)).find((task) => task.subject === 'For Bo')).toMatchObject({ assigneeId: 'BO00000000000000000000000B' }))
  })

  it('opens the New task dialog for a request from the command palette', async () => {
    requestNewTask()
    renderPage()
    expect(await screen.findByRole('dialog', { name: 'New task' })).toBeInTheDocument()
  })
})
