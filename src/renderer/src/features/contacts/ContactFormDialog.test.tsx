import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { contactDialogSet } from '../../app/uiSlice'
import type { OutpostData } from '../../data/dataContext'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { Toasts } from '../../ui/Toasts'
import { ContactFormDialog } from './ContactFormDialog'
import { ContactsPage } from './ContactsPage'
import { giveElementsASize, seedContacts, seedCustomField, storedContacts } from './contactsTestUtils'

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

function renderApp() {
  return renderWithProviders(
    <>
      <ContactsPage />
      <ContactFormDialog />
      <Toasts />
    </>,
    { data },
  )
}

async function openNewContactDialog(user: ReturnType<typeof userEvent.setup>) {
  const [headerButton] = screen.getAllByRole('button', { name: 'New contact' })
  await user.click(headerButton as HTMLElement)
  return screen.findByRole('dialog', { name: 'New contact' })
}

describe('ContactFormDialog', () => {
  it('creates a contact, opens its page and lists it', async () => {
    const user = userEvent.setup()
    renderApp()
    const dialog = await openNewContactDialog(user)
    expect(within(dialog).getByLabelText('First name')).toHaveFocus()

    await user.type(within(dialog).getByLabelText('First name'), 'Ada')
    await user.type(within(dialog).getByLabelText('Last name'), 'Lovelace')
    await user.type(within(dialog).getByLabelText('Email'), 'Ada@Example.com')
    await user.selectOptions(within(dialog).getByLabelText('Lifecycle stage'), 'Customer')
    await user.type(within(dialog).getByLabelText('Tags'), 'vip{Enter}')
    await user.click(within(dialog).getByRole('button', { name: 'Create contact' }))

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    const [stored] = await storedContacts(data)
    expect(stored).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', lifecycleStage: 'customer', tags: ['vip'] })
    expect(stored?._clock.email).toBeTruthy()
    expect(window.location.hash).toBe(`#/contacts/${stored?.id}`)
    const row = await screen.findByTestId('contact-row')
    expect(row).toHaveTextContent('Ada Lovelace')
    expect(row).toHaveTextContent('Customer')
  })

  it('shows each validation message next to its field and writes nothing', async () => {
    const user = userEvent.setup()
    renderApp()
    const dialog = await openNewContactDialog(user)
    await user.click(within(dialog).getByLabelText('First name'))
    await user.paste('x'.repeat(101))
    await user.type(within(dialog).getByLabelText('Email'), 'not-an-email')
    await user.click(within(dialog).getByRole('button', { name: 'Create contact' }))

    expect(await within(dialog).findByText('First name must be at most 100 characters')).toBeInTheDocument()
    expect(within(dialog).getByText('Enter a valid email address, like name@example.com')).toBeInTheDocument()
    expect(within(dialog).getByLabelText('First name')).toHaveAttribute('aria-invalid', 'true')
    expect(within(dialog).getByLabelText('First name')).toHaveFocus()
    expect(await storedContacts(data)).toEqual([])
    expect(screen.getByRole('dialog')).toBeInTheDocument()
  })

  it('validates custom fields by key and saves the parsed value once fixed', async () => {
    await seedCustomField(data, { key: 'seats', label: 'Seats', fieldType: 'number' })
    const user = userEvent.setup()
    renderApp()
    const dialog = await openNewContactDialog(user)
    await user.type(within(dialog).getByLabelText('Email'), 'team@example.com')
    const seats = await within(dialog).findByLabelText('Seats')
    await user.type(seats, 'lots')
    await user.click(within(dialog).getByRole('button', { name: 'Create contact' }))

    expect(await within(dialog).findByText('Seats must be a number')).toBeInTheDocument()
    expect(await storedContacts(data)).toEqual([])

    await user.clear(seats)
    await user.type(seats, '12')
    await user.click(within(dialog).getByRole('button', { name: 'Create contact' }))
    await waitFor(async () => expect((await storedContacts(data))[0]?.customFields).toEqual({ seats: 12 }))
  })

  it('warns about a duplicate email, blocks the save and offers the existing contact', async () => {
    const [existing] = await seedContacts(data, [{ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' }])
    const user = userEvent.setup()
    renderApp()
    const dialog = await openNewContactDialog(user)
    await user.type(within(dialog).getByLabelText('First name'), 'Another')
    // Enter in a field submits the form.
    await user.type(within(dialog).getByLabelText('Email'), ' ADA@example.com{Enter}')

    expect(await within(dialog).findByText('Ada Lovelace already uses this email.')).toBeInTheDocument()
    expect(within(dialog).getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true')
    expect(await storedContacts(data)).toHaveLength(1)

    await user.click(within(dialog).getByRole('button', { name: 'Open existing contact' }))
    expect(window.location.hash).toBe(`#/contacts/${existing?.id}`)
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(await storedContacts(data)).toHaveLength(1)
  })

  it('edits only the changed fields, keeping the other fields’ clock stamps', async () => {
    const [original] = await seedContacts(data, [{ firstName: 'Grace', lastName: 'Hopper', email: 'grace@navy.mil' }])
    if (!original) throw new Error('seed failed')
    const user = userEvent.setup()
    const { store } = renderApp()
    act(() => store.dispatch(contactDialogSet({ mode: 'edit', id: original.id })))
    const dialog = await screen.findByRole('dialog', { name: 'Edit Grace Hopper' })
    expect(within(dialog).getByLabelText('Email')).toHaveValue('grace@navy.mil')
    // Radix makes the body inert first and the dialog interactive one effect later.
    await waitFor(() => expect(dialog).toHaveStyle({ pointerEvents: 'auto' }))

    await user.type(within(dialog).getByLabelText('Job title'), 'Rear admiral')
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }))

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    const [stored] = await storedContacts(data)
    expect(stored?.title).toBe('Rear admiral')
    expect(stored?._clock.title).not.toBe(original._clock.title)
    expect(stored?._clock.firstName).toBe(original._clock.firstName)
    expect(stored?._clock.email).toBe(original._clock.email)
  })

  it('keeps the values and explains when the write fails', async () => {
    vi.spyOn(data.db.contacts, 'bulkInsert').mockRejectedValueOnce(new Error('disk full'))
    const user = userEvent.setup()
    renderApp()
    const dialog = await openNewContactDialog(user)
    await user.type(within(dialog).getByLabelText('First name'), 'Linus')
    await user.click(within(dialog).getByRole('button', { name: 'Create contact' }))

    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Could not save the contact: disk full')
    expect(within(dialog).getByLabelText('First name')).toHaveValue('Linus')
    expect(within(dialog).getByRole('button', { name: 'Create contact' })).toBeEnabled()
    expect(await storedContacts(data)).toEqual([])
  })
})
