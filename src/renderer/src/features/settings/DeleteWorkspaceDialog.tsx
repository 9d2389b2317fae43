import { useState, type FormEvent } from 'react'
import { useData } from '../../data/dataContext'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { TextField } from '../../ui/Field'

/** Owner only: deleting the workspace for everyone asks for its name, typed out. */
export function DeleteWorkspaceDialog({ workspaceName, onClose }: { workspaceName: string; onClose: () => void }) {
  const { sync } = useData()
  const [typed, setTyped] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const confirmed = typed.trim() === workspaceName.trim()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!confirmed || busy) return
    setBusy(true)
    setError(null)
    // Success opens another workspace (the window reloads) or signs out, as leaving does.
    const result = await sync.deleteWorkspace()
    setBusy(false)
    if (result.ok) onClose()
    else setError(result.error)
  }

  return (
    <Dialog
      open
      onOpenChange={(next) => (next || busy ? undefined : onClose())}
      title={`Delete “${workspaceName}”?`}
      description="Every member loses access to it and to its data on the server, for good. What is already on each device stays there."
      width="sm"
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button variant="danger" type="submit" form="delete-workspace-form" disabled={!confirmed || busy}>
            {busy ? 'Deleting…' : 'Delete workspace'}
          </Button>
        </>
      }
    >
      <form id="delete-workspace-form" onSubmit={submit} noValidate className="flex flex-col gap-3">
        <TextField
          label={`Type “${workspaceName}” to confirm`}
          value={typed}
          onChange={(event) => {
            setTyped(event.target.value)
            setError(null)
          }}
          autoComplete="off"
          spellCheck={false}
          autoFocus
        />
        {error ? (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {error}
          </p>
        ) : null}
      </form>
    </Dialog>
  )
}
