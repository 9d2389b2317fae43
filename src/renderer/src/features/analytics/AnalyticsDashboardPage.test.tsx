import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { Campaign } from '@core/schema'
import type { OutpostData } from '../../data/dataContext'
import { insertSyncedDocs } from '../../data/syncedWrites'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { campaignFields, statsFields } from '../campaigns/campaignTestData'
import { AnalyticsDashboardPage } from './AnalyticsDashboardPage'
import { localDayKey } from './campaignMetrics'

const DAY = 86_400_000

describe('AnalyticsDashboardPage', () => {
  let data: OutpostData
  beforeEach(async () => {
    data = await createTestData()
  })
  afterEach(async () => {
    await closeTestData(data)
  })

  it('filters campaigns and totals by the chosen range, presets by keyboard and custom dates', async () => {
    const user = userEvent.setup()
    const now = Date.now()
    const sent = (name: string, daysAgo: number, sentCount: number) =>
      campaignFields({ name, status: 'sent', startedAt: now - daysAgo * DAY, stats: statsFields({ sent: sentCount, delivered: sentCount, uniqueOpens: sentCount / 2 }) })
    await insertSyncedDocs<Campaign>(data.db.campaigns, [sent('This week', 2, 100), sent('Last month', 20, 300), sent('Long ago', 200, 1_000), campaignFields({ name: 'Draft' })])
    renderWithProviders(<AnalyticsDashboardPage />, { data })

    const table = await screen.findByRole('table', { name: 'Campaigns sent in the range' })
    const names = () => within(screen.getByRole('table', { name: 'Campaigns sent in the range' })).getAllByRole('link').map((link) => link.textContent)
    // 30 days by default.
    expect(names()).toEqual(['This week', 'Last month'])
    expect(table).toBeInTheDocument()
    const totals = screen.getByLabelText('Totals')
    expect(within(totals).getByText('Messages sent').closest('div')).toHaveTextContent('400')

    // Arrow keys move through the presets: 30 days → 7 days.
    screen.getByRole('radio', { name: '30 days' }).focus()
    await user.keyboard('{ArrowLeft}')
    expect(screen.getByRole('radio', { name: '7 days' })).toHaveAttribute('aria-checked', 'true')
    await waitFor(() => expect(names()).toEqual(['This week']))

    await user.click(screen.getByRole('radio', { name: '1 year' }))
    await waitFor(() => expect(names()).toEqual(['This week', 'Last month', 'Long ago']))
    expect(within(screen.getByLabelText('Totals')).getByText('Campaigns sent').closest('div')).toHaveTextContent('3')

    await user.click(screen.getByRole('radio', { name: 'Custom' }))
    const from = screen.getByLabelText('From')
    const to = screen.getByLabelText('To')
    await user.clear(from)
    await user.type(from, localDayKey(now - 201 * DAY))
    await user.clear(to)
    await user.type(to, localDayKey(now - 199 * DAY))
    await waitFor(() => expect(names()).toEqual(['Long ago']))

    // An end before the start is explained and shows nothing stale.
    await user.clear(to)
    await user.type(to, localDayKey(now - 300 * DAY))
    expect(await screen.findByRole('alert')).toHaveTextContent('The start date is after the end date.')
    expect(screen.queryByRole('table', { name: 'Campaigns sent in the range' })).not.toBeInTheDocument()
  })
})
