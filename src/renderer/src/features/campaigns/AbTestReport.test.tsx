import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { AbResult, AbTest, Campaign } from '@core/schema'
import type { OutpostData } from '../../data/dataContext'
import { insertSyncedDoc } from '../../data/syncedWrites'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { Toasts } from '../../ui/Toasts'
import { AbTestReport } from './AbTestReport'
import { useCampaign } from './campaignData'
import { campaignFields } from './campaignTestData'

const NOW = Date.UTC(2026, 10, 30, 12, 0)

const abTest: AbTest = {
  variants: [
    { id: 'VA', name: 'Short subject', subject: 'Sale', fromName: '', templateId: '' },
    { id: 'VB', name: 'Long subject', subject: 'Our spring sale starts today', fromName: 'Ada', templateId: '' },
  ],
  testPercent: 20,
  metric: 'clicks',
  waitMinutes: 120,
}

function result(overrides: Partial<AbResult> = {}): AbResult {
  return {
    phase: 'waiting',
    testRecipients: 400,
    testEndsAt: NOW + 3_600_000,
    winnerId: '',
    variants: [
      { id: 'VA', recipients: 200, sent: 200, uniqueOpens: 80, uniqueClicks: 20, confidence: 0.28 },
      { id: 'VB', recipients: 200, sent: 200, uniqueOpens: 70, uniqueClicks: 26, confidence: 0.72 },
    ],
    ...overrides,
  }
}

function Live({ id }: { id: string }) {
  const campaign = useCampaign(id)
  return campaign ? <AbTestReport campaign={campaign} now={NOW} /> : null
}

describe('AbTestReport', () => {
  let data: OutpostData
  beforeEach(async () => {
    data = await createTestData()
  })
  afterEach(async () => {
    await closeTestData(data)
  })

  it('shows each variant’s test figures, rates and how likely it is best, while waiting for the winner', async () => {
    const campaign = await insertSyncedDoc<Campaign>(data.db.campaigns, campaignFields({ status: 'sending', abTest, abResult: result() }))
    renderWithProviders(<Live id={campaign.id} />, { data })
    const table = await screen.findByRole('table', { name: 'Variants of the A/B test' })
    const [, short, long] = within(table).getAllByRole('row')
    expect(short).toHaveTextContent('Short subject“Sale”20020080 40%20 10%28% likely best')
    expect(long).toHaveTextContent('Long subject“Our spring sale starts today” · from Ada20020070 35%26 13%72% likely best')
    expect(within(table).getByRole('meter', { name: 'Long subject: likelihood of being best' })).toHaveAttribute('aria-valuenow', '72')
    expect(screen.getByText(/^Waiting for results · 400 in the test · the winner is picked/)).toBeInTheDocument()
    expect(within(table).queryByText('Winner')).not.toBeInTheDocument()
  })

  it('marks the winner and how it was picked, with no pick button once decided', async () => {
    const campaign = await insertSyncedDoc<Campaign>(
      data.db.campaigns,
      campaignFields({ status: 'sent', abTest, abResult: result({ phase: 'done', winnerId: 'VB', decidedBy: 'clicks', decidedAt: NOW - 60_000 }) }),
    )
    renderWithProviders(<Live id={campaign.id} />, { data })
    const table = await screen.findByRole('table', { name: 'Variants of the A/B test' })
    expect(within(within(table).getAllByRole('row')[2] as HTMLElement).getByText('Winner')).toBeInTheDocument()
    expect(screen.getByText(/^Done · 400 in the test · winner picked .* \(most unique clicks\)$/)).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Pick winner now' })).not.toBeInTheDocument()
  })

  it('flags a test by opens as less reliable', async () => {
    const campaign = await insertSyncedDoc<Campaign>(data.db.campaigns, campaignFields({ status: 'sending', abTest: { ...abTest, metric: 'opens' }, abResult: result() }))
    renderWithProviders(<Live id={campaign.id} />, { data })
    expect(await screen.findByText(/less reliable: privacy proxies open every email/)).toBeInTheDocument()
  })

  it('“Pick winner now” asks once, then records the member’s pick for the server', async () => {
    const user = userEvent.setup()
    const campaign = await insertSyncedDoc<Campaign>(data.db.campaigns, campaignFields({ status: 'sending', abTest, abResult: result() }))
    renderWithProviders(
      <>
        <Live id={campaign.id} />
        <Toasts />
      </>,
      { data },
    )
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Winner' }), 'Long subject')
    await user.click(screen.getByRole('button', { name: 'Pick winner now' }))
    const dialog = await screen.findByRole('dialog', { name: 'Send Long subject to everyone else?' })
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect((await data.db.campaigns.findOne(campaign.id).exec())?.abTest?.manualWinnerId).toBeUndefined()

    await user.click(screen.getByRole('button', { name: 'Pick winner now' }))
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Pick Long subject' }))
    await waitFor(async () => expect((await data.db.campaigns.findOne(campaign.id).exec())?.abTest?.manualWinnerId).toBe('VB'))
    expect(await screen.findByText('Winner Long subject picked; the server sends it next.')).toBeInTheDocument()
    expect(screen.getByText('Long subject goes to the rest of the audience.')).toBeInTheDocument()
  })
})
