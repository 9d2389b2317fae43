import { useCallback, useMemo, useState } from 'react'
import type { SegmentRules, Workflow, WorkflowTrigger } from '@core/schema'
import { newId } from '@core/ids'
import type { DripItem, WorkflowIssue } from '@core/workflows/types'
import { validateSegmentRules } from '@core/segments/evaluateSegment'
import { validateWorkflow } from '@core/workflows/validate'
import { useData } from '../../data/dataContext'
import { patchSyncedDoc } from '../../data/syncedWrites'
import { Button } from '../../ui/Button'
import { inputClass } from '../../ui/Field'
import { PlusIcon } from '../../ui/icons'
import { RuleBuilder } from '../segments/RuleBuilder'
import { starterRules } from '../segments/ruleEdits'
import { useAutosavedDraft } from '../segments/useAutosavedDraft'
import { WorkflowHeader } from './WorkflowHeader'
import {
  DELAY_UNITS,
  DRIP_TRIGGER_LABELS,
  DRIP_TRIGGER_TYPES,
  draftFromWorkflow,
  isDripTriggerType,
  joinDelay,
  moveItem,
  splitDelay,
  workflowFromDraft,
  type DelayUnit,
  type DripDraft,
} from './dripDraft'
import { referencesFor, useBuilderChoices } from './useBuilderChoices'
import { WorkflowRunsPanel } from './WorkflowRunsPanel'

// A drip sequence: emails with a delay before each, how contacts join, and when they stop.
// Stored as a plain linear workflow (graphFromDrip), so the server runs it like any workflow;
// The header activates, publishes and pauses it like the builder does.

/** The editor's working copy: the drip plus the name. */
type EditorDraft = DripDraft & { name: string }

type Tab = 'emails' | 'runs'
const TABS: { id: Tab; label: string }[] = [
  { id: 'emails', label: 'Emails' },
  { id: 'runs', label: 'Runs' },
]

const selectClass = `${inputClass} pr-7`
const inlineClass = inputClass.replace('w-full ', '')

export function DripEditor({ workflow }: { workflow: Workflow }) {
  const stored = useMemo(() => {
    const drip = draftFromWorkflow(workflow.graph, workflow.settings)
    return drip ? { ...drip, name: workflow.name } : null
  }, [workflow.graph, workflow.settings, workflow.name])
  if (!stored) {
    return (
      <section aria-label="Drip sequence" className="p-6 text-sm text-slate-600">
        This sequence was changed in the workflow builder and is no longer a plain list of emails, so it can only be edited there.
      </section>
    )
  }
  return <DripForm workflow={workflow} stored={stored} />
}

