import type { SyncAccount } from '../data/sync/syncController'
import type { SyncEngineSnapshot } from '../data/sync/syncEngine'
import { initialSyncState, syncSlice, syncSnapshotReceived, type SyncState } from './syncSlice'
import { describeSyncStatus, formatSyncedAgo } from './syncStatus'

const NOW = 1_750_000_000_000
const account: SyncAccount = {
  serverUrl: 'http://127.0.0.1:3100',
  user: { id: 'u1', email: 'ada@example.com', name: 'Ada' },
  workspaceId: 'w1',
  workspaces: [{ id: 'w1', name: 'Engines', role: 'owner' }],
  persisted: true,
}
const engine: SyncEngineSnapshot = { connection: 'online', errorMessage: null, active: false, pending: 0, lastSyncedAt: NOW - 1_000, leader: true }

function stateWith(engineState: Partial<SyncEngineSnapshot> | null, extra: Partial<SyncState> = {}): SyncState {
  const state = syncSlice.reducer(
    initialSyncState,
    syncSnapshotReceived({ account, signedOutReason: null, engine: engineState ? { ...engine, ...engineState } : null, lastServerUrl: account.serverUrl, localDataUnclaimed: false, notice: null }),
  )
  return { ...state, ...extra }
}

describe('sync status', () => {
  it('says "Local only" without a session, and notes when the device is offline', () => {
    expect(describeSyncStatus(initialSyncState, NOW, true)).toMatchObject({ phase: 'local-only', label: 'Local only', detail: 'saved on this device', action: null })
    expect(describeSyncStatus(initialSyncState, NOW, false).detail).toBe('saved on this device · offline')
  })

  it('asks to sign in again after the server ended the session', () => {
    const state = { ...initialSyncState, signedOutReason: 'expired' as const }
    expect(describeSyncStatus(state, NOW, true)).toMatchObject({ phase: 'error', label: 'Signed out — sign in again', action: 'sign-in' })
  })

  it('is offline with the honest count of waiting changes', () => {
    expect(describeSyncStatus(stateWith({ connection: 'offline', pending: 0 }), NOW, true)).toMatchObject({ phase: 'offline', label: 'Offline' })
    expect(describeSyncStatus(stateWith({ connection: 'offline', pending: 1 }), NOW, true).label).toBe('Offline · 1 change waiting')
    // The OS says offline even though the engine has not noticed yet.
    expect(describeSyncStatus(stateWith({ pending: 1_234 }), NOW, false).label).toBe('Offline · 1,234 changes waiting')
  })

  it('is syncing while anything moves, changes wait or nothing has synced yet', () => {
    expect(describeSyncStatus(stateWith({ active: true }), NOW, true)).toMatchObject({ phase: 'syncing', label: 'Syncing…' })
    expect(describeSyncStatus(stateWith({ pending: 3 }), NOW, true).label).toBe('Syncing… 3 changes waiting')
    expect(describeSyncStatus(stateWith({ connection: 'connecting', lastSyncedAt: null }), NOW, true).phase).toBe('syncing')
    expect(describeSyncStatus(stateWith({ leader: false }), NOW, true).label).toBe('Syncing in another Outpost tab')
  })

  it('is synced with the time of the last sync', () => {
    expect(describeSyncStatus(stateWith({}), NOW, true)).toMatchObject({ phase: 'synced', label: 'Synced just now', action: null })
    expect(describeSyncStatus(stateWith({ lastSyncedAt: NOW - 3 * 60_000 }), NOW, true).label).toBe('Synced 3 min ago')
  })

  it('shows a server error with a Retry action', () => {
    const view = describeSyncStatus(stateWith({ connection: 'error', errorMessage: 'The server had a problem (500).', pending: 2 }), NOW, true)
    expect(view).toMatchObject({ phase: 'error', label: 'Sync problem: The server had a problem (500).', detail: '2 changes waiting', action: 'retry' })
  })

  it('formats elapsed time for people', () => {
    expect([0, 44_000, 50_000, 59 * 60_000, 2 * 3_600_000, 30 * 3_600_000, 72 * 3_600_000].map(formatSyncedAgo)).toEqual([
      'just now',
      'just now',
      '1 min ago',
      '59 min ago',
      '2 h ago',
      '1 day ago',
      '3 days ago',
    ])
  })
})

describe('sync slice', () => {
  it('holds no token and forgets the last sync time when signed out', () => {
    const signedIn = stateWith({ lastSyncedAt: NOW })
    expect(JSON.stringify(signedIn)).not.toMatch(/token/i)
    const signedOut = syncSlice.reducer(signedIn, syncSnapshotReceived({ account: null, signedOutReason: null, engine: null, lastServerUrl: account.serverUrl, localDataUnclaimed: false, notice: null }))
    expect(signedOut).toMatchObject({ account: null, connection: null, lastSyncedAt: null, pending: 0 })
  })

  it('keeps the last sync time across an engine restart in the same session', () => {
    const synced = stateWith({ lastSyncedAt: NOW })
    const restarted = syncSlice.reducer(synced, syncSnapshotReceived({ account, signedOutReason: null, engine: { ...engine, lastSyncedAt: null, connection: 'connecting' }, lastServerUrl: '', localDataUnclaimed: false, notice: null }))
    expect(restarted.lastSyncedAt).toBe(NOW)
  })
})
