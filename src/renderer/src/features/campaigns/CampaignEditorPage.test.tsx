import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { Campaign, Contact, Segment, Template } from '@core/schema'
import { zonedDateTimeToEpoch } from '@core/campaigns/scheduleTime'
import type { OutpostData } from '../../data/dataContext'
import { insertSyncedDoc, insertSyncedDocs, patchSyncedDoc } from '../../data/syncedWrites'
import { contactFields } from '../../test/fixtures'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { Toasts } from '../../ui/Toasts'
import { CampaignEditorPage } from './CampaignEditorPage'
import { campaignFields, segmentFields, templateFields } from './campaignTestData'
import { applyCampaignAction } from './campaignWrites'

// The sync server's sending settings are not part of these tests: the workspace has SMTP configured.
vi.mock('../settings/useSendingSettings', () => ({
  useSendingSettings: () => ({ status: 'ready', configured: true, mode: 'smtp', fromIdentities: [], canEdit: true, reload: () => undefined }),
}))

function setOnline(online: boolean) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online })
  window.dispatchEvent(new Event(online ? 'online' : 'offline'))
}

function checkItems() {
  return within(screen.getByRole('list', { name: 'Readiness checks' })).getAllByRole('listitem')
}

function failingChecks() {
  return checkItems()
    .filter((item) => item.textContent?.includes('Needs attention'))
    .map((item) => item.textContent?.replace('Needs attention: ', '') ?? '')
}

