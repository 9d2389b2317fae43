import { ReactFlowProvider } from '@xyflow/react'
import { useCallback, useMemo, useState } from 'react'
import type { Workflow, WorkflowGraph, WorkflowSettings } from '@core/schema'
import { WORKFLOW_LIMITS } from '@core/schema'
import { validateWorkflow } from '@core/workflows/validate'
import { hasUnpublishedChanges, publishWorkflow } from '@core/workflows/versions'
import type { WorkflowIssue } from '@core/workflows/types'
import { routePath } from '../../app/router'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { showUndoToast } from '../../app/undoRegistry'
import { useCurrentMemberId } from '../../data/crmHooks'
import { useData } from '../../data/dataContext'
import { patchSyncedDoc } from '../../data/syncedWrites'
import { Breadcrumb } from '../../ui/Breadcrumb'
import { Button } from '../../ui/Button'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { saveStatusLabel, useAutosavedDraft } from '../segments/useAutosavedDraft'
import { removeSteps, setTrigger, TRIGGER_NODE_ID, updateStep } from './graphEdits'
import { withPositions } from './layout'
import { StepInspector } from './StepInspector'
import { TriggerInspector } from './TriggerInspector'
import { namesFor, referencesFor, useBuilderChoices } from './useBuilderChoices'
import { WorkflowCanvas } from './WorkflowCanvas'
import { WorkflowRunsPanel } from './WorkflowRunsPanel'
import { WorkflowSettingsPanel } from './WorkflowSettingsPanel'
import { WorkflowStatusBadge } from './WorkflowStatusBadge'

interface WorkflowDraft {
  name: string
  graph: WorkflowGraph
  settings: WorkflowSettings
}

type Tab = 'canvas' | 'settings' | 'runs'
const TABS: { id: Tab; label: string }[] = [
  { id: 'canvas', label: 'Steps' },
  { id: 'settings', label: 'Settings' },
  { id: 'runs', label: 'Runs' },
]

