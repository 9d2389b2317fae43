import { useEffect, useId, useState } from 'react'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { ProgressBar } from '../../ui/ProgressBar'
import { formatCount, pluralize } from '../contacts/contactDisplay'
import { useContactsCsvExport, type ContactsExportScope } from './useContactsCsvExport'

export interface ExportChoice extends ContactsExportScope {
  id: string
  label: string
  count: number
}

export interface ExportContactsDialogProps {
  open: boolean
  onClose: () => void
  title: string
  /** One or more scopes to pick from; the first is chosen unless `initial` names another. */
  choices: readonly ExportChoice[]
  initial?: string
}

/** Picks what to export (when there is a choice), then builds the CSV with a progress bar and Cancel. */
export function ExportContactsDialog({ open, onClose, title, choices, initial }: ExportContactsDialogProps) {
  const [chosen, setChosen] = useState(initial ?? choices[0]?.id ?? '')
  const { state, run, cancel } = useContactsCsvExport(onClose)
  const groupId = useId()
  useEffect(() => {
    if (open) setChosen(initial ?? choices[0]?.id ?? '')
    // Only when it opens: the counts below may change while it is open.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open])
  const choice = choices.find((candidate) => candidate.id === chosen) ?? choices[0]
  const running = state.status === 'running'

  const close = () => {
    if (running) cancel()
    onClose()
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => (next ? undefined : close())}
      title={title}
      description="A CSV file with every field: custom fields in their own labelled columns, then engagement figures. The Import screen reads it back as it is."
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button variant="primary" disabled={running || !choice || choice.count === 0} onClick={() => choice && void run(choice)}>
            {running ? 'Exporting…' : choice ? `Export ${pluralize(choice.count, 'contact')}` : 'Export'}
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-4">
        {choices.length > 1 ? (
          <fieldset className="flex flex-col gap-1.5" disabled={running}>
            <legend className="mb-1 text-xs font-medium text-slate-600">Export</legend>
            {choices.map((candidate) => (
              <label key={candidate.id} className="flex items-center gap-2 text-sm text-slate-800">
                <input
                  type="radio"
                  name={groupId}
                  value={candidate.id}
                  checked={candidate.id === choice?.id}
                  onChange={() => setChosen(candidate.id)}
                  className="h-3.5 w-3.5 accent-accent-600"
                />
                <span>{candidate.label}</span>
                <span className="text-slate-500 tabular-nums">({formatCount(candidate.count)})</span>
              </label>
            ))}
          </fieldset>
        ) : choice ? (
          <p className="text-sm text-slate-700">
            {choice.label}: {pluralize(choice.count, 'contact')}.
          </p>
        ) : null}
        {running ? <ProgressBar value={state.done} max={state.total} label="Exporting contacts" /> : null}
        {state.status === 'failed' ? (
          <p role="alert" className="text-sm text-red-600">
            The export failed: {state.message}
          </p>
        ) : null}
      </div>
    </Dialog>
  )
}
