import { useEffect } from 'react'
import { useAppDispatch, useAppSelector } from '../app/store'
import { toastDismissed, toastShown, type Toast } from '../app/uiSlice'
import { forgetUndo, runUndo } from '../app/undoRegistry'
import { Button } from './Button'

const TOAST_MS = 8_000

export function Toasts() {
  const toasts = useAppSelector((state) => state.ui.toasts)
  return (
    <div aria-live="polite" className="pointer-events-none fixed right-4 bottom-10 z-50 flex w-80 flex-col gap-2">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </div>
  )
}

function ToastItem({ toast }: { toast: Toast }) {
  const dispatch = useAppDispatch()
  useEffect(() => {
    const timer = setTimeout(() => {
      forgetUndo(toast.id)
      dispatch(toastDismissed(toast.id))
    }, TOAST_MS)
    return () => clearTimeout(timer)
  }, [dispatch, toast.id])
  const undo = async () => {
    dispatch(toastDismissed(toast.id))
    try {
      await runUndo(toast.id)
    } catch (error) {
      dispatch(toastShown({ message: `Undo failed: ${String(error)}`, tone: 'error' }))
    }
  }
  return (
    <div
      role="status"
      className={`pointer-events-auto flex items-center justify-between gap-3 rounded-lg px-3 py-2 text-sm shadow-lg ${toast.tone === 'error' ? 'bg-red-700 text-white' : 'bg-slate-900 text-white'}`}
    >
      <span>{toast.message}</span>
      <div className="flex shrink-0 gap-1">
        {toast.undoable ? (
          <Button size="sm" variant="ghost" className="text-white hover:bg-white/15" onClick={undo}>
            Undo
          </Button>
        ) : null}
        <button
          type="button"
          aria-label="Dismiss"
          className="rounded px-1 text-white/70 hover:text-white"
          onClick={() => {
            forgetUndo(toast.id)
            dispatch(toastDismissed(toast.id))
          }}
        >
          ×
        </button>
      </div>
    </div>
  )
}
