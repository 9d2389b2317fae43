import { screen } from '@testing-library/react'
import type { OutpostData } from '../../data/dataContext'
import type { SyncAccount } from '../../data/sync/syncController'
import { platform } from '../../platform'
import { closeTestData, createTestData, renderWithProviders } from '../../test/renderWithProviders'
import { SyncAccountPanel } from './SyncAccountPanel'

const account: SyncAccount = {
  serverUrl: 'http://127.0.0.1:3100',
  user: { id: 'u1', email: 'ada@example.com', name: 'Ada' },
  workspaceId: 'w1',
  workspaces: [{ id: 'w1', name: 'Engines', role: 'owner' }],
  persisted: true,
}

// The desktop app keeps the session with safeStorage; without an OS keyring main keeps it in memory only.
describe('SyncAccountPanel session note (desktop)', () => {
  let data: OutpostData
  const webKind = platform.kind
  beforeEach(async () => {
    data = await createTestData()
    platform.kind = 'electron'
  })
  afterEach(async () => {
    platform.kind = webKind
    await closeTestData(data)
  })

  it('explains that without a keyring the session lasts until the app restarts', () => {
    renderWithProviders(<SyncAccountPanel account={{ ...account, persisted: false }} />, { data })
    expect(screen.getByText('This system has no keyring, so the session is kept in memory only: you will need to sign in again after a restart.')).toBeInTheDocument()
  })

  it('says nothing when the OS keyring keeps the session encrypted', () => {
    renderWithProviders(<SyncAccountPanel account={account} />, { data })
    expect(screen.queryByText(/no keyring/)).not.toBeInTheDocument()
    expect(screen.getByText('Ada')).toBeInTheDocument()
  })
})
