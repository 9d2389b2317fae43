import { act, waitFor } from '@testing-library/react'
import type { Activity, Campaign } from '@core/schema'
import { syncSnapshotReceived } from '../../app/syncSlice'
import type { OutpostData } from '../../data/dataContext'
import { insertSyncedDoc, insertSyncedDocs, patchSyncedDoc } from '../../data/syncedWrites'
import { platform } from '../../platform'
import type { DesktopNotification } from '../../platform/platform'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { campaignFields, statsFields } from '../campaigns/campaignTestData'
import { DesktopIntegration } from './DesktopIntegration'

// Counts the campaign watcher's looks, so a test can wait for the first (the baseline) deterministically.
const campaignLooks = vi.hoisted(() => ({ count: 0 }))
vi.mock('./desktopSignals', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./desktopSignals')>()
  return {
    ...actual,
    findNewlySentCampaigns: (...args: Parameters<typeof actual.findNewlySentCampaigns>) => {
      campaignLooks.count++
      return actual.findNewlySentCampaigns(...args)
    },
  }
})

const DAY = 86_400_000
const account = {
  serverUrl: 'http://127.0.0.1:3100',
  user: { id: 'u1', email: 'ada@example.com', name: 'Ada' },
  workspaceId: 'w1',
  workspaces: [{ id: 'w1', name: 'Engines', role: 'owner' as const }],
  persisted: true,
}

function task(fields: Partial<Activity>) {
  return { kind: 'task' as const, contactId: '', companyId: '', subject: 'Call back', body: '', occurredAt: Date.now(), done: false, ...fields }
}

describe('DesktopIntegration', () => {
  let data: OutpostData
  let notify: ReturnType<typeof vi.fn<(notification: DesktopNotification) => Promise<{ shown: boolean }>>>
  let navigateListener: ((route: string) => void) | null

  beforeEach(async () => {
    data = await createTestData()
    window.location.hash = '#/contacts'
    navigateListener = null
    notify = vi.fn(async () => ({ shown: true }))
    vi.spyOn(platform, 'notify').mockImplementation(notify)
    vi.spyOn(platform, 'onNavigate').mockImplementation((listener) => {
      navigateListener = listener
      return () => {
        navigateListener = null
      }
    })
  })
  afterEach(async () => {
    vi.restoreAllMocks()
    await closeTestData(data)
  })

  it('tells the tray the sync status line', async () => {
    const report = vi.spyOn(platform, 'reportSyncState')
    const { store } = renderWithProviders(<DesktopIntegration />, { data })
    await waitFor(() => expect(report).toHaveBeenLastCalledWith({ phase: 'local-only', label: 'Local only' }))
    act(() => {
      store.dispatch(
        syncSnapshotReceived({
          account,
          signedOutReason: null,
          engine: { connection: 'online', errorMessage: null, active: false, pending: 0, lastSyncedAt: Date.now(), leader: true },
          lastServerUrl: account.serverUrl,
          localDataUnclaimed: false,
          notice: null,
        }),
      )
    })
    await waitFor(() => expect(report).toHaveBeenLastCalledWith({ phase: 'synced', label: 'Synced just now' }))
  })

  it('notifies once when sync fails, not again while it keeps failing', async () => {
    const { store } = renderWithProviders(<DesktopIntegration />, { data })
    const fail = (errorMessage: string) =>
      act(() => {
        store.dispatch(
          syncSnapshotReceived({
            account,
            signedOutReason: null,
            engine: { connection: 'error', errorMessage, active: false, pending: 1, lastSyncedAt: null, leader: true },
            lastServerUrl: account.serverUrl,
            localDataUnclaimed: false,
            notice: null,
          }),
        )
      })
    fail('The server had a problem (500).')
    await waitFor(() => expect(notify).toHaveBeenCalledTimes(1))
    expect(notify).toHaveBeenCalledWith({
      title: 'Outpost cannot sync',
      body: 'The server had a problem (500). Your changes are saved on this device.',
      route: '#/settings/sync',
    })
    fail('The server did not answer in time.')
    fail('The server had a problem (502).')
    await act(async () => undefined)
    expect(notify).toHaveBeenCalledTimes(1)
  })

  it('notifies when a campaign it watched finishes sending, not for ones sent before start', async () => {
    await insertSyncedDocs<Campaign>(data.db.campaigns, [campaignFields({ name: 'Old news', status: 'sent' })])
    const running = await insertSyncedDoc<Campaign>(data.db.campaigns, campaignFields({ name: 'Spring sale', status: 'sending' }))
    campaignLooks.count = 0
    renderWithProviders(<DesktopIntegration />, { data })
    // The first query result is the baseline: the change must come after it.
    await waitFor(() => expect(campaignLooks.count).toBeGreaterThan(0))
    expect(notify).not.toHaveBeenCalled()
    await act(async () => {
      await patchSyncedDoc<Campaign>(data.db.campaigns, running.id, { status: 'sent', stats: statsFields({ sent: 1200 }) })
    })
    await waitFor(() =>
      expect(notify).toHaveBeenCalledWith({ title: 'Campaign sent', body: '“Spring sale” went out to 1,200 recipients.', route: `#/campaigns/${running.id}/report` }),
    )
    expect(notify).toHaveBeenCalledTimes(1)
  })

  it('puts the number of overdue tasks on the badge and follows changes', async () => {
    const setBadgeCount = vi.spyOn(platform, 'setBadgeCount')
    const overdue = await insertSyncedDoc<Activity>(data.db.activities, task({ dueAt: Date.now() - 3 * DAY }))
    await insertSyncedDocs<Activity>(data.db.activities, [
      task({ dueAt: Date.now() - 3 * DAY, done: true }),
      task({ dueAt: Date.now() + 3 * DAY }),
      task({ subject: 'No due date' }),
    ])
    renderWithProviders(<DesktopIntegration />, { data })
    await waitFor(() => expect(setBadgeCount).toHaveBeenLastCalledWith(1))
    await act(async () => {
      await insertSyncedDoc<Activity>(data.db.activities, task({ dueAt: Date.now() - 5 * DAY }))
    })
    await waitFor(() => expect(setBadgeCount).toHaveBeenLastCalledWith(2))
    await act(async () => {
      await patchSyncedDoc<Activity>(data.db.activities, overdue.id, { done: true, doneAt: Date.now() })
    })
    await waitFor(() => expect(setBadgeCount).toHaveBeenLastCalledWith(1))
  })

  it('goes where a deep link or notification click says, through the app router', async () => {
    renderWithProviders(<DesktopIntegration />, { data })
    await waitFor(() => expect(navigateListener).not.toBeNull())
    act(() => navigateListener?.('#/campaigns/01HZX3Q4N8W2M5K7T9V0B1C2D3'))
    expect(window.location.hash).toBe('#/campaigns/01HZX3Q4N8W2M5K7T9V0B1C2D3')
    // Anything else lands on a known screen, never on an arbitrary hash.
    act(() => navigateListener?.('#/nonsense/path'))
    expect(window.location.hash).toBe('#/home')
  })

  it('follows the deep link and runs the tray command that launched the app', async () => {
    vi.spyOn(platform, 'rendererReady').mockResolvedValue({ route: '#/import', command: 'new-contact' })
    const { store } = renderWithProviders(<DesktopIntegration />, { data })
    await waitFor(() => expect(window.location.hash).toBe('#/import'))
    expect(store.getState().ui.contactDialog).toEqual({ mode: 'create' })
  })
})
