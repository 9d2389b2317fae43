import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { Campaign, Segment } from '@core/schema'
import type { OutpostData } from '../../data/dataContext'
import { insertSyncedDoc, insertSyncedDocs } from '../../data/syncedWrites'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { campaignFields, segmentFields, statsFields } from './campaignTestData'
import { CampaignsPage } from './CampaignsPage'

describe('CampaignsPage', () => {
  let data: OutpostData
  beforeEach(async () => {
    data = await createTestData()
    window.location.hash = '#/campaigns'
  })
  afterEach(async () => {
    await closeTestData(data)
  })

  it('says what a campaign is when there are none, and New campaign opens a fresh draft', async () => {
    const user = userEvent.setup()
    renderWithProviders(<CampaignsPage />, { data })
    expect(await screen.findByRole('heading', { name: 'No campaigns yet' })).toBeInTheDocument()
    await user.click(screen.getAllByRole('button', { name: 'New campaign' })[0]!)
    const [created] = await data.db.campaigns.find().exec()
    expect(created?.status).toBe('draft')
    expect(window.location.hash).toBe(`#/campaigns/${created?.id}`)
  })

  it('lists campaigns with status, audience and rates from the stats, filtered by status', async () => {
    const user = userEvent.setup()
    const segment = await insertSyncedDoc<Segment>(data.db.segments, segmentFields({ name: 'VIP customers' }))
    await insertSyncedDocs<Campaign>(data.db.campaigns, [
      campaignFields({ name: 'Draft idea' }),
      campaignFields({
        name: 'May newsletter',
        status: 'sent',
        segmentId: segment.id,
        startedAt: Date.now() - 3_600_000,
        completedAt: Date.now(),
        stats: statsFields({ recipients: 1_200, sent: 1_200, delivered: 1_000, uniqueOpens: 250, uniqueClicks: 40 }),
      }),
    ])
    renderWithProviders(<CampaignsPage />, { data })
    const row = (await screen.findByRole('link', { name: 'May newsletter' })).closest('tr')!
    expect(within(row).getByText('Sent')).toBeInTheDocument()
    expect(within(row).getByText('VIP customers')).toBeInTheDocument()
    expect(within(row).getByText('25.0%')).toBeInTheDocument()
    expect(within(row).getByText('4.0%')).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Draft idea' }).closest('tr')).toHaveTextContent('No audience yet')

    await user.click(screen.getByRole('radio', { name: /Drafts/ }))
    expect(screen.queryByRole('link', { name: 'May newsletter' })).not.toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Draft idea' })).toBeInTheDocument()
    // Arrow keys move through the filters like radio buttons.
    await user.keyboard('{ArrowRight}')
    expect(screen.getByRole('radio', { name: /Scheduled/ })).toHaveAttribute('aria-checked', 'true')
    expect(screen.getByRole('heading', { name: 'No scheduled campaigns' })).toBeInTheDocument()
  })
})
