import { createSlice, type PayloadAction } from '@reduxjs/toolkit'
import type { SyncAccount, SyncControllerSnapshot } from '../data/sync/syncController'
import type { ConnectionState } from '../data/sync/syncEngine'

/** What the status bar and Settings → Sync show. UI state only: no token, no documents. */
export interface SyncState {
  account: SyncAccount | null
  signedOutReason: 'expired' | null
  /** Null while not replicating. */
  connection: ConnectionState | null
  errorMessage: string | null
  active: boolean
  pending: number
  lastSyncedAt: number | null
  leader: boolean
  lastServerUrl: string
  localDataUnclaimed: boolean
  /** What happened to the workspace that was open (left or deleted), until dismissed. */
  notice: string | null
}

export const initialSyncState: SyncState = {
  account: null,
  signedOutReason: null,
  connection: null,
  errorMessage: null,
  active: false,
  pending: 0,
  lastSyncedAt: null,
  leader: true,
  lastServerUrl: '',
  localDataUnclaimed: true,
  notice: null,
}

export const syncSlice = createSlice({
  name: 'sync',
  initialState: initialSyncState,
  reducers: {
    syncSnapshotReceived(state, action: PayloadAction<SyncControllerSnapshot>) {
      const { account, signedOutReason, engine, lastServerUrl, localDataUnclaimed, notice } = action.payload
      state.account = account
      state.notice = notice
      state.localDataUnclaimed = localDataUnclaimed
      state.signedOutReason = signedOutReason
      state.lastServerUrl = lastServerUrl
      state.connection = engine?.connection ?? null
      state.errorMessage = engine?.errorMessage ?? null
      state.active = engine?.active ?? false
      state.pending = engine?.pending ?? 0
      // Keep the last success across an engine restart (same session), so the bar does not regress.
      state.lastSyncedAt = account ? (engine?.lastSyncedAt ?? state.lastSyncedAt) : null
      state.leader = engine?.leader ?? true
    },
  },
})

export const { syncSnapshotReceived } = syncSlice.actions
