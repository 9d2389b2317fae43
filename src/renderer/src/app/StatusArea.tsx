import { useSyncExternalStore } from 'react'
import { useData } from '../data/dataContext'
import { useContactIndexVersion } from '../data/hooks'

function subscribeOnline(listener: () => void): () => void {
  window.addEventListener('online', listener)
  window.addEventListener('offline', listener)
  return () => {
    window.removeEventListener('online', listener)
    window.removeEventListener('offline', listener)
  }
}

/** Where sync state lives. Until sync exists, everything is local. */
export function StatusArea() {
  const { contacts } = useData()
  useContactIndexVersion(contacts)
  const online = useSyncExternalStore(subscribeOnline, () => navigator.onLine)
  return (
    <footer className="flex h-7 shrink-0 items-center justify-between border-t border-slate-200 bg-slate-50 px-3 text-xs text-slate-600">
      <span role="status" aria-label="Sync status" className="inline-flex items-center gap-1.5">
        <span aria-hidden className="h-2 w-2 rounded-full bg-slate-400" />
        Local only
        <span className="text-slate-400">· saved on this device{online ? '' : ' · offline'}</span>
      </span>
      <span>
        {contacts.loading
          ? `Loading contacts… ${contacts.size.toLocaleString()} of ${contacts.total.toLocaleString()}`
          : `${contacts.size.toLocaleString()} contacts`}
      </span>
    </footer>
  )
}