describe('CampaignEditorPage', () => {
  let data: OutpostData
  beforeEach(async () => {
    data = await createTestData()
    setOnline(true)
  })
  afterEach(async () => {
    setOnline(true)
    await closeTestData(data)
  })

  async function seedAudience(): Promise<Segment> {
    const list = await insertSyncedDoc<Segment>(data.db.segments, segmentFields({ name: 'Newsletter list', kind: 'static' }))
    await insertSyncedDocs<Contact>(data.db.contacts, [
      contactFields({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', lists: [list.id] }),
      contactFields({ firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com', lists: [list.id] }),
      contactFields({ firstName: 'Gone', lastName: 'Away', email: 'gone@example.com', lists: [list.id], unsubscribed: true }),
    ])
    await waitFor(() => expect(data.contacts.size).toBe(3))
    return list
  }

  it('goes from draft to scheduled: failures explained until the audience and an unsubscribe link are there', async () => {
    const user = userEvent.setup()
    await seedAudience()
    const template = await insertSyncedDoc<Template>(data.db.templates, templateFields({ name: 'Spring', html: '<p>Hello {{ contact.firstName }}</p>' }))
    const campaign = await insertSyncedDoc<Campaign>(data.db.campaigns, campaignFields({ name: 'Spring sale' }))
    renderWithProviders(
      <>
        <CampaignEditorPage id={campaign.id} />
        <Toasts />
      </>,
      { data },
    )

    // A fresh draft starts on the Audience step; Review already explains what is missing.
    expect(await screen.findByRole('tab', { name: /Audience/, selected: true })).toBeInTheDocument()
    await user.click(screen.getByRole('tab', { name: /Review/ }))
    expect(failingChecks().length).toBeGreaterThan(0)
    expect(failingChecks().join(' ')).toMatch(/audience|segment/i)
    expect(screen.getByRole('button', { name: 'Send now' })).toBeDisabled()

    // Audience: the list's live count, the unsubscribed one excluded; saved at once.
    await user.click(screen.getByRole('tab', { name: /Audience/ }))
    await user.click(screen.getByRole('radio', { name: /Newsletter list/ }))
    const size = screen.getByRole('complementary', { name: 'Audience size' })
    await waitFor(() => expect(size).toHaveTextContent('2contacts'))
    expect(size).toHaveTextContent('1 unsubscribed or bounced contact excluded')
    await waitFor(async () => expect((await data.db.campaigns.findOne(campaign.id).exec())?.segmentId).not.toBe(''))

    // Content: the template without an unsubscribe link shows its issue, and Review refuses it.
    await user.click(screen.getByRole('button', { name: 'Continue to Content' }))
    await user.click(screen.getByRole('radio', { name: /Spring/ }))
    const details = await screen.findByRole('region', { name: 'Selected template' })
    expect(within(details).getByText(/unsubscribe/i)).toBeInTheDocument()
    expect(within(details).getByTitle('Email preview')).toHaveAttribute('sandbox', '')
    await user.click(screen.getByRole('tab', { name: /Review/ }))
    await waitFor(() => expect(failingChecks()).toHaveLength(1))
    expect(failingChecks()[0]).toMatch(/unsubscribe/i)
    expect(screen.getByRole('button', { name: 'Send now' })).toBeDisabled()

    // Fixing the template (on any device) makes it ready.
    await act(() => patchSyncedDoc<Template>(data.db.templates, template.id, { html: templateFields().html }))
    await waitFor(() => expect(failingChecks()).toHaveLength(0))
    await user.click(screen.getByRole('button', { name: 'Send now' }))
    const dialog = await screen.findByRole('dialog', { name: 'Send to 2 contacts now?' })
    const before = Date.now()
    await user.click(within(dialog).getByRole('button', { name: 'Send now' }))

    await waitFor(async () => expect((await data.db.campaigns.findOne(campaign.id).exec())?.status).toBe('scheduled'))
    const stored = (await data.db.campaigns.findOne(campaign.id).exec())!
    expect(stored.scheduledAt).toBeGreaterThanOrEqual(before)
    // Scheduled: locked, with the moves the state machine allows.
    const banner = await screen.findByRole('region', { name: 'Campaign status' })
    expect(within(banner).getByRole('button', { name: 'Move back to draft' })).toBeInTheDocument()
    expect(within(banner).getByRole('button', { name: 'Cancel campaign' })).toBeInTheDocument()
    await user.click(screen.getByRole('tab', { name: /Audience/ }))
    expect(screen.getByRole('radio', { name: /Newsletter list/ })).toBeDisabled()
  }, 30_000)

  it('schedules at a date and time in the chosen time zone', async () => {
    const user = userEvent.setup()
    const campaign = await insertSyncedDoc<Campaign>(data.db.campaigns, campaignFields({ timeZone: 'UTC' }))
    renderWithProviders(<CampaignEditorPage id={campaign.id} />, { data })
    await user.click(await screen.findByRole('tab', { name: /Schedule/ }))
    await user.click(screen.getByRole('radio', { name: /^Schedule/ }))
    const date = screen.getByLabelText('Date')
    await user.clear(date)
    await user.type(date, '2031-03-04')
    await user.clear(screen.getByLabelText('Time'))
    await user.type(screen.getByLabelText('Time'), '09:30')
    await user.selectOptions(screen.getByLabelText('Time zone'), 'America/New_York')
    const expected = zonedDateTimeToEpoch('2031-03-04', '09:30', 'America/New_York')
    if (!expected.ok) throw new Error(expected.error)
    await waitFor(async () => {
      const stored = await data.db.campaigns.findOne(campaign.id).exec()
      expect(stored?.scheduledAt).toBe(expected.value)
      expect(stored?.timeZone).toBe('America/New_York')
    })
  })

  it('offers pause while sending and resume while paused, and says an offline change applies on sync', async () => {
    const user = userEvent.setup()
    const campaign = await insertSyncedDoc<Campaign>(data.db.campaigns, campaignFields({ status: 'sending', scheduledAt: Date.now() - 60_000, startedAt: Date.now() - 60_000 }))
    renderWithProviders(
      <>
        <CampaignEditorPage id={campaign.id} />
        <Toasts />
      </>,
      { data },
    )
    const banner = await screen.findByRole('region', { name: 'Campaign status' })
    expect(within(banner).queryByRole('button', { name: 'Resume' })).not.toBeInTheDocument()
    expect(within(banner).getByRole('link', { name: 'View report' })).toBeInTheDocument()

    act(() => setOnline(false))
    await user.click(within(banner).getByRole('button', { name: 'Pause' }))
    expect(await screen.findByText('Campaign paused. Will apply when this device syncs.')).toBeInTheDocument()
    expect((await data.db.campaigns.findOne(campaign.id).exec())?.status).toBe('paused')
    expect(await within(banner).findByRole('button', { name: 'Resume' })).toBeInTheDocument()
    expect(within(banner).queryByRole('button', { name: 'Pause' })).not.toBeInTheDocument()

    act(() => setOnline(true))
    await user.click(within(banner).getByRole('button', { name: 'Resume' }))
    await waitFor(async () => expect((await data.db.campaigns.findOne(campaign.id).exec())?.status).toBe('sending'))
    expect(await within(banner).findByRole('button', { name: 'Pause' })).toBeInTheDocument()
  })

  it('refuses a move that became illegal meanwhile (cancel after the server finished) and changes nothing', async () => {
    const user = userEvent.setup()
    const campaign = await insertSyncedDoc<Campaign>(data.db.campaigns, campaignFields({ status: 'sending', scheduledAt: Date.now() - 60_000, startedAt: Date.now() - 60_000 }))
    renderWithProviders(
      <>
        <CampaignEditorPage id={campaign.id} />
        <Toasts />
      </>,
      { data },
    )
    const banner = await screen.findByRole('region', { name: 'Campaign status' })
    await user.click(within(banner).getByRole('button', { name: 'Cancel campaign' }))
    const dialog = await screen.findByRole('dialog', { name: 'Cancel this campaign?' })
    // The sync server completes the send while the question is open.
    const doc = await data.db.campaigns.findOne(campaign.id).exec()
    await act(() => doc!.incrementalPatch({ status: 'sent', completedAt: Date.now() }))
    await user.click(within(dialog).getByRole('button', { name: 'Cancel campaign' }))
    expect(await screen.findByText('A sent campaign cannot cancel.')).toBeInTheDocument()
    expect((await data.db.campaigns.findOne(campaign.id).exec())?.status).toBe('sent')
  })

  it('applyCampaignAction refuses an illegal transition without writing', async () => {
    const campaign = await insertSyncedDoc<Campaign>(data.db.campaigns, campaignFields())
    const before = (await data.db.campaigns.findOne(campaign.id).exec())!.toJSON()
    expect(await applyCampaignAction(data.db, campaign.id, 'resume')).toEqual({ ok: false, error: 'A draft campaign cannot resume.' })
    expect((await data.db.campaigns.findOne(campaign.id).exec())!.toJSON()).toEqual(before)
  })
})
