import { useEffect, useState } from 'react'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { platform } from '../../platform'
import type { UpdateStatus } from '../../platform/platform'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { describeUpdateNotice, updateToast } from './updateView'

const toneStyles = {
  info: 'border-slate-200 bg-white text-slate-700',
  ready: 'border-accent-100 bg-accent-50 text-accent-700',
  error: 'border-red-200 bg-red-50 text-red-900',
} as const

/**
 * Auto-update in the UI: a quiet notice at the foot of the sidebar while an update downloads (or
 * failed), and "Restart to update" when it is ready. Renders nothing in the browser and in
 * development, where the updater is disabled.
 */
export function UpdateNotice() {
  const dispatch = useAppDispatch()
  const [status, setStatus] = useState<UpdateStatus | null>(null)
  const [dialogOpen, setDialogOpen] = useState(false)
  const [installing, setInstalling] = useState(false)
  const [errorDismissed, setErrorDismissed] = useState(false)

  useEffect(() => {
    let active = true
    const stop = platform.onUpdateStatus((next) => {
      setStatus(next)
      setErrorDismissed(false)
      // Offered when the download finishes (or again when the user checks): not on every page load.
      if (next.state === 'downloaded') setDialogOpen(true)
      const toast = updateToast(next)
      if (toast) dispatch(toastShown({ message: toast }))
    })
    platform
      .getUpdateStatus()
      .then((current) => {
        if (active) setStatus((seen) => seen ?? current)
      })
      .catch(() => undefined)
    return () => {
      active = false
      stop()
    }
  }, [dispatch])

  const restart = async () => {
    setInstalling(true)
    const result = await platform.installUpdate().catch((error: unknown) => ({ ok: false as const, error: String(error) }))
    // On success the app quits; reaching here means it did not.
    if (!result.ok) {
      setInstalling(false)
      dispatch(toastShown({ message: `Could not restart to update: ${result.error}`, tone: 'error' }))
    }
  }

  const retry = async () => {
    setErrorDismissed(true)
    const result = await platform.checkForUpdates().catch((error: unknown) => ({ ok: false as const, error: String(error) }))
    if (!result.ok) dispatch(toastShown({ message: result.error, tone: 'error' }))
  }

  const view = status ? describeUpdateNotice(status) : null
  const version = status?.version

  return (
    <>
      {view && !(view.tone === 'error' && errorDismissed) ? (
        <div role="status" aria-label="Update" className={`mt-auto rounded-lg border px-2.5 py-2 text-xs ${toneStyles[view.tone]}`}>
          <div className="flex items-start justify-between gap-2">
            <p className="min-w-0 font-medium">{view.text}</p>
            {view.tone === 'error' ? (
              <button type="button" aria-label="Dismiss update error" onClick={() => setErrorDismissed(true)} className="-mt-0.5 rounded px-1 text-red-700 hover:bg-red-100">
                ×
              </button>
            ) : null}
          </div>
          {view.detail ? <p className="mt-0.5 opacity-80">{view.detail}</p> : null}
          {view.percent !== undefined ? (
            <div className="mt-1.5 flex items-center gap-2">
              <div
                role="progressbar"
                aria-label="Update download"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={view.percent}
                className="h-1.5 min-w-0 flex-1 overflow-hidden rounded-full bg-slate-200"
              >
                <div className="h-full rounded-full bg-accent-600 transition-[width]" style={{ width: `${view.percent}%` }} />
              </div>
              <span className="shrink-0 tabular-nums">{view.percent}%</span>
            </div>
          ) : null}
          {view.action === 'restart' ? (
            <Button size="sm" variant="primary" className="mt-2 w-full" onClick={() => setDialogOpen(true)}>
              Restart to update…
            </Button>
          ) : null}
          {view.action === 'retry' ? (
            <Button size="sm" className="mt-2 w-full" onClick={retry}>
              Try again
            </Button>
          ) : null}
        </div>
      ) : null}
      <Dialog
        open={dialogOpen}
        onOpenChange={setDialogOpen}
        title="Restart to update"
        description={`${version ? `Outpost ${version}` : 'A new version of Outpost'} has been downloaded.`}
        width="sm"
        footer={
          <>
            <Button onClick={() => setDialogOpen(false)}>Later</Button>
            <Button variant="primary" onClick={restart} disabled={installing} autoFocus>
              {installing ? 'Restarting…' : 'Restart now'}
            </Button>
          </>
        }
      >
        <p className="text-sm text-slate-600">
          Outpost closes, installs the update and opens again in a few seconds. Everything you have done is saved on this device, and changes
          that have not synced yet go out after the restart.
        </p>
        <p className="mt-2 text-sm text-slate-600">If you choose Later, the update is installed the next time you quit Outpost.</p>
      </Dialog>
    </>
  )
}
