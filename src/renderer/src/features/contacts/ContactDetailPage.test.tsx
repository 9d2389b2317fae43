import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { Campaign, Company, Contact, EngagementEvent, Setting } from '@core/schema'
import type { OutpostData } from '../../data/dataContext'
import { newId } from '@core/ids'
import { createSyncedDoc } from '@core/sync/localChange'
import { insertSyncedDoc } from '../../data/syncedWrites'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { Toasts } from '../../ui/Toasts'
import { ContactDetailPage } from './ContactDetailPage'

const ada = {
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  phone: '',
  title: 'Analyst',
  companyId: '',
  tags: [] as string[],
  lifecycleStage: 'lead' as const,
  customFields: {},
}

async function stored(data: OutpostData, id: string): Promise<Contact | undefined> {
  return (await data.db.contacts.findOne(id).exec())?.toJSON() as Contact | undefined
}

describe('ContactDetailPage', () => {
  let data: OutpostData
  beforeEach(async () => {
    data = await createTestData()
  })
  afterEach(async () => {
    await closeTestData(data)
  })

  it('shows the header with the company linked to its page', async () => {
    const company = await insertSyncedDoc<Company>(data.db.companies, {
      name: 'Analytical Engines',
      domain: 'engines.example',
      industry: '',
      phone: '',
      city: '',
      country: '',
      tags: [],
    })
    const contact = await insertSyncedDoc<Contact>(data.db.contacts, { ...ada, companyId: company.id, lifecycleStage: 'customer' })
    renderWithProviders(<ContactDetailPage id={contact.id} />, { data })
    expect(await screen.findByRole('heading', { level: 1, name: 'Ada Lovelace' })).toBeInTheDocument()
    const summary = screen.getByRole('region', { name: 'Summary' })
    expect(await within(summary).findByRole('link', { name: 'Analytical Engines' })).toHaveAttribute('href', `#/companies/${company.id}`)
    expect(within(summary).getByText('Customer')).toBeInTheDocument()
  })

  it('saves a valid inline edit and refuses an invalid email without writing it', async () => {
    const user = userEvent.setup()
    const contact = await insertSyncedDoc<Contact>(data.db.contacts, ada)
    renderWithProviders(<ContactDetailPage id={contact.id} />, { data })

    await user.click(await screen.findByRole('button', { name: /^Job title/ }))
    const titleInput = screen.getByRole('textbox', { name: 'Job title' })
    await user.clear(titleInput)
    await user.type(titleInput, 'Head of Research{Enter}')
    await waitFor(async () => expect((await stored(data, contact.id))?.title).toBe('Head of Research'))
    expect(await screen.findByRole('button', { name: /^Job title Head of Research/ })).toHaveFocus()

    await user.click(screen.getByRole('button', { name: /^Email/ }))
    const emailInput = screen.getByRole('textbox', { name: 'Email' })
    await user.clear(emailInput)
    await user.type(emailInput, 'not-an-email{Enter}')
    expect(await screen.findByRole('alert')).toHaveTextContent('Enter a valid email address')
    expect(emailInput).toHaveAttribute('aria-invalid', 'true')
    expect((await stored(data, contact.id))?.email).toBe('ada@example.com')

    // Escape abandons the bad draft and shows the stored value again.
    await user.keyboard('{Escape}')
    expect(screen.getByRole('button', { name: /^Email ada@example.com/ })).toBeInTheDocument()
    expect((await stored(data, contact.id))?.email).toBe('ada@example.com')
  })

  it('refuses "abc" in a number custom field and saves a number', async () => {
    const user = userEvent.setup()
    await insertSyncedDoc<Setting>(data.db.settings, { kind: 'customField', key: 'seats', label: 'Seats', fieldType: 'number', options: [], position: 0 })
    const contact = await insertSyncedDoc<Contact>(data.db.contacts, ada)
    renderWithProviders(<ContactDetailPage id={contact.id} />, { data })

    await user.click(await screen.findByRole('button', { name: /^Seats/ }))
    const seats = screen.getByRole('textbox', { name: 'Seats' })
    await user.type(seats, 'abc{Enter}')
    expect(await screen.findByRole('alert')).toHaveTextContent('Seats must be a number')
    expect((await stored(data, contact.id))?.customFields).toEqual({})

    await user.clear(seats)
    await user.type(seats, '12{Enter}')
    await waitFor(async () => expect((await stored(data, contact.id))?.customFields).toEqual({ seats: 12 }))
  })

  it('points to Settings when no custom fields are defined', async () => {
    const contact = await insertSyncedDoc<Contact>(data.db.contacts, ada)
    renderWithProviders(<ContactDetailPage id={contact.id} />, { data })
    expect(await screen.findByRole('link', { name: 'Define custom fields in Settings' })).toHaveAttribute('href', '#/settings')
  })

  it('deletes after one confirmation and undo brings the contact back', async () => {
    const user = userEvent.setup()
    const contact = await insertSyncedDoc<Contact>(data.db.contacts, ada)
    renderWithProviders(
      <>
        <ContactDetailPage id={contact.id} />
        <Toasts />
      </>,
      { data },
    )
    await user.click(await screen.findByRole('button', { name: 'Delete' }))
    const dialog = screen.getByRole('dialog', { name: 'Delete Ada Lovelace?' })
    await user.click(within(dialog).getByRole('button', { name: 'Delete contact' }))
    await waitFor(async () => expect(await stored(data, contact.id)).toBeUndefined())
    expect(window.location.hash).toBe('#/contacts')
    expect(await screen.findByText('This contact was deleted or does not exist')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Undo' }))
    await waitFor(async () => expect((await stored(data, contact.id))?.email).toBe('ada@example.com'))
  })

  it('explains a missing contact and links back', async () => {
    renderWithProviders(<ContactDetailPage id="01HZZZZZZZZZZZZZZZZZZZZZZZ" />, { data })
    expect(await screen.findByText('This contact was deleted or does not exist')).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Back to contacts' })).toHaveAttribute('href', '#/contacts')
  })

  it('shows email engagement written by the server: suppression badge, rollups and recent events', async () => {
    const contact = await insertSyncedDoc<Contact>(data.db.contacts, { ...ada, unsubscribed: true, emailCount: 3, openCount: 2, clickCount: 1, lastOpenedAt: Date.now() - 3_600_000 })
    const campaign = await insertSyncedDoc<Campaign>(data.db.campaigns, { name: 'Autumn launch', status: 'sent', segmentId: '', templateId: '', scheduledAt: 1, timeZone: 'UTC' })
    // Events are server-authored: stored here as a pull would store them.
    await data.db.events.insert(createSyncedDoc<EngagementEvent>(newId(), {
      type: 'click',
      campaignId: campaign.id,
      contactId: contact.id,
      email: ada.email,
      linkIndex: 0,
      url: 'https://example.com/',
      machine: false,
      at: Date.now() - 60_000,
    }, '001796008493014-00000-server', Date.now()))
    renderWithProviders(<ContactDetailPage id={contact.id} />, { data })
    const card = await screen.findByRole('region', { name: 'Email engagement' })
    expect(within(card).getByText('Unsubscribed')).toBeInTheDocument()
    expect(within(card).getByText('3')).toBeInTheDocument()
    expect(within(card).getByText('opens')).toBeInTheDocument()
    expect(within(card).getByText(/Campaigns skip this address/)).toBeInTheDocument()
    const activity = await within(card).findByRole('list', { name: 'Recent email activity' })
    expect(await within(activity).findByRole('link', { name: 'Autumn launch' })).toHaveAttribute('href', `#/campaigns/${campaign.id}/report`)
  })
})
