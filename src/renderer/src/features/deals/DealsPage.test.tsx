import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { Contact, Deal } from '@core/schema'
import type { OutpostData } from '../../data/dataContext'
import { insertSyncedDoc } from '../../data/syncedWrites'
import { contactFields } from '../../test/fixtures'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { Toasts } from '../../ui/Toasts'
import { DealsPage } from './DealsPage'
import { ensureDefaultPipeline } from './dealWrites'

async function storedDeals(data: OutpostData): Promise<Deal[]> {
  return (await data.db.deals.find().exec()).map((doc) => doc.toJSON() as Deal)
}

describe('DealsPage', () => {
  let data: OutpostData
  // jsdom has no layout: give the virtualized table's scroll box a height so it renders rows.
  const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight')
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 })
  })
  afterAll(() => {
    if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight)
  })
  beforeEach(async () => {
    localStorage.clear()
    data = await createTestData()
  })
  afterEach(async () => {
    await closeTestData(data)
  })

  it('creates the default pipeline once on first use and shows a column per stage', async () => {
    renderWithProviders(<DealsPage view="board" />, { data })
    for (const stage of ['Qualify', 'Meeting', 'Proposal', 'Negotiation']) expect(await screen.findByRole('region', { name: `${stage} stage` })).toBeInTheDocument()
    expect(screen.getByLabelText('Won drop zone')).toBeInTheDocument()
    expect(screen.getByLabelText('Lost drop zone')).toBeInTheDocument()
    const pipelines = await data.db.settings.find({ selector: { kind: 'pipeline' } }).exec()
    expect(pipelines.map((doc) => doc.label)).toEqual(['Sales pipeline'])
  })

  it('creates one pipeline when several screens ask at once, and none when one exists', async () => {
    await Promise.all([ensureDefaultPipeline(data.db), ensureDefaultPipeline(data.db)])
    await ensureDefaultPipeline(data.db)
    expect(await data.db.settings.find({ selector: { kind: 'pipeline' } }).exec()).toHaveLength(1)
  })

  it('explains bad input next to the field and saves nothing', async () => {
    const user = userEvent.setup()
    renderWithProviders(<DealsPage view="board" />, { data })
    await screen.findByRole('region', { name: 'Qualify stage' })
    await user.click(screen.getByRole('button', { name: 'New deal' }))
    const dialog = screen.getByRole('dialog', { name: 'New deal' })
    await user.type(within(dialog).getByLabelText('Amount'), 'lots')
    await user.click(within(dialog).getByRole('button', { name: 'Create deal' }))
    expect(within(dialog).getByText('Give the deal a name')).toBeInTheDocument()
    expect(within(dialog).getByText('Enter an amount, like 12,500.00')).toBeInTheDocument()
    expect(await storedDeals(data)).toEqual([])
  })

  it('creates a deal for a contact in the first stage and makes the contact an opportunity', async () => {
    const user = userEvent.setup()
    const contact = await insertSyncedDoc<Contact>(data.db.contacts, contactFields({ firstName: 'Grace', lastName: 'Hopper', lifecycleStage: 'lead' }))
    renderWithProviders(
      <>
        <DealsPage view="board" />
        <Toasts />
      </>,
      { data },
    )
    await screen.findByRole('region', { name: 'Qualify stage' })
    await user.click(screen.getByRole('button', { name: 'New deal' }))
    const dialog = screen.getByRole('dialog', { name: 'New deal' })
    await user.type(within(dialog).getByLabelText('Name'), 'Compiler licence')
    await user.type(within(dialog).getByLabelText('Amount'), '12,500.50')
    await user.type(within(dialog).getByRole('combobox', { name: 'Contact' }), 'hopper')
    await user.keyboard('{Enter}')
    await user.click(within(dialog).getByRole('button', { name: 'Create deal' }))

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    const [deal] = await storedDeals(data)
    expect(deal).toMatchObject({ name: 'Compiler licence', amount: 1_250_050, currency: 'USD', stageId: 'qualify', status: 'open', contactId: contact.id })
    expect(deal?.stageHistory).toHaveLength(1)
    expect(within(screen.getByRole('region', { name: 'Qualify stage' })).getByText('Compiler licence')).toBeInTheDocument()
    expect(await screen.findByText(/contact is now Opportunity/)).toBeInTheDocument()
    const stored = (await data.db.contacts.findOne(contact.id).exec())?.toJSON() as Contact
    expect(stored.lifecycleStage).toBe('opportunity')
    expect(stored.stageHistory?.at(-1)).toMatchObject({ stage: 'opportunity', source: 'deal' })
  })

  it('sorts the table by a column header and filters by status', async () => {
    const user = userEvent.setup()
    await ensureDefaultPipeline(data.db)
    const pipelineId = (await data.db.settings.findOne({ selector: { kind: 'pipeline' } }).exec())?.id ?? ''
    const base = { pipelineId, currency: 'USD', ownerId: '', contactId: '', companyId: '', lostReason: '', position: 0, closeDate: '' }
    await insertSyncedDoc<Deal>(data.db.deals, { ...base, name: 'Small', amount: 100, stageId: 'qualify', status: 'open', stageHistory: [] })
    await insertSyncedDoc<Deal>(data.db.deals, { ...base, name: 'Big', amount: 900_000, stageId: 'meeting', status: 'open', stageHistory: [] })
    await insertSyncedDoc<Deal>(data.db.deals, { ...base, name: 'Gone', amount: 5, stageId: 'meeting', status: 'lost', lostReason: 'Price', stageHistory: [] })
    renderWithProviders(<DealsPage view="table" />, { data })
    await user.click(await screen.findByRole('button', { name: /^Amount/ }))
    await waitFor(() => expect(screen.getAllByRole('row').slice(1).map((row) => row.textContent)).toEqual([expect.stringContaining('Big'), expect.stringContaining('Small')]))
    expect(screen.getByRole('columnheader', { name: /Amount/ })).toHaveAttribute('aria-sort', 'descending')
    await user.click(screen.getByRole('radio', { name: /^Lost/ }))
    expect(screen.getAllByRole('row').slice(1).map((row) => row.textContent)).toEqual([expect.stringContaining('Gone')])
  })
})