/** The visual editor of a (non-drip) workflow: canvas, inspector, checks, activation and versions. */
export function WorkflowBuilder({ workflow }: { workflow: Workflow }) {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const memberId = useCurrentMemberId()
  const stored = useMemo<WorkflowDraft>(() => ({ name: workflow.name, graph: workflow.graph, settings: workflow.settings }), [workflow.name, workflow.graph, workflow.settings])
  const save = useCallback(
    async (draft: WorkflowDraft) => {
      // A blank name is not stored (the schema needs one); the field says so until it is filled.
      const patch: Partial<WorkflowDraft> = { graph: draft.graph, settings: draft.settings }
      if (draft.name.trim()) patch.name = draft.name.trim()
      await patchSyncedDoc<Workflow>(db.workflows, workflow.id, patch)
    },
    [db, workflow.id],
  )
  const { draft, update, status: saveStatus, flush } = useAutosavedDraft(stored, save)
  const [tab, setTab] = useState<Tab>('canvas')
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const [confirmArchive, setConfirmArchive] = useState(false)
  const [confirmDiscard, setConfirmDiscard] = useState(false)
  const choices = useBuilderChoices()

  // Steps nobody placed yet (a graph made elsewhere) get a tidy position; it is stored with the next edit.
  const graph = useMemo(() => withPositions(draft.graph), [draft.graph])
  const names = useMemo(() => namesFor(choices, graph), [choices, graph])
  const issues = useMemo<WorkflowIssue[]>(() => (choices.loaded ? validateWorkflow(graph, draft.settings, referencesFor(choices)) : []), [choices, graph, draft.settings])
  const issuesByStep = useMemo(() => {
    const byStep = new Map<string, string>()
    for (const issue of issues) {
      // Workflow-wide issues have no step; the trigger's own say so ("Trigger: …") and mark its node.
      const key = issue.stepId ?? (issue.message.startsWith('Trigger') ? TRIGGER_NODE_ID : null)
      if (key !== null && !byStep.has(key)) byStep.set(key, issue.message)
    }
    return byStep
  }, [issues])

  const changeGraph = useCallback((change: (graph: WorkflowGraph) => WorkflowGraph) => update((current) => ({ ...current, graph: change(withPositions(current.graph)) })), [update])
  const changeSettings = useCallback((change: (settings: WorkflowSettings) => WorkflowSettings) => update((current) => ({ ...current, settings: change(current.settings) })), [update])

  const deleteSteps = useCallback(
    (ids: string[]) => {
      let before: WorkflowGraph | null = null
      update((current) => {
        before = current.graph
        return { ...current, graph: removeSteps(current.graph, new Set(ids)) }
      })
      setSelectedId(null)
      const restore = before
      if (restore) showUndoToast(dispatch, ids.length === 1 ? 'Deleted a step' : `Deleted ${ids.length} steps`, async () => update((current) => ({ ...current, graph: restore })))
    },
    [update, dispatch],
  )

  const working: Workflow = { ...workflow, name: draft.name.trim() || workflow.name, graph: draft.graph, settings: draft.settings }
  const published = workflow.published
  // Moving nodes around is not a change the server would run: positions do not count.
  const unpublished =
    published !== undefined && hasUnpublishedChanges(working)
  const blocked = !choices.loaded ? 'Loading templates and segments…' : issues.length > 0 ? `Fix ${issues.length === 1 ? 'the issue' : `${issues.length} issues`} first` : null

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
  const discard = () => published && update((current) => ({ ...current, graph: published.graph, settings: published.settings }))

  const selectedStep = selectedId ? graph.steps.find((step) => step.id === selectedId) : undefined
  // Rule editors (a branch's conditions, the trigger's filter) need a row of three controls: give them room.
  const wideInspector =
    (selectedStep?.type === 'branch' && (selectedStep.branchKind ?? 'segment') === 'segment') || (selectedId === TRIGGER_NODE_ID && graph.trigger.filter !== undefined)
  const runningVersions = [...new Set([...(workflow.stats?.runningVersions ?? []), ...(published && (workflow.stats?.active ?? 0) > 0 ? [published.version] : [])])].sort((a, b) => a - b)

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <header className="flex h-14 shrink-0 items-center gap-3 border-b border-slate-200 px-6 text-sm">
        <Breadcrumb parentLabel="Automations" parentHref={routePath({ name: 'workflows' })} title="" />
        <input
          aria-label="Workflow name"
          value={draft.name}
          maxLength={WORKFLOW_LIMITS.name}
          aria-invalid={draft.name.trim() === ''}
          onChange={(event) => {
            const name = event.target.value
            update((current) => ({ ...current, name }))
          }}
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
              <Button variant="primary" disabled={blocked !== null} title={blocked ?? `Contacts already inside finish on their version`} onClick={() => publish(false)}>
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
          Contacts on v{runningVersions.join(', v')} finish on {runningVersions.length === 1 ? `v${runningVersions[0]}` : 'their version'}; v{published.version + 1} applies to contacts who enter after you publish.
        </p>
      ) : null}
      {workflow.statusReason ? <p className="border-b border-red-200 bg-red-50 px-6 py-1.5 text-xs text-red-700">{workflow.statusReason}</p> : null}
      <div role="tablist" aria-label="Workflow views" className="flex shrink-0 gap-1 border-b border-slate-200 px-6">
        {TABS.map((entry) => (
          <button
            key={entry.id}
            type="button"
            role="tab"
            id={`workflow-tab-${entry.id}`}
            aria-selected={tab === entry.id}
            aria-controls={`workflow-panel-${entry.id}`}
            tabIndex={tab === entry.id ? 0 : -1}
            onClick={() => setTab(entry.id)}
            onKeyDown={(event) => {
              const index = TABS.findIndex((candidate) => candidate.id === tab)
              const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0
              if (step === 0) return
              event.preventDefault()
              const next = TABS[(index + step + TABS.length) % TABS.length]
              if (next) {
                setTab(next.id)
                document.getElementById(`workflow-tab-${next.id}`)?.focus()
              }
            }}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${tab === entry.id ? 'border-accent-600 text-slate-900' : 'border-transparent text-slate-500 hover:text-slate-800'}`}
          >
            {entry.label}
            {entry.id === 'canvas' && issues.length > 0 ? <span className="ml-1.5 rounded-full bg-red-100 px-1.5 text-[11px] text-red-700 tabular-nums">{issues.length}</span> : null}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`workflow-panel-${tab}`} aria-labelledby={`workflow-tab-${tab}`} className="flex min-h-0 flex-1">
        {tab === 'canvas' ? (
          <>
            <div className="min-w-0 flex-1 bg-slate-50">
              <ReactFlowProvider>
                <WorkflowCanvas
                  graph={graph}
                  names={names}
                  stats={workflow.stats}
                  issues={issuesByStep}
                  selectedId={selectedId}
                  onSelect={setSelectedId}
                  onChange={changeGraph}
                  onDeleteSteps={deleteSteps}
                  readOnly={workflow.status === 'archived'}
                />
              </ReactFlowProvider>
            </div>
            <aside aria-label="Inspector" className={`flex ${wideInspector ? 'w-[36rem]' : 'w-96'} shrink-0 flex-col gap-4 overflow-y-auto border-l border-slate-200 bg-white px-4 py-4`}>
              <ValidationPanel issues={issues} onPick={(stepId) => setSelectedId(stepId ?? TRIGGER_NODE_ID)} />
              {selectedId === TRIGGER_NODE_ID ? (
                <TriggerInspector trigger={graph.trigger} choices={choices} onChange={(trigger) => changeGraph((current) => setTrigger(current, trigger))} />
              ) : selectedStep ? (
                <StepInspector
                  key={selectedStep.id}
                  step={selectedStep}
                  graph={graph}
                  choices={choices}
                  names={names}
                  issues={issues.filter((issue) => issue.stepId === selectedStep.id).map((issue) => issue.message)}
                  onChange={(patch) => changeGraph((current) => updateStep(current, selectedStep.id, patch))}
                  onDelete={() => deleteSteps([selectedStep.id])}
                />
              ) : (
                <p className="text-sm text-slate-500">Select the trigger or a step to edit it. Use + to add a step, drag from a dot to connect, Delete to remove.</p>
              )}
            </aside>
          </>
        ) : tab === 'settings' ? (
          <div className="min-h-0 flex-1 overflow-y-auto">
            <WorkflowSettingsPanel settings={draft.settings} choices={choices} onChange={changeSettings} />
          </div>
        ) : (
          <div className="min-h-0 flex-1 overflow-y-auto">
            <WorkflowRunsPanel workflow={workflow} />
          </div>
        )}
      </div>
      <ConfirmDialog
        open={confirmDiscard}
        title="Discard unpublished changes?"
        message={`The steps and settings go back to v${published?.version ?? 1}, as the server runs them. Your edits since then are lost.`}
        confirmLabel="Discard changes"
        onConfirm={() => {
          setConfirmDiscard(false)
          discard()
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
    </div>
  )
}

function ValidationPanel({ issues, onPick }: { issues: readonly WorkflowIssue[]; onPick: (stepId: string | null) => void }) {
  if (issues.length === 0) {
    return (
      <p role="status" aria-label="Checks" className="rounded-md bg-emerald-50 px-3 py-2 text-xs text-emerald-800">
        No problems found: ready to run.
      </p>
    )
  }
  return (
    <section aria-label="Issues" className="rounded-md border border-red-200 bg-red-50/60">
      <h2 className="border-b border-red-100 px-3 py-2 text-xs font-semibold text-red-800">
        {issues.length === 1 ? '1 issue' : `${issues.length} issues`} to fix before it can run
      </h2>
      <ul className="flex max-h-48 flex-col overflow-y-auto py-1">
        {issues.map((issue, index) => (
          <li key={`${issue.stepId ?? 'workflow'}-${index}`}>
            <button type="button" onClick={() => onPick(issue.stepId)} className="w-full px-3 py-1 text-left text-xs text-red-700 hover:bg-red-100 focus-visible:bg-red-100 focus-visible:outline-none">
              {issue.message}
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
