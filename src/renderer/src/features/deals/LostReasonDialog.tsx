import { useEffect, useState, type FormEvent } from 'react'
import { closeDeal } from '@core/deals/pipeline'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { TextField } from '../../ui/Field'

const COMMON_REASONS = ['Price', 'Went with a competitor', 'No budget', 'Bad timing', 'No decision'] as const

/** Asks why a deal was lost (required): the reason stays on the deal and feeds the team's learning. */
export function LostReasonDialog({
  dealName,
  open,
  onCancel,
  onConfirm,
}: {
  dealName: string
  open: boolean
  onCancel: () => void
  onConfirm: (reason: string) => void
}) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | undefined>()
  useEffect(() => {
    if (open) {
      setReason('')
      setError(undefined)
    }
  }, [open])

  const submit = (event?: FormEvent) => {
    event?.preventDefault()
    const check = closeDeal({ status: 'open' }, 'lost', 0, reason)
    if (!check.ok) {
      setError(check.error)
      return
    }
    onConfirm(reason.trim())
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => (next ? undefined : onCancel())}
      title={`Mark ${dealName} as lost`}
      description="Why was it lost? The reason stays on the deal."
      width="sm"
      footer={
        <>
          <Button onClick={onCancel}>Cancel</Button>
          <Button variant="danger" type="submit" form="lost-reason-form">
            Mark as lost
          </Button>
        </>
      }
    >
      <form id="lost-reason-form" onSubmit={submit} className="flex flex-col gap-3" noValidate>
        <TextField label="Reason" value={reason} onChange={(event) => setReason(event.target.value)} error={error} autoFocus maxLength={500} />
        <div className="flex flex-wrap gap-1.5" aria-label="Suggestions" role="group">
          {COMMON_REASONS.map((common) => (
            <button
              key={common}
              type="button"
              onClick={() => {
                setReason(common)
                setError(undefined)
              }}
              className="rounded-full border border-slate-200 px-2.5 py-0.5 text-xs text-slate-700 hover:bg-slate-50"
            >
              {common}
            </button>
          ))}
        </div>
      </form>
    </Dialog>
  )
}
