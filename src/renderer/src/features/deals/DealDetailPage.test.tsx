import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { Contact, Deal, Setting } from '@core/schema'
import type { OutpostData } from '../../data/dataContext'
import { insertSyncedDoc } from '../../data/syncedWrites'
import { contactFields } from '../../test/fixtures'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { Toasts } from '../../ui/Toasts'
import { DealDetailPage } from './DealDetailPage'
import { ensureDefaultPipeline } from './dealWrites'

async function stored<T>(data: OutpostData, collection: 'deals' | 'contacts', id: string): Promise<T | undefined> {
  return (await data.db[collection].findOne(id).exec())?.toJSON() as T | undefined
}

describe('DealDetailPage', () => {
  let data: OutpostData
  let contact: Contact
  let deal: Deal
  beforeEach(async () => {
    data = await createTestData()
    await ensureDefaultPipeline(data.db)
    const pipelineId = (await data.db.settings.findOne({ selector: { kind: 'pipeline' } }).exec())?.id ?? ''
    contact = await insertSyncedDoc<Contact>(data.db.contacts, contactFields({ firstName: 'Grace', lastName: 'Hopper', lifecycleStage: 'opportunity' }))
    deal = await insertSyncedDoc<Deal>(data.db.deals, {
      name: 'Compiler licence',
      pipelineId,
      stageId: 'qualify',
      status: 'open',
      amount: 1_250_000,
      currency: 'USD',
      closeDate: '2026-06-30',
      ownerId: '',
      contactId: contact.id,
      companyId: '',
      lostReason: '',
      stageHistory: [{ stageId: 'qualify', at: 1 }],
      position: 0,
    })
  })
  afterEach(async () => {
    await closeTestData(data)
  })

  const renderPage = () =>
    renderWithProviders(
      <>
        <DealDetailPage id={deal.id} />
        <Toasts />
      </>,
      { data },
    )

  it('moves through the stage bar, recording the history', async () => {
    const user = userEvent.setup()
    renderPage()
    await user.click(await screen.findByRole('button', { name: /^Proposal/ }))
    await waitFor(async () => expect((await stored<Deal>(data, 'deals', deal.id))?.stageId).toBe('proposal'))
    expect((await stored<Deal>(data, 'deals', deal.id))?.stageHistory.map((entry) => entry.stageId)).toEqual(['qualify', 'proposal'])
    await waitFor(() => expect(screen.getByRole('button', { name: /^Proposal/ })).toHaveAttribute('aria-current', 'step'))
  })

  it('winning makes the contact a customer; reopening keeps the customer', async () => {
    const user = userEvent.setup()
    renderPage()
    await user.click(await screen.findByRole('button', { name: 'Mark won' }))
    expect(await screen.findByText(/Won Compiler licence · contact is now Customer/)).toBeInTheDocument()
    expect((await stored<Deal>(data, 'deals', deal.id))?.status).toBe('won')
    expect((await stored<Contact>(data, 'contacts', contact.id))?.lifecycleStage).toBe('customer')

    await user.click(await screen.findByRole('button', { name: 'Reopen' }))
    await waitFor(async () => expect((await stored<Deal>(data, 'deals', deal.id))?.status).toBe('open'))
    expect(await stored<Deal>(data, 'deals', deal.id)).not.toHaveProperty('closedAt')
    expect((await stored<Contact>(data, 'contacts', contact.id))?.lifecycleStage).toBe('customer')
  })

  it('leaves the contact alone when the workspace turned that automation off', async () => {
    const user = userEvent.setup()
    await insertSyncedDoc<Setting>(data.db.settings, {
      kind: 'lifecycle',
      automation: { scoreMoves: true, dealCreatedMakesOpportunity: true, dealWonMakesCustomer: false },
    })
    renderPage()
    await user.click(await screen.findByRole('button', { name: 'Mark won' }))
    await waitFor(async () => expect((await stored<Deal>(data, 'deals', deal.id))?.status).toBe('won'))
    expect((await stored<Contact>(data, 'contacts', contact.id))?.lifecycleStage).toBe('opportunity')
  })

  it('losing needs a reason, and the reason shows on the page', async () => {
    const user = userEvent.setup()
    renderPage()
    await user.click(await screen.findByRole('button', { name: 'Mark lost' }))
    const dialog = screen.getByRole('dialog', { name: 'Mark Compiler licence as lost' })
    await user.click(within(dialog).getByRole('button', { name: 'Mark as lost' }))
    expect(within(dialog).getByText('Say why the deal was lost')).toBeInTheDocument()
    expect((await stored<Deal>(data, 'deals', deal.id))?.status).toBe('open')

    await user.click(within(dialog).getByRole('button', { name: 'No budget' }))
    await user.click(within(dialog).getByRole('button', { name: 'Mark as lost' }))
    expect(await screen.findByText(/: No budget/)).toBeInTheDocument()
    expect(await stored<Deal>(data, 'deals', deal.id)).toMatchObject({ status: 'lost', lostReason: 'No budget' })
  })

  it('deletes after one confirmation and undo brings it back', async () => {
    const user = userEvent.setup()
    renderPage()
    await user.click(await screen.findByRole('button', { name: 'Delete' }))
    await user.click(within(screen.getByRole('dialog', { name: 'Delete Compiler licence?' })).getByRole('button', { name: 'Delete deal' }))
    await waitFor(async () => expect(await stored<Deal>(data, 'deals', deal.id)).toBeUndefined())
    await user.click(await screen.findByRole('button', { name: 'Undo' }))
    await waitFor(async () => expect((await stored<Deal>(data, 'deals', deal.id))?.name).toBe('Compiler licence'))
  })
})
