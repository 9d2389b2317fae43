import { useState } from 'react'
import type { PublishedWorkflow, Workflow } from '@core/schema'
import { WORKFLOW_LIMITS } from '@core/schema'
import { hasUnpublishedChanges, publishWorkflow } from '@core/workflows/versions'
import { routePath } from '../../app/router'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { useCurrentMemberId } from '../../data/crmHooks'
import { useData } from '../../data/dataContext'
import { patchSyncedDoc } from '../../data/syncedWrites'
import { Breadcrumb } from '../../ui/Breadcrumb'
import { Button } from '../../ui/Button'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { saveStatusLabel, type SaveStatus } from '../segments/useAutosavedDraft'
import { WorkflowStatusBadge } from './WorkflowStatusBadge'

// The header of the builder and the drip editor: name, status, save state, Activate /
// Publish v<n+1> / Discard changes / Pause / Resume / Archive. Publishing copies the working graph
// into `published`; contacts already inside finish on their version.

export interface WorkflowHeaderProps {
  workflow: Workflow
  /** The name field's accessible name ("Workflow name", "Sequence name"). */
  nameLabel: string
  /** The workflow as the editor would store it now (name, graph, settings). */
  working: Workflow
  name: string
  onNameChange: (name: string) => void
  saveStatus: SaveStatus
  /** Why it cannot be activated or published now; null when it can. */
  blocked: string | null
  flush: () => Promise<void>
  /** Puts the working copy back to `published` (after the member confirmed). */
  onDiscard: (published: PublishedWorkflow) => void
}

export function WorkflowHeader({ workflow, nameLabel, working, name, onNameChange, saveStatus, blocked, flush, onDiscard }: WorkflowHeaderProps) {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const memberId = useCurrentMemberId()
  const [confirmArchive, setConfirmArchive] = useState(false)
  const [confirmDiscard, setConfirmDiscard] = useState(false)
  const published = workflow.published
  const unpublished = published !== undefined && hasUnpublishedChanges(working)
  const runningVersions = [...new Set([...(workflow.stats?.runningVersions ?? []), ...(published && (workflow.stats?.active ?? 0) > 0 ? [published.version] : [])])].sort(
    (a, b) => a - b,
  )

  const write = async (patch: Partial<Workflow>, done: string) => {
    try {
      await flush()
      await patchSyncedDoc<Workflow>(db.workflows, workflow.id, patch)
      dispatch(toastShown({ message: done }))
    } catch (error) {
      dispatch(toastShown({ message: `Could not save: ${String(error)}`, tone: 'error' }))
    }
  }
  const publish = (activate: boolean) => {
    const next = publishWorkflow(working, memberId ?? '', Date.now())
    void write(activate ? { published: next, status: 'active' } : { published: next }, activate ? `${working.name} is active` : `Published v${next.version}`)
  }

  return (
    <>
      <header className="flex h-14 shrink-0 items-center gap-3 border-b border-slate-200 px-6 text-sm">
        <Breadcrumb parentLabel="Automations" parentHref={routePath({ name: 'workflows' })} title="" />
        <input
          aria-label={nameLabel}
          value={name}
          maxLength={WORKFLOW_LIMITS.name}
          aria-invalid={name.trim() === ''}
          onChange={(event) => onNameChange(event.target.value)}
          className="-ml-2 w-64 min-w-0 rounded-md border border-transparent px-2 py-1 text-base font-semibold text-slate-900 hover:border-slate-200 focus:border-accent-500 focus:ring-2 focus:ring-accent-100 focus:outline-none aria-[invalid=true]:border-red-400"
        />
        <WorkflowStatusBadge status={workflow.status} version={published?.version} />
        <span role="status" className={`text-xs ${saveStatus === 'error' ? 'text-red-600' : 'text-slate-500'}`}>
          {saveStatusLabel(saveStatus)}
        </span>
        <div className="ml-auto flex items-center gap-2">
          {workflow.status === 'draft' ? (
            <>
              {blocked ? <span className="text-xs text-slate-500">{blocked}</span> : null}
              <Button variant="primary" disabled={blocked !== null} title={blocked ?? 'Start enrolling contacts'} onClick={() => publish(true)}>
                Activate
              </Button>
            </>
          ) : null}
          {unpublished && published && workflow.status !== 'archived' ? (
            <>
              <span className="text-xs font-medium text-amber-700">Unpublished changes</span>
              <Button onClick={() => setConfirmDiscard(true)}>Discard changes</Button>
              <Button variant="primary" disabled={blocked !== null} title={blocked ?? 'Contacts already inside finish on their version'} onClick={() => publish(false)}>
                Publish v{published.version + 1}
              </Button>
            </>
          ) : null}
          {workflow.status === 'active' ? <Button onClick={() => void write({ status: 'paused' }, 'Paused: nobody moves until you resume')}>Pause</Button> : null}
          {workflow.status === 'paused' ? <Button onClick={() => void write({ status: 'active' }, 'Resumed')}>Resume</Button> : null}
          {workflow.status !== 'archived' && workflow.status !== 'draft' ? (
            <Button variant="danger-ghost" onClick={() => setConfirmArchive(true)}>
              Archive
            </Button>
          ) : null}
        </div>
      </header>
      {unpublished && published && runningVersions.length > 0 ? (
        <p className="border-b border-amber-200 bg-amber-50 px-6 py-1.5 text-xs text-amber-800">
          Contacts on v{runningVersions.join(', v')} finish on {runningVersions.length === 1 ? `v${runningVersions[0]}` : 'their version'}; v{published.version + 1} applies to
          contacts who enter after you publish.
        </p>
      ) : null}
      {workflow.statusReason ? <p className="border-b border-red-200 bg-red-50 px-6 py-1.5 text-xs text-red-700">{workflow.statusReason}</p> : null}
      <ConfirmDialog
        open={confirmDiscard}
        title="Discard unpublished changes?"
        message={`The steps and settings go back to v${published?.version ?? 1}, as the server runs them. Your edits since then are lost.`}
        confirmLabel="Discard changes"
        onConfirm={() => {
          setConfirmDiscard(false)
          if (published) onDiscard(published)
        }}
        onCancel={() => setConfirmDiscard(false)}
      />
      <ConfirmDialog
        open={confirmArchive}
        title={`Archive ${working.name}?`}
        message="It stops for good: nobody new enters and contacts inside leave. Its history and stats stay."
        confirmLabel="Archive"
        onConfirm={() => {
          setConfirmArchive(false)
          void write({ status: 'archived' }, `Archived ${working.name}`)
        }}
        onCancel={() => setConfirmArchive(false)}
      />
    </>
  )
}