function DripForm({ workflow, stored }: { workflow: Workflow; stored: EditorDraft }) {
  const { db } = useData()
  const save = useCallback(
    async (draft: EditorDraft) => {
      const current = await db.workflows.findOne(workflow.id).exec()
      if (!current) return
      const fields: Partial<Workflow> = workflowFromDraft(draft, current.graph as Workflow['graph'], current.settings as Workflow['settings'], () => newId())
      // A blank name is not stored (the schema needs one); the field shows it as invalid.
      if (draft.name.trim()) fields.name = draft.name.trim()
      await patchSyncedDoc<Workflow>(db.workflows, workflow.id, fields)
    },
    [db, workflow.id],
  )
  const { draft, update, status, flush } = useAutosavedDraft(stored, save)
  const [tab, setTab] = useState<Tab>('emails')
  const builder = useBuilderChoices()
  const choices = builder.rules
  const templateOptions = builder.templates
  const segmentOptions = builder.segments
  // What would be stored: validated (and compared with what runs) before the autosave lands.
  const working = useMemo<Workflow>(() => {
    const fields = workflowFromDraft(draft, workflow.graph, workflow.settings, () => newId())
    return { ...workflow, ...fields, name: draft.name.trim() || workflow.name }
  }, [draft, workflow])
  const issues = useMemo<WorkflowIssue[]>(() => {
    if (!builder.loaded) return []
    return validateWorkflow(working.graph, working.settings, referencesFor(builder))
  }, [builder, working])
  // Unfinished goal conditions match nobody: said beside the condition, and they block activation.
  const goalIssues = useMemo(() => {
    const byCondition = new Map<string, string>()
    if (draft.goal) for (const issue of validateSegmentRules(draft.goal, builder.rules.descriptors)) if (!byCondition.has(issue.conditionId)) byCondition.set(issue.conditionId, issue.message)
    return byCondition
  }, [draft.goal, builder.rules.descriptors])
  // Once the references carry segment fields, validateWorkflow reports the goal's conditions itself.
  const goalUnchecked = goalIssues.size > 0 && referencesFor(builder).segmentFields === undefined
  const blockingCount = issues.length + (goalUnchecked ? 1 : 0)

  const setItems = (change: (items: DripItem[]) => DripItem[]) => update((current) => ({ ...current, items: change(current.items) }))
  const setItem = (stepId: string, patch: Partial<DripItem>) =>
    setItems((items) => items.map((item) => (item.stepId === stepId ? { ...item, ...patch } : item)))
  const setTrigger = (trigger: WorkflowTrigger) => update((current) => ({ ...current, trigger }))
  const setGoal = (change: (goal: SegmentRules | null) => SegmentRules | null) => update((current) => ({ ...current, goal: change(current.goal) }))

  const addEmail = () =>
    setItems((items) => [...items, { stepId: newId(), templateId: templateOptions[0]?.value ?? '', subject: '', delayMinutes: items.length === 0 ? 0 : 1_440 }])

  const triggerType = isDripTriggerType(draft.trigger.type) ? draft.trigger.type : 'manual'

  const issueOf = (stepId: string) => issues.find((issue) => issue.stepId === stepId)?.message
  const generalIssues = [
    ...issues.filter((issue) => issue.stepId === null || !draft.items.some((item) => item.stepId === issue.stepId)),
    ...(goalUnchecked ? [{ stepId: null, message: 'The goal has unfinished conditions: finish or remove them.' }] : []),
  ]

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <WorkflowHeader
        workflow={workflow}
        nameLabel="Sequence name"
        working={working}
        name={draft.name}
        onNameChange={(name) => update((current) => ({ ...current, name }))}
        saveStatus={status}
        blocked={!builder.loaded ? 'Loading templates and segments…' : blockingCount > 0 ? `Fix ${blockingCount === 1 ? 'the issue' : `${blockingCount} issues`} first` : null}
        flush={flush}
        onDiscard={(published) => {
          const back = draftFromWorkflow(published.graph, published.settings)
          if (back) update((current) => ({ ...current, ...back }))
        }}
      />
      <div role="tablist" aria-label="Sequence views" className="flex shrink-0 gap-1 border-b border-slate-200 px-6">
        {TABS.map((entry) => (
          <button
            key={entry.id}
            type="button"
            role="tab"
            id={`drip-tab-${entry.id}`}
            aria-selected={tab === entry.id}
            aria-controls={`drip-panel-${entry.id}`}
            tabIndex={tab === entry.id ? 0 : -1}
            onClick={() => setTab(entry.id)}
            onKeyDown={(event) => {
              if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return
              event.preventDefault()
              const next = entry.id === 'emails' ? 'runs' : 'emails'
              setTab(next)
              document.getElementById(`drip-tab-${next}`)?.focus()
            }}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${tab === entry.id ? 'border-accent-600 text-slate-900' : 'border-transparent text-slate-500 hover:text-slate-800'}`}
          >
            {entry.label}
            {entry.id === 'emails' && blockingCount > 0 ? <span className="ml-1.5 rounded-full bg-red-100 px-1.5 text-[11px] text-red-700 tabular-nums">{blockingCount}</span> : null}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`drip-panel-${tab}`} aria-labelledby={`drip-tab-${tab}`} className="min-h-0 flex-1 overflow-y-auto">
        {tab === 'runs' ? (
          <WorkflowRunsPanel workflow={workflow} />
        ) : (
          <div className="mx-auto flex max-w-4xl flex-col gap-6 p-6">
            {generalIssues.length > 0 ? (
              <section aria-label="Issues" className="rounded-md border border-red-200 bg-red-50/60 px-3 py-2 text-xs text-red-700">
                <ul className="flex flex-col gap-0.5">
                  {generalIssues.map((issue, index) => (
                    <li key={index}>{issue.message}</li>
                  ))}
                </ul>
              </section>
            ) : blockingCount === 0 && builder.loaded ? (
              <p role="status" aria-label="Checks" className="rounded-md bg-emerald-50 px-3 py-2 text-xs text-emerald-800">
                No problems found: ready to run.
              </p>
            ) : null}

            <section aria-labelledby="drip-join" className="flex flex-col gap-2">
              <h2 id="drip-join" className="text-sm font-semibold text-slate-900">
                How contacts join
              </h2>
              <div className="flex flex-wrap items-center gap-2">
                <select
                  aria-label="How contacts join"
                  className={`${inlineClass} pr-7`}
                  value={triggerType}
                  onChange={(event) => {
                    const type = event.target.value
                    if (!isDripTriggerType(type)) return
                    if (type === 'segment_entered') setTrigger({ type, segmentId: segmentOptions[0]?.value ?? '' })
                    else if (type === 'tag_added') setTrigger({ type, tag: '' })
                    else setTrigger({ type })
                  }}
                >
                  {DRIP_TRIGGER_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {DRIP_TRIGGER_LABELS[type]}
                    </option>
                  ))}
                </select>
                {triggerType === 'segment_entered' ? (
                  <select
                    aria-label="Segment"
                    className={`${inlineClass} pr-7`}
                    value={draft.trigger.segmentId ?? ''}
                    onChange={(event) => setTrigger({ type: 'segment_entered', segmentId: event.target.value })}
                  >
                    <option value="">Choose a segment…</option>
                    {segmentOptions.map((option) => (
                      <option key={option.value} value={option.value}>
                        {option.label}
                      </option>
                    ))}
                  </select>
                ) : null}
                {triggerType === 'tag_added' ? (
                  <>
                    <input
                      aria-label="Tag"
                      className={`${inlineClass} w-48`}
                      list="drip-tags"
                      placeholder="Tag, e.g. trial"
                      value={draft.trigger.tag ?? ''}
                      maxLength={50}
                      onChange={(event) => setTrigger({ type: 'tag_added', tag: event.target.value })}
                    />
                    <datalist id="drip-tags">
                      {choices.tags.map((tag) => (
                        <option key={tag} value={tag} />
                      ))}
                    </datalist>
                  </>
                ) : null}
              </div>
              {triggerType === 'manual' ? <p className="text-xs text-slate-500">Add contacts from their page or with “Add contacts…” under Runs.</p> : null}
            </section>

            <section aria-labelledby="drip-emails" className="flex flex-col gap-3">
              <h2 id="drip-emails" className="text-sm font-semibold text-slate-900">
                Emails
              </h2>
              {draft.items.length === 0 ? (
                <p className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600">
                  No emails yet. Add the first email of the sequence; each next one waits a delay after the one before.
                </p>
              ) : (
                <ol className="flex flex-col gap-2">
                  {draft.items.map((item, index) => (
                    <DripItemRow
                      key={item.stepId}
                      item={item}
                      index={index}
                      count={draft.items.length}
                      templates={templateOptions}
                      issue={issueOf(item.stepId)}
                      onChange={(patch) => setItem(item.stepId, patch)}
                      onMove={(to) => setItems((items) => moveItem(items, index, to))}
                      onRemove={() => setItems((items) => items.filter((candidate) => candidate.stepId !== item.stepId))}
                    />
                  ))}
                </ol>
              )}
              <div>
                <Button onClick={addEmail}>
                  <PlusIcon /> Add email
                </Button>
              </div>
            </section>

            <section aria-labelledby="drip-stops" className="flex flex-col gap-3">
              <h2 id="drip-stops" className="text-sm font-semibold text-slate-900">
                When contacts stop
              </h2>
              <label className="flex items-center gap-2 text-sm text-slate-700">
                <input type="checkbox" checked disabled aria-describedby="drip-unsubscribe-hint" />
                Stops when the contact unsubscribes
              </label>
              <p id="drip-unsubscribe-hint" className="-mt-2 ml-6 text-xs text-slate-500">
                Always on for sequences. Removing a contact by hand stops it too.
              </p>
              <label className="flex items-center gap-2 text-sm text-slate-700">
                <input
                  type="checkbox"
                  checked={draft.goal !== null}
                  onChange={(event) => {
                    const on = event.target.checked
                    setGoal(() => (on ? starterRules(choices.descriptors) : null))
                  }}
                />
                Stops when the contact reaches a goal
              </label>
              {draft.goal ? (
                <div className="ml-6">
                  <RuleBuilder
                    rules={draft.goal}
                    onChange={(change) => setGoal((goal) => change(goal ?? starterRules(choices.descriptors)))}
                    issues={goalIssues}
                    {...choices}
                  />
                </div>
              ) : null}
            </section>
          </div>
        )}
      </div>
    </div>
  )
}

function DripItemRow({
  item,
  index,
  count,
  templates,
  issue,
  onChange,
  onMove,
  onRemove,
}: {
  item: DripItem
  index: number
  count: number
  templates: readonly { value: string; label: string }[]
  issue: string | undefined
  onChange: (patch: Partial<DripItem>) => void
  onMove: (to: number) => void
  onRemove: () => void
}) {
  const delay = splitDelay(item.delayMinutes)
  const number = index + 1
  const known = item.templateId === '' || templates.some((template) => template.value === item.templateId)
  return (
    <li
      aria-label={`Email ${number}`}
      className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white px-4 py-3"
      onKeyDown={(event) => {
        // Alt+↑/↓ move the email, like reordering lines in an editor.
        if (!event.altKey) return
        if (event.key === 'ArrowUp' && index > 0) onMove(index - 1)
        else if (event.key === 'ArrowDown' && index < count - 1) onMove(index + 1)
        else return
        event.preventDefault()
      }}
    >
      <div className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
        <span className="font-medium text-slate-900">Email {number}</span>
        <span className="text-slate-400">·</span>
        <span>Wait</span>
        <input
          type="number"
          aria-label={`Delay before email ${number}`}
          min={0}
          className={`${inlineClass} w-20`}
          value={delay.amount}
          onChange={(event) => onChange({ delayMinutes: joinDelay(Number(event.target.value) || 0, delay.unit) })}
        />
        <select
          aria-label={`Delay unit of email ${number}`}
          className={`${inlineClass} pr-7`}
          value={delay.unit}
          onChange={(event) => onChange({ delayMinutes: joinDelay(delay.amount, event.target.value as DelayUnit) })}
        >
          {DELAY_UNITS.map((unit) => (
            <option key={unit.value} value={unit.value}>
              {unit.label}
            </option>
          ))}
        </select>
        <span>{index === 0 ? 'after the contact joins' : 'after the previous email'}</span>
        <div className="ml-auto flex items-center gap-1">
          <Button size="sm" variant="ghost" aria-label={`Move email ${number} up`} disabled={index === 0} onClick={() => onMove(index - 1)}>
            ↑
          </Button>
          <Button size="sm" variant="ghost" aria-label={`Move email ${number} down`} disabled={index === count - 1} onClick={() => onMove(index + 1)}>
            ↓
          </Button>
          <Button size="sm" variant="danger-ghost" aria-label={`Remove email ${number}`} onClick={onRemove}>
            Remove
          </Button>
        </div>
      </div>
      <div className="grid gap-2 sm:grid-cols-2">
        <select
          aria-label={`Template of email ${number}`}
          aria-invalid={issue !== undefined && item.templateId === ''}
          className={selectClass}
          value={item.templateId}
          onChange={(event) => onChange({ templateId: event.target.value })}
        >
          <option value="">Choose a template…</option>
          {!known ? <option value={item.templateId}>Deleted template</option> : null}
          {templates.map((template) => (
            <option key={template.value} value={template.value}>
              {template.label}
            </option>
          ))}
        </select>
        <input
          aria-label={`Subject of email ${number}`}
          className={inputClass}
          placeholder="Subject (the template’s unless filled in)"
          maxLength={250}
          value={item.subject}
          onChange={(event) => onChange({ subject: event.target.value })}
        />
      </div>
      {issue ? (
        <p role="alert" className="text-xs text-red-600">
          {issue}
        </p>
      ) : null}
    </li>
  )
}
