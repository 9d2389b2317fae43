import { useDeferredValue, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import type { Workflow, WorkflowTriggerType } from '@core/schema'
import { WORKFLOW_LIMITS, WORKFLOW_TRIGGER_TYPES } from '@core/schema'
import { navigate, routePath } from '../../app/router'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { showUndoToast } from '../../app/undoRegistry'
import { useNow } from '../../app/useNow'
import { useData } from '../../data/dataContext'
import { deleteSyncedDocs, restoreSyncedDocs } from '../../data/syncedWrites'
import { Button } from '../../ui/Button'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { Dialog } from '../../ui/Dialog'
import { EmptyState } from '../../ui/EmptyState'
import { TextField } from '../../ui/Field'
import { PlusIcon } from '../../ui/icons'
import { ListPageHeader } from '../../ui/ListPageHeader'
import { formatCount, formatRelativeTime } from '../contacts/contactDisplay'
import { defaultTrigger } from './TriggerInspector'
import { createDrip, createWorkflow, useWorkflows } from './useWorkflows'
import { TRIGGER_TYPE_LABELS } from './workflowDisplay'
import { WorkflowStatusBadge } from './WorkflowStatusBadge'

const COLUMNS = 'grid grid-cols-[minmax(0,2.4fr)_5rem_7.5rem_repeat(3,5.5rem)_6.5rem_4.5rem] items-center gap-4'

const TRIGGER_HINTS: Record<WorkflowTriggerType, string> = {
  contact_created: 'Every new contact',
  field_changed: 'A field takes a value',
  tag_added: 'A tag is added',
  segment_entered: 'Starts matching a segment',
  segment_left: 'Stops matching a segment',
  stage_changed: 'Moves to a lifecycle stage',
  score_crossed: 'Score reaches a threshold',
  email_opened: 'Opens an email',
  email_clicked: 'Clicks in an email',
  api_event: 'A form or your app sends an event',
  date_anniversary: 'Birthday, renewal… each year',
  schedule: 'Daily, weekly or monthly',
  manual: 'Added by hand',
}

/** `#/workflows`: every automation and drip with its status and how many contacts are in it. */
export function WorkflowsPage({ startCreating = false }: { startCreating?: boolean }) {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const workflows = useWorkflows()
  const now = useNow()
  const [search, setSearch] = useState('')
  const deferredSearch = useDeferredValue(search)
  const [creating, setCreating] = useState(startCreating)
  const [deleting, setDeleting] = useState<Workflow | null>(null)
  const listRef = useRef<HTMLUListElement>(null)
  const filtered = useMemo(() => {
    const needle = deferredSearch.trim().toLowerCase()
    return (workflows ?? []).filter((workflow) => needle === '' || workflow.name.toLowerCase().includes(needle))
  }, [workflows, deferredSearch])

  const newDrip = async () => {
    try {
      const drip = await createDrip(db, 'Untitled drip')
      navigate({ name: 'workflow', id: drip.id })
    } catch (error) {
      dispatch(toastShown({ message: `Could not create it: ${String(error)}`, tone: 'error' }))
    }
  }

  const remove = async (workflow: Workflow) => {
    setDeleting(null)
    try {
      const before = await deleteSyncedDocs<Workflow>(db.workflows, [workflow.id])
      showUndoToast(dispatch, `Deleted ${workflow.name}`, () => restoreSyncedDocs(db.workflows, before))
    } catch (error) {
      dispatch(toastShown({ message: `Could not delete ${workflow.name}: ${String(error)}`, tone: 'error' }))
    }
  }

  // Up and down move between rows; Enter opens the focused one (it is a link).
  const onListKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return
    const links = [...(listRef.current?.querySelectorAll<HTMLAnchorElement>('a[data-row-link]') ?? [])]
    const index = links.indexOf(document.activeElement as HTMLAnchorElement)
    const next = links[event.key === 'ArrowDown' ? Math.min(index + 1, links.length - 1) : Math.max(index - 1, 0)]
    if (!next) return
    event.preventDefault()
    next.focus()
  }

  const actions = (
    <>
      <Button onClick={() => void newDrip()}>New drip</Button>
      <Button variant="primary" onClick={() => setCreating(true)}>
        <PlusIcon />
        New workflow
      </Button>
    </>
  )
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ListPageHeader title="Automations" count={workflows?.length} search={{ label: 'Search automations', placeholder: 'Search automations…', value: search, onChange: setSearch }}>
        {actions}
      </ListPageHeader>
      {workflows === undefined ? (
        <p className="px-6 py-4 text-sm text-slate-500">Loading automations…</p>
      ) : workflows.length === 0 ? (
        <EmptyState title="No automations yet" action={actions}>
          A workflow reacts to what contacts do (a tag added, a form sent, an email clicked) with emails, waits, branches and updates. A drip sends a series of emails a few days apart. Design them
          here, offline too; the sync server runs them around the clock once activated.
        </EmptyState>
      ) : filtered.length === 0 ? (
        <EmptyState title={`No automations match “${deferredSearch.trim()}”`} action={<Button onClick={() => setSearch('')}>Clear search</Button>} />
      ) : (
        <div className="min-h-0 flex-1 overflow-y-auto">
          <div aria-hidden className={`${COLUMNS} sticky top-0 z-10 border-b border-slate-200 bg-slate-50 px-6 py-2 text-[11px] font-semibold tracking-wide text-slate-500 uppercase`}>
            <span>Name</span>
            <span>Kind</span>
            <span>Status</span>
            <span className="text-right">Enrolled</span>
            <span className="text-right">Active</span>
            <span className="text-right">Completed</span>
            <span>Updated</span>
            <span />
          </div>
          <ul ref={listRef} aria-label="Automations" onKeyDown={onListKeyDown}>
            {filtered.map((workflow) => (
              <WorkflowRow key={workflow.id} workflow={workflow} now={now} onDelete={() => setDeleting(workflow)} />
            ))}
          </ul>
        </div>
      )}
      <NewWorkflowDialog
        open={creating}
        onClose={() => {
          setCreating(false)
          if (startCreating) navigate({ name: 'workflows' })
        }}
        onCreate={async (name, type) => {
          try {
            const workflow = await createWorkflow(db, name, defaultTrigger(type))
            setCreating(false)
            navigate({ name: 'workflow', id: workflow.id })
          } catch (error) {
            dispatch(toastShown({ message: `Could not create it: ${String(error)}`, tone: 'error' }))
          }
        }}
      />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? ''}?`}
        message="The automation and its design go away on every device. You can undo right after."
        confirmLabel="Delete"
        onConfirm={() => deleting && void remove(deleting)}
        onCancel={() => setDeleting(null)}
      />
    </div>
  )
}

function WorkflowRow({ workflow, now, onDelete }: { workflow: Workflow; now: number; onDelete: () => void }) {
  const stats = workflow.stats
  const figure = (value: number | undefined, label: string) => (
    <span className="text-right text-slate-700 tabular-nums">
      {value === undefined ? <span className="text-slate-400">—</span> : formatCount(value)}
      <span className="sr-only"> {label}</span>
    </span>
  )
  // Running automations are archived, not deleted: contacts inside would vanish mid-way.
  const deletable = workflow.status === 'draft' || workflow.status === 'archived'
  return (
    <li className={`${COLUMNS} group border-b border-slate-100 px-6 py-2.5 text-sm hover:bg-slate-50`}>
      <a
        data-row-link
        href={routePath({ name: 'workflow', id: workflow.id })}
        className="min-w-0 truncate font-medium text-slate-900 hover:underline focus-visible:underline focus-visible:outline-none"
      >
        {workflow.name}
      </a>
      <span className="text-slate-600">{workflow.kind === 'drip' ? 'Drip' : 'Workflow'}</span>
      <span>
        <WorkflowStatusBadge status={workflow.status} version={workflow.published?.version} />
      </span>
      {figure(stats?.enrolled, 'enrolled')}
      {figure(stats?.active, 'active')}
      {figure(stats?.completed, 'completed')}
      <span className="text-slate-500">{formatRelativeTime(workflow.updatedAt, now)}</span>
      <span className="text-right">
        {deletable ? (
          <Button size="sm" variant="danger-ghost" aria-label={`Delete ${workflow.name}`} onClick={onDelete} className="opacity-0 group-hover:opacity-100 focus-visible:opacity-100">
            Delete
          </Button>
        ) : null}
      </span>
    </li>
  )
}

/** Name, then what starts it; the builder opens on the new workflow. */
function NewWorkflowDialog({ open, onClose, onCreate }: { open: boolean; onClose: () => void; onCreate: (name: string, trigger: WorkflowTriggerType) => Promise<void> }) {
  const [name, setName] = useState('')
  const [trigger, setTrigger] = useState<WorkflowTriggerType>('contact_created')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>(undefined)
  const submit = async () => {
    if (name.trim() === '') {
      setError('Give it a name.')
      return
    }
    setBusy(true)
    await onCreate(name, trigger)
    setBusy(false)
    setName('')
    setError(undefined)
  }
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => (next ? undefined : onClose())}
      title="New workflow"
      width="lg"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={busy} onClick={() => void submit()}>
            Create workflow
          </Button>
        </>
      }
    >
      <form
        className="flex flex-col gap-4"
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        <TextField label="Name" value={name} maxLength={WORKFLOW_LIMITS.name} autoFocus placeholder="e.g. Welcome series" error={error} onChange={(event) => setName(event.target.value)} />
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-xs font-medium text-slate-600">Starts when</legend>
          <div role="radiogroup" aria-label="Trigger" className="grid grid-cols-2 gap-2">
            {WORKFLOW_TRIGGER_TYPES.map((type) => (
              <label
                key={type}
                className={`flex cursor-pointer flex-col rounded-md px-3 py-2 ring-1 ring-inset has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-accent-400 ${trigger === type ? 'bg-accent-50 ring-accent-500' : 'ring-slate-200 hover:bg-slate-50'}`}
              >
                <input type="radio" name="trigger" value={type} checked={trigger === type} onChange={() => setTrigger(type)} className="sr-only" />
                <span className="text-sm font-medium text-slate-900">{TRIGGER_TYPE_LABELS[type]}</span>
                <span className="text-xs text-slate-500">{TRIGGER_HINTS[type]}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" hidden />
      </form>
    </Dialog>
  )
}
