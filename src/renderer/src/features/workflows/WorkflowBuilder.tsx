import { ReactFlowProvider } from '@xyflow/react'
import { useCallback, useMemo, useState } from 'react'
import type { Workflow, WorkflowGraph, WorkflowSettings } from '@core/schema'
import { validateWorkflow } from '@core/workflows/validate'
import type { WorkflowIssue } from '@core/workflows/types'
import { useAppDispatch } from '../../app/store'
import { showUndoToast } from '../../app/undoRegistry'
import { useData } from '../../data/dataContext'
import { patchSyncedDoc } from '../../data/syncedWrites'
import { useAutosavedDraft } from '../segments/useAutosavedDraft'
import { removeSteps, setTrigger, TRIGGER_NODE_ID, updateStep } from './graphEdits'
import { withPositions } from './layout'
import { StepInspector } from './StepInspector'
import { TriggerInspector } from './TriggerInspector'
import { namesFor, referencesFor, useBuilderChoices } from './useBuilderChoices'
import { WorkflowCanvas } from './WorkflowCanvas'
import { WorkflowHeader } from './WorkflowHeader'
import { WorkflowRunsPanel } from './WorkflowRunsPanel'
import { WorkflowSettingsPanel } from './WorkflowSettingsPanel'

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
  const blocked = !choices.loaded ? 'Loading templates and segments…' : issues.length > 0 ? `Fix ${issues.length === 1 ? 'the issue' : `${issues.length} issues`} first` : null

  const selectedStep = selectedId ? graph.steps.find((step) => step.id === selectedId) : undefined
  // Rule editors (a branch's conditions, the trigger's filter) need a row of three controls: give them room.
  const wideInspector =
    (selectedStep?.type === 'branch' && (selectedStep.branchKind ?? 'segment') === 'segment') || (selectedId === TRIGGER_NODE_ID && graph.trigger.filter !== undefined)

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <WorkflowHeader
        workflow={workflow}
        nameLabel="Workflow name"
        working={working}
        name={draft.name}
        onNameChange={(name) => update((current) => ({ ...current, name }))}
        saveStatus={saveStatus}
        blocked={blocked}
        flush={flush}
        onDiscard={(published) => update((current) => ({ ...current, graph: published.graph, settings: published.settings }))}
      />
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
