import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { newId } from '@core/ids'
import type { Campaign, Contact, EngagementEvent } from '@core/schema'
import type { OutpostData } from '../../data/dataContext'
import { insertSyncedDoc, insertSyncedDocs } from '../../data/syncedWrites'
import { contactFields } from '../../test/fixtures'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { campaignFields, statsFields } from '../campaigns/campaignTestData'
import { CampaignReportPage } from './CampaignReportPage'

const EVIL_LINK = '=HYPERLINK("https://evil.example","Click")'

/** Captures what the page hands to the download link instead of saving a file. */
function captureDownloads(): { files: { name: string; blob: Blob }[]; restore: () => void } {
  const files: { name: string; blob: Blob }[] = []
  let lastBlob: Blob | null = null
  const createObjectURL = vi.fn((blob: Blob) => {
    lastBlob = blob
    return 'blob:report'
  })
  Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() })
  const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    if (lastBlob) files.push({ name: this.download, blob: lastBlob })
  })
  return { files, restore: () => click.mockRestore() }
}

/** jsdom's Blob has no text(); FileReader reads it. */
function readBlob(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.onerror = () => reject(reader.error ?? new Error('read failed'))
    reader.readAsText(blob)
  })
}

describe('CampaignReportPage', () => {
  let data: OutpostData
  beforeEach(async () => {
    data = await createTestData()
  })
  afterEach(async () => {
    await closeTestData(data)
  })

  it('says results come once it sends, before it has sent', async () => {
    const campaign = await insertSyncedDoc<Campaign>(data.db.campaigns, campaignFields({ status: 'scheduled', scheduledAt: Date.now() + 3_600_000 }))
    renderWithProviders(<CampaignReportPage id={campaign.id} />, { data })
    expect(await screen.findByRole('heading', { name: 'No results yet' })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /Export/ })).not.toBeInTheDocument()
  })

  it('computes CTR and click-to-open from the stats and follows them as they sync in', async () => {
    const campaign = await insertSyncedDoc<Campaign>(
      data.db.campaigns,
      campaignFields({
        status: 'sending',
        startedAt: Date.now() - 3_600_000,
        stats: statsFields({ recipients: 1_000, sent: 1_000, delivered: 900, bounced: 100, opens: 420, uniqueOpens: 300, machineOpens: 80, clicks: 60, uniqueClicks: 45, unsubscribes: 3 }),
      }),
    )
    renderWithProviders(<CampaignReportPage id={campaign.id} />, { data })
    const figures = await screen.findByLabelText('Key figures')
    const card = (label: string) => within(figures).getByText(label).closest('div')!
    expect(card('Click rate (CTR)')).toHaveTextContent('5.0%')
    expect(card('Click-to-open')).toHaveTextContent('15.0%')
    expect(card('Total opens')).toHaveTextContent('500')
    expect(card('Total opens')).toHaveTextContent('420 human · 80 machine')

    // The server writes new stats; the report follows without a reload.
    const doc = await data.db.campaigns.findOne(campaign.id).exec()
    await act(() => doc!.incrementalPatch({ stats: statsFields({ sent: 1_000, delivered: 900, uniqueOpens: 450, uniqueClicks: 90 }) }))
    await waitFor(() => expect(card('Click rate (CTR)')).toHaveTextContent('10.0%'))
    expect(card('Click-to-open')).toHaveTextContent('20.0%')
  })

  it('exports links with formula-like cells escaped, and lists who opened with people and machines apart', async () => {
    const downloads = captureDownloads()
    try {
      const user = userEvent.setup()
      const campaign = await insertSyncedDoc<Campaign>(
        data.db.campaigns,
        campaignFields({
          name: 'May news',
          status: 'sent',
          startedAt: Date.now() - 7_200_000,
          completedAt: Date.now() - 3_600_000,
          stats: statsFields({
            sent: 10,
            delivered: 10,
            uniqueOpens: 2,
            links: [
              { url: 'https://example.com/sale', clicks: 5, uniqueClicks: 4 },
              { url: EVIL_LINK, clicks: 1, uniqueClicks: 1 },
            ],
          }),
        }),
      )
      const [ada, bob] = await insertSyncedDocs<Contact>(data.db.contacts, [
        contactFields({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' }),
        contactFields({ firstName: 'Bob', lastName: 'Proxy', email: 'bob@example.com' }),
      ])
      // Events are the server's: they arrive whole, as replication writes them.
      const event = (fields: Partial<EngagementEvent>): EngagementEvent => ({
        id: newId(),
        type: 'open',
        campaignId: campaign.id,
        contactId: '',
        email: '',
        linkIndex: -1,
        url: '',
        machine: false,
        at: Date.now() - 60_000,
        updatedAt: Date.now(),
        _clock: {},
        ...fields,
      })
      await data.db.events.bulkInsert([
        event({ contactId: ada!.id, email: ada!.email }),
        event({ contactId: bob!.id, email: bob!.email, machine: true }),
      ])
      renderWithProviders(<CampaignReportPage id={campaign.id} />, { data })

      const links = await screen.findByRole('region', { name: 'Links' })
      expect(within(links).getByText(EVIL_LINK)).toBeInTheDocument()
      await user.click(within(links).getByRole('button', { name: 'Export CSV' }))
      expect(downloads.files[0]?.name).toMatch(/^may-news-links-\d{4}-\d{2}-\d{2}\.csv$/)
      const csv = await readBlob(downloads.files[0]!.blob)
      expect(csv).toContain('https://example.com/sale')
      expect(csv).toContain('HYPERLINK')
      // No cell may start with "=" (optionally inside quotes): a spreadsheet would run it.
      expect(csv).not.toMatch(/(^|[,\n])"?=/m)

      const who = screen.getByRole('region', { name: 'Who opened and clicked' })
      const adaRow = (await within(who).findByRole('link', { name: 'Ada Lovelace' })).closest('tr')!
      expect(adaRow).toHaveTextContent('Person')
      expect(within(who).getByRole('link', { name: 'Bob Proxy' }).closest('tr')).toHaveTextContent('Machine')
      await user.click(within(who).getByRole('radio', { name: /Clicked/ }))
      expect(within(who).getByText('Nobody has clicked a link yet.')).toBeInTheDocument()
    } finally {
      downloads.restore()
    }
  })
})
