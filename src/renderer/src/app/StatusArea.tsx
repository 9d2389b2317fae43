import { useData } from '../data/dataContext'
import { useContactIndexVersion } from '../data/hooks'
import { describeSyncStatus, type SyncPhase } from './syncStatus'
import { useNow } from './useNow'
import { useOnline } from './useOnline'
import { navigate } from './router'
import { useAppSelector } from './store'

const dotColors: Record<SyncPhase, string> = {
  'local-only': 'bg-slate-400',
  offline: 'bg-amber-500',
  syncing: 'bg-sky-500 motion-safe:animate-pulse',
  synced: 'bg-emerald-500',
  error: 'bg-red-500',
}

/** The truth about sync (local only, offline, syncing, synced, error) and the contact count. */
export function StatusArea() {
  const { contacts, sync } = useData()
  useContactIndexVersion(contacts)
  const online = useOnline()
  const syncState = useAppSelector((state) => state.sync)
  const now = Math.max(useNow(20_000), syncState.lastSyncedAt ?? 0)
  const status = describeSyncStatus(syncState, now, online)
  return (
    <footer className="flex h-7 shrink-0 items-center justify-between gap-4 border-t border-slate-200 bg-slate-50 px-3 text-xs text-slate-600">
      <span className="inline-flex min-w-0 items-center gap-2">
        <span role="status" aria-label="Sync status" data-sync-phase={status.phase} className="inline-flex min-w-0 items-center gap-1.5">
          <span aria-hidden className={`h-2 w-2 shrink-0 rounded-full ${dotColors[status.phase]}`} />
          <span className={`truncate ${status.phase === 'error' ? 'text-red-700' : ''}`}>{status.label}</span>
          {/* The space keeps the read-out text apart ("Offline · …"); flex layout ignores it visually. */}
          {status.detail ? (
            <>
              {' '}
              <span className="truncate text-slate-400">· {status.detail}</span>
            </>
          ) : null}
        </span>
        {status.action === 'retry' ? (
          <button type="button" onClick={() => sync.retry()} className="rounded px-1.5 font-medium text-accent-700 hover:bg-slate-200">
            Retry
          </button>
        ) : null}
        {status.action === 'sign-in' ? (
          <button type="button" onClick={() => navigate({ name: 'settings' })} className="rounded px-1.5 font-medium text-accent-700 hover:bg-slate-200">
            Sign in
          </button>
        ) : null}
      </span>
      <span className="shrink-0">
        {contacts.loading
          ? `Loading contacts… ${contacts.size.toLocaleString()} of ${contacts.total.toLocaleString()}`
          : `${contacts.size.toLocaleString()} contacts`}
      </span>
    </footer>
  )
}
