import { useEffect, useId, useState } from 'react'
import type { Contact } from '@core/schema'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { inputClass } from '../../ui/Field'
import { contactDisplayName } from '../contacts/contactDisplay'

export interface EraseContactDialogProps {
  open: boolean
  contact: Contact
  /** Local only: no server history to remove. */
  localOnly: boolean
  busy: boolean
  error: string | null
  onConfirm: () => void
  onCancel: () => void
}

/** What must be typed to confirm: the email, or the name when there is no email. */
export function erasureConfirmation(contact: Contact): string {
  return contact.email || contactDisplayName(contact)
}

/**
 * Asks once, and makes the person type the contact's email (or name): erasing cannot be undone,
 * unlike Delete.
 */
export function EraseContactDialog({ open, contact, localOnly, busy, error, onConfirm, onCancel }: EraseContactDialogProps) {
  const [typed, setTyped] = useState('')
  const inputId = useId()
  const expected = erasureConfirmation(contact)
  const matches = typed.trim().toLowerCase() === expected.trim().toLowerCase()
  useEffect(() => {
    if (open) setTyped('')
  }, [open])

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => (next || busy ? undefined : onCancel())}
      title={`Erase ${contactDisplayName(contact)}?`}
      description="Erasing removes this person from Outpost for good, on every device. It cannot be undone."
      width="md"
      footer={
        <>
          <Button onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
          <Button variant="danger" disabled={!matches || busy} onClick={onConfirm}>
            {busy ? 'Erasing…' : 'Erase contact'}
          </Button>
        </>
      }
    >
      <form
        className="flex flex-col gap-4"
        onSubmit={(event) => {
          event.preventDefault()
          if (matches && !busy) onConfirm()
        }}
      >
        <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
          <li>The contact’s fields, its notes, tasks, calls and meetings, and its engagement events are blanked and deleted on every device.</li>
          {localOnly ? (
            <li>This workspace is local only, so this device is the only place it is erased from.</li>
          ) : (
            <>
              <li>The sync server removes the address from its send queue and caught mail, and re-keys its opens and clicks to an anonymous id (campaign totals stay right).</li>
              <li>If the address was unsubscribed or bounced, only a one-way hash of it is kept, so it is never mailed again.</li>
            </>
          )}
          <li>The erasure is recorded in the audit log (who, when, which contact id).</li>
        </ul>
        <div className="flex flex-col gap-1">
          <label htmlFor={inputId} className="text-xs font-medium text-slate-600">
            Type <span className="font-semibold text-slate-900">{expected}</span> to confirm
          </label>
          <input
            id={inputId}
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            autoComplete="off"
            spellCheck={false}
            disabled={busy}
            className={inputClass}
          />
        </div>
        {error ? (
          <p role="alert" className="text-sm text-red-600">
            {error}
          </p>
        ) : null}
      </form>
    </Dialog>
  )
}
