import { useState } from 'react'
import { useAppSelector } from '../../app/store'
import { useData } from '../../data/dataContext'
import { Button } from '../../ui/Button'
import { SyncAccountPanel } from './SyncAccountPanel'
import { SyncSignInForm } from './SyncSignInForm'

/** Settings → Sync: sign in to a sync server, or manage the signed-in workspace. */
export function SyncSection() {
  const { sync } = useData()
  const account = useAppSelector((state) => state.sync.account)
  const notice = useAppSelector((state) => state.sync.notice)
  const [loggingOut, setLoggingOut] = useState(false)
  const logOut = async () => {
    setLoggingOut(true)
    await sync.logOut()
    setLoggingOut(false)
  }
  return (
    <section aria-labelledby="sync-heading" className="flex flex-col gap-3">
      <div className="flex items-end justify-between gap-4">
        <div>
          <h2 id="sync-heading" className="text-sm font-semibold text-slate-900">
            Sync
          </h2>
          <p className="mt-0.5 text-sm text-slate-600">
            {account
              ? 'This device keeps the whole workspace and syncs changes with your team whenever it is online.'
              : 'Local only: everything is saved on this device. Sign in to a sync server to share a workspace with your team.'}
          </p>
        </div>
        {account ? (
          <div className="flex shrink-0 gap-2">
            <Button onClick={() => sync.syncNow()}>Sync now</Button>
            <Button onClick={() => void logOut()} disabled={loggingOut}>
              Log out
            </Button>
          </div>
        ) : null}
      </div>
      {notice ? (
        <div className="flex items-center justify-between gap-3 rounded-lg border border-accent-100 bg-accent-50 px-4 py-2">
          <p role="status" className="text-sm text-slate-800">
            {notice}
          </p>
          <Button size="sm" variant="ghost" onClick={() => sync.dismissNotice()}>
            Dismiss
          </Button>
        </div>
      ) : null}
      {account ? <SyncAccountPanel account={account} /> : <SyncSignInForm />}
    </section>
  )
}
