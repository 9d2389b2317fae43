import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { Contact } from '@core/schema'
import type { OutpostData } from '../../data/dataContext'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { Toasts } from '../../ui/Toasts'
import { ContactsPage } from './ContactsPage'
import { giveElementsASize, seedCompany, seedContacts, storedContacts } from './contactsTestUtils'

let data: OutpostData

beforeEach(async () => {
  window.location.hash = ''
  giveElementsASize()
  data = await createTestData()
})

afterEach(async () => {
  await closeTestData(data)
  vi.restoreAllMocks()
})

function renderPage() {
  return renderWithProviders(
    <>
      <ContactsPage />
      <Toasts />
    </>,
    { data },
  )
}

/** Visible names, top to bottom. */
function rowNames(): string[] {
  // The name cell holds an initials avatar, then the name.
  return screen.getAllByTestId('contact-row').map((row) => within(row).getAllByRole('gridcell')[1]?.lastElementChild?.textContent ?? '')
}

async function seedPeople(): Promise<Contact[]> {
  const nasa = await seedCompany(data, 'NASA')
  return seedContacts(data, [
    { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', tags: ['vip', 'math'], lifecycleStage: 'customer' },
    { firstName: 'Grace', lastName: 'Hopper', email: 'grace@navy.mil', tags: ['vip'], lifecycleStage: 'lead' },
    { firstName: 'Linus', lastName: 'Torvalds', email: 'linus@kernel.org', lifecycleStage: 'customer' },
    { firstName: 'Margaret', lastName: 'Hamilton', email: 'margaret@nasa.gov', companyId: nasa.id, lifecycleStage: 'lead' },
  ])
}

describe('ContactsPage', () => {
  it('tells a new user how to get started', async () => {
    const user = userEvent.setup()
    renderPage()
    expect(await screen.findByRole('heading', { name: 'No contacts yet' })).toBeInTheDocument()
    expect(screen.getAllByRole('button', { name: 'New contact' })).toHaveLength(2)
    await user.click(screen.getByRole('button', { name: 'Load demo data' }))
    expect(window.location.hash).toBe('#/settings')
  })

  it('lists contacts sorted by name and re-sorts from the column header', async () => {
    await seedPeople()
    const user = userEvent.setup()
    renderPage()
    await waitFor(() => expect(rowNames()).toEqual(['Margaret Hamilton', 'Grace Hopper', 'Ada Lovelace', 'Linus Torvalds']))
    expect(screen.getByText('4 contacts')).toBeInTheDocument()
    expect(screen.getByRole('grid', { name: 'Contacts' })).toHaveAttribute('aria-rowcount', '5')
    const firstRow = screen.getAllByTestId('contact-row')[0] as HTMLElement
    expect(firstRow).toHaveTextContent('NASA')

    await user.click(screen.getByRole('button', { name: 'Name' }))
    expect(screen.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'descending')
    expect(rowNames()).toEqual(['Linus Torvalds', 'Ada Lovelace', 'Grace Hopper', 'Margaret Hamilton'])
  })

  it('narrows the rows by search, tag and stage, and clears the filters', async () => {
    await seedPeople()
    const user = userEvent.setup()
    renderPage()
    await waitFor(() => expect(screen.getAllByTestId('contact-row')).toHaveLength(4))

    // Company names are searchable too.
    await user.type(screen.getByRole('searchbox', { name: 'Search contacts' }), 'nasa')
    await waitFor(() => expect(rowNames()).toEqual(['Margaret Hamilton']))
    expect(screen.getByText('1 of 4 match')).toBeInTheDocument()
    await user.clear(screen.getByRole('searchbox', { name: 'Search contacts' }))

    await user.click(screen.getByRole('button', { name: 'Tag filter' }))
    await user.click(screen.getByRole('option', { name: 'vip' }))
    await waitFor(() => expect(rowNames()).toEqual(['Grace Hopper', 'Ada Lovelace']))
    await user.keyboard('{Escape}')

    // The stage menu works from the keyboard: type to narrow, Enter to pick.
    await user.click(screen.getByRole('button', { name: 'Stage filter' }))
    await user.keyboard('cust{Enter}{Escape}')
    await waitFor(() => expect(rowNames()).toEqual(['Ada Lovelace']))
    expect(screen.getByRole('button', { name: 'Stage filter: Customer' })).toHaveFocus()
    expect(screen.getByText('1 of 4 match')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Tag filter: vip' }))
    await user.click(screen.getByRole('option', { name: 'vip' }))
    await user.keyboard('{Escape}')
    await waitFor(() => expect(rowNames()).toEqual(['Ada Lovelace', 'Linus Torvalds']))

    await user.type(screen.getByRole('searchbox', { name: 'Search contacts' }), 'nobody')
    expect(await screen.findByRole('heading', { name: 'No contacts match' })).toBeInTheDocument()
    const [clearButton] = screen.getAllByRole('button', { name: 'Clear filters' })
    await user.click(clearButton as HTMLElement)
    await waitFor(() => expect(screen.getAllByTestId('contact-row')).toHaveLength(4))
    expect(screen.getByText('4 contacts')).toBeInTheDocument()
  })

  it('moves through rows with the keyboard, selects with Space and x, opens with Enter', async () => {
    const people = await seedPeople()
    const user = userEvent.setup()
    renderPage()
    await waitFor(() => expect(screen.getAllByTestId('contact-row')).toHaveLength(4))
    const grid = screen.getByRole('grid', { name: 'Contacts' })
    act(() => grid.focus())
    const rows = () => screen.getAllByTestId('contact-row')

    expect(grid).toHaveAttribute('aria-activedescendant', rows()[0]?.id)
    await user.keyboard('{ArrowDown}')
    expect(grid).toHaveAttribute('aria-activedescendant', rows()[1]?.id)
    await user.keyboard(' ')
    expect(rows()[1]).toHaveAttribute('aria-selected', 'true')
    await user.keyboard('{ArrowDown}x')
    expect(rows()[2]).toHaveAttribute('aria-selected', 'true')
    expect(screen.getByRole('toolbar', { name: 'Bulk actions' })).toHaveTextContent('2 selected')
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('toolbar', { name: 'Bulk actions' })).not.toBeInTheDocument()

    await user.keyboard('{ArrowUp}{Enter}')
    const grace = people.find((person) => person.firstName === 'Grace')
    expect(window.location.hash).toBe(`#/contacts/${grace?.id}`)
  })

  it('opens a contact on click, selects a range on shift-click, and selects all matching', async () => {
    const people = await seedPeople()
    const user = userEvent.setup()
    renderPage()
    await waitFor(() => expect(screen.getAllByTestId('contact-row')).toHaveLength(4))

    await user.click(screen.getByRole('checkbox', { name: 'Select Margaret Hamilton' }))
    await user.keyboard('{Shift>}')
    await user.click(screen.getByRole('checkbox', { name: 'Select Ada Lovelace' }))
    await user.keyboard('{/Shift}')
    expect(screen.getByRole('toolbar', { name: 'Bulk actions' })).toHaveTextContent('3 selected')
    expect(screen.getByRole('checkbox', { name: 'Select Linus Torvalds' })).not.toBeChecked()
    expect(window.location.hash).toBe('')

    await user.click(screen.getByRole('button', { name: 'Clear selection' }))
    await user.type(screen.getByRole('searchbox', { name: 'Search contacts' }), 'r')
    await waitFor(() => expect(screen.getAllByTestId('contact-row')).toHaveLength(3))
    await user.click(screen.getByRole('checkbox', { name: 'Select all 3 matching contacts' }))
    expect(screen.getByRole('toolbar', { name: 'Bulk actions' })).toHaveTextContent('3 selected')

    await user.click(screen.getByText('Linus Torvalds'))
    const linus = people.find((person) => person.firstName === 'Linus')
    expect(window.location.hash).toBe(`#/contacts/${linus?.id}`)
  })

  it('bulk delete asks once, deletes, and undo brings the contacts back', async () => {
    await seedPeople()
    const user = userEvent.setup()
    renderPage()
    await waitFor(() => expect(screen.getAllByTestId('contact-row')).toHaveLength(4))
    for (const name of ['Ada Lovelace', 'Grace Hopper', 'Linus Torvalds']) await user.click(screen.getByRole('checkbox', { name: `Select ${name}` }))

    await user.click(within(screen.getByRole('toolbar', { name: 'Bulk actions' })).getByRole('button', { name: 'Delete' }))
    const confirm = await screen.findByRole('dialog', { name: 'Delete 3 contacts?' })
    expect(await storedContacts(data)).toHaveLength(4)
    await user.click(within(confirm).getByRole('button', { name: 'Delete' }))

    await waitFor(() => expect(rowNames()).toEqual(['Margaret Hamilton']))
    expect(await storedContacts(data)).toHaveLength(1)
    expect(screen.queryAllByRole('dialog')).toHaveLength(0)
    expect(screen.queryByRole('toolbar', { name: 'Bulk actions' })).not.toBeInTheDocument()
    const toast = await screen.findByText('Deleted 3 contacts')

    await user.click(within(toast.closest('[role="status"]') as HTMLElement).getByRole('button', { name: 'Undo' }))
    await waitFor(() => expect(screen.getAllByTestId('contact-row')).toHaveLength(4))
    expect(await storedContacts(data)).toHaveLength(4)
  })

  it('bulk-adds and bulk-removes a tag in one go', async () => {
    await seedPeople()
    const user = userEvent.setup()
    renderPage()
    await waitFor(() => expect(screen.getAllByTestId('contact-row')).toHaveLength(4))
    await user.click(screen.getByRole('checkbox', { name: 'Select Linus Torvalds' }))
    await user.click(screen.getByRole('checkbox', { name: 'Select Margaret Hamilton' }))

    await user.click(screen.getByRole('button', { name: 'Add tag' }))
    const addDialog = await screen.findByRole('dialog', { name: 'Add tags · 2 contacts' })
    await user.type(within(addDialog).getByLabelText('Tags to add'), 'Newsletter{Enter}')
    await user.click(within(addDialog).getByRole('button', { name: 'Add tags' }))

    expect(await screen.findByText('Added "newsletter" to 2 contacts')).toBeInTheDocument()
    const tagged = (await storedContacts(data)).filter((contact) => contact.tags.includes('newsletter'))
    expect(tagged.map((contact) => contact.firstName).sort()).toEqual(['Linus', 'Margaret'])

    await user.click(screen.getByRole('button', { name: 'Remove tag' }))
    const removeDialog = await screen.findByRole('dialog', { name: 'Remove tags · 2 contacts' })
    await user.click(within(removeDialog).getByRole('checkbox', { name: /newsletter/ }))
    await user.click(within(removeDialog).getByRole('button', { name: 'Remove tags' }))

    expect(await screen.findByText('Removed "newsletter" from 2 contacts')).toBeInTheDocument()
    expect((await storedContacts(data)).filter((contact) => contact.tags.includes('newsletter'))).toEqual([])
  })
})
