import { act, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { OutpostData } from '../data/dataContext'
import { closeTestData, createTestData, renderWithProviders } from '../test/renderWithProviders'
import type { AppStore } from './store'
import { StatusArea } from './StatusArea'
import type { SyncEngineSnapshot } from '../data/sync/syncEngine'
import { syncSnapshotReceived } from './syncSlice'

const account = {
  serverUrl: 'http://127.0.0.1:3100',
  user: { id: 'u1', email: 'ada@example.com', name: 'Ada' },
  workspaceId: 'w1',
  workspaces: [{ id: 'w1', name: 'Engines', role: 'owner' as const }],
  persisted: true,
}

function showEngine(store: AppStore, engine: SyncEngineSnapshot): void {
  act(() => {
    store.dispatch(syncSnapshotReceived({ account, signedOutReason: null, engine, lastServerUrl: account.serverUrl, localDataUnclaimed: false, notice: null }))
  })
}

describe('StatusArea', () => {
  let data: OutpostData
  beforeEach(async () => {
    data = await createTestData()
  })
  afterEach(async () => {
    await closeTestData(data)
  })

  it('says "Local only" with its phase when nobody is signed in, next to the contact count', () => {
    renderWithProviders(<StatusArea />, { data })
    const status = screen.getByRole('status', { name: 'Sync status' })
    expect(status).toHaveAttribute('data-sync-phase', 'local-only')
    expect(status).toHaveTextContent('Local only')
    expect(screen.getByText('0 contacts')).toBeInTheDocument()
  })

  it('shows a sync error with a Retry button that retries', async () => {
    const user = userEvent.setup()
    const retry = vi.spyOn(data.sync, 'retry')
    const { store } = renderWithProviders(<StatusArea />, { data })
    showEngine(store, { connection: 'error', errorMessage: 'The server had a problem (500).', active: false, pending: 2, lastSyncedAt: null, leader: true })
    const status = await screen.findByRole('status', { name: 'Sync status' })
    expect(status).toHaveAttribute('data-sync-phase', 'error')
    expect(status).toHaveTextContent('Sync problem: The server had a problem (500).')
    expect(status).toHaveTextContent('2 changes waiting')
    await user.click(screen.getByRole('button', { name: 'Retry' }))
    expect(retry).toHaveBeenCalledTimes(1)
  })

  it('shows when it last synced', async () => {
    const { store } = renderWithProviders(<StatusArea />, { data })
    showEngine(store, { connection: 'online', errorMessage: null, active: false, pending: 0, lastSyncedAt: Date.now(), leader: true })
    const status = await screen.findByRole('status', { name: 'Sync status' })
    expect(status).toHaveAttribute('data-sync-phase', 'synced')
    expect(status).toHaveTextContent('Synced just now')
  })
})
