import type { SyncState } from './syncSlice'

export type SyncPhase = 'local-only' | 'offline' | 'syncing' | 'synced' | 'error'

export interface SyncStatusView {
  phase: SyncPhase
  /** The one line the status bar shows. */
  label: string
  /** A quieter addition ("saved on this device"). */
  detail: string | null
  /** What the status offers: retry after an error, or signing in again after the session ended. */
  action: 'retry' | 'sign-in' | null
}

export function pluralChanges(count: number): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? 'change' : 'changes'} waiting`
}

/** "just now", "3 min ago", "2 h ago", "4 days ago". */
export function formatSyncedAgo(elapsedMs: number): string {
  const seconds = Math.max(0, elapsedMs) / 1000
  if (seconds < 45) return 'just now'
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${Math.max(1, minutes)} min ago`
  const hours = Math.round(minutes / 60)
  if (hours < 24) return `${hours} h ago`
  const days = Math.round(hours / 24)
  return `${days} ${days === 1 ? 'day' : 'days'} ago`
}

/** The truth about sync in one line: a pure function of the sync state, the clock and the network. */
export function describeSyncStatus(state: SyncState, now: number, online: boolean): SyncStatusView {
  if (!state.account) {
    if (state.signedOutReason === 'expired') {
      return { phase: 'error', label: 'Signed out — sign in again', detail: 'changes stay on this device', action: 'sign-in' }
    }
    return { phase: 'local-only', label: 'Local only', detail: `saved on this device${online ? '' : ' · offline'}`, action: null }
  }
  const waiting = state.pending > 0 ? pluralChanges(state.pending) : null
  if (state.connection === 'unauthorized') {
    return { phase: 'error', label: 'Signed out — sign in again', detail: 'changes stay on this device', action: 'sign-in' }
  }
  if (!online || state.connection === 'offline') {
    return { phase: 'offline', label: waiting ? `Offline · ${waiting}` : 'Offline', detail: 'changes are saved here and sync when you are back', action: null }
  }
  if (state.connection === 'error') {
    return { phase: 'error', label: `Sync problem: ${state.errorMessage ?? 'the server refused a request'}`, detail: waiting, action: 'retry' }
  }
  if (!state.leader) {
    return { phase: 'syncing', label: 'Syncing in another Outpost tab', detail: null, action: null }
  }
  if (state.connection === null || state.connection === 'stopped') {
    return { phase: 'syncing', label: 'Syncing…', detail: null, action: null }
  }
  if (state.connection === 'connecting' || state.active || state.pending > 0 || state.lastSyncedAt === null) {
    return { phase: 'syncing', label: waiting ? `Syncing… ${waiting}` : 'Syncing…', detail: null, action: null }
  }
  return { phase: 'synced', label: `Synced ${formatSyncedAgo(now - state.lastSyncedAt)}`, detail: null, action: null }
}
