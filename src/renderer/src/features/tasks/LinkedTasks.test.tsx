import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { Activity } from '@core/schema'
import type { OutpostData } from '../../data/dataContext'
import { insertSyncedDoc } from '../../data/syncedWrites'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { isLinkedTo, LinkedTasks } from './LinkedTasks'

const DEAL = '01DEALDEALDEALDEALDEAL0000'
const CONTACT = '01CONTACTCONTACTCONTACT000'

async function addTask(data: OutpostData, fields: Partial<Activity> & { subject: string }): Promise<Activity> {
  return insertSyncedDoc<Activity>(data.db.activities, { kind: 'task', contactId: '', companyId: '', body: '', occurredAt: Date.now(), done: false, ...fields })
}

describe('isLinkedTo', () => {
  it('matches on the most specific link given', () => {
    const task = { contactId: CONTACT, companyId: '', dealId: DEAL }
    expect(isLinkedTo(task, { dealId: DEAL, contactId: 'other' })).toBe(true)
    expect(isLinkedTo({ ...task, dealId: undefined }, { dealId: DEAL, contactId: CONTACT })).toBe(false)
    expect(isLinkedTo(task, { contactId: CONTACT })).toBe(true)
    expect(isLinkedTo(task, {})).toBe(false)
  })
})

describe('LinkedTasks', () => {
  let data: OutpostData
  beforeEach(async () => {
    data = await createTestData()
  })
  afterEach(async () => {
    await closeTestData(data)
  })

  it("lists the record's open tasks and adds one linked to it", async () => {
    await addTask(data, { subject: 'Send the quote', dealId: DEAL })
    await addTask(data, { subject: 'Unrelated', dealId: '01OTHEROTHEROTHEROTHER0000' })
    const user = userEvent.setup()
    renderWithProviders(<LinkedTasks link={{ dealId: DEAL, contactId: CONTACT }} />, { data })
    const open = await screen.findByRole('list', { name: 'Open' })
    expect(within(open).getByText('Send the quote')).toBeInTheDocument()
    expect(screen.queryByText('Unrelated')).not.toBeInTheDocument()
    // The deal's own link is left out on its page.
    expect(within(open).queryByRole('link', { name: /Deal/ })).not.toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Add task' }))
    const dialog = await screen.findByRole('dialog', { name: 'New task' })
    expect(within(dialog).getByRole('button', { name: 'Remove deal Unknown deal' })).toBeInTheDocument()
    await user.type(within(dialog).getByRole('textbox', { name: 'Task' }), 'Book the kickoff')
    await user.click(within(dialog).getByRole('button', { name: 'Add task' }))
    expect(await within(open).findByText('Book the kickoff')).toBeInTheDocument()
    await waitFor(async () => {
      const stored = (await data.db.activities.find({ selector: { subject: 'Book the kickoff' } }).exec())[0]?.toJSON()
      expect(stored).toMatchObject({ dealId: DEAL, contactId: CONTACT, kind: 'task' })
    })
  })
})
