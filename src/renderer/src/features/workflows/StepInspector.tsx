import { useMemo, useState } from 'react'
import type { BranchKind, WaitKind, WorkflowGraph, WorkflowStep } from '@core/schema'
import { emptySegmentRules } from '@core/segments/evaluateSegment'
import { Button } from '../../ui/Button'
import { FieldShell, inputClass } from '../../ui/Field'
import { RuleBuilder } from '../segments/RuleBuilder'
import { starterRules } from '../segments/ruleEdits'
import { reachableFrom } from './graphEdits'
import { HourPicker, localTimeZone, NumberInput, PickerField, TextAreaInput, TextInput, TIME_ZONES } from './InspectorFields'
import type { BuilderChoices, Choice } from './useBuilderChoices'
import { STEP_TYPE_LABELS, stepTitle, WEEKDAY_NAMES, type NameLookup } from './workflowDisplay'

export type StepPatch = Partial<Omit<WorkflowStep, 'id' | 'next' | 'elseNext'>>

const WAIT_KIND_CHOICES: Choice[] = [
  { value: 'duration', label: 'For a time' },
  { value: 'until', label: 'Until a date and time' },
  { value: 'window', label: 'Until a weekday time window' },
]
const BRANCH_KIND_CHOICES: Choice[] = [
  { value: 'clicked', label: 'Clicked an earlier email' },
  { value: 'opened', label: 'Opened an earlier email' },
  { value: 'segment', label: 'Matches conditions' },
]
const UNITS = [
  { value: 'minutes', label: 'minutes', factor: 1 },
  { value: 'hours', label: 'hours', factor: 60 },
  { value: 'days', label: 'days', factor: 60 * 24 },
] as const
type Unit = (typeof UNITS)[number]['value']

/** The fields of the selected step, with pickers for what it refers to. */
export function StepInspector({
  step,
  graph,
  choices,
  names,
  issues,
  onChange,
  onDelete,
}: {
  step: WorkflowStep
  graph: WorkflowGraph
  choices: BuilderChoices
  names: NameLookup
  issues: readonly string[]
  onChange: (patch: StepPatch) => void
  onDelete: () => void
}) {
  return (
    <section aria-label={`${STEP_TYPE_LABELS[step.type]} settings`} className="flex flex-col gap-3">
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-sm font-semibold text-slate-900">{STEP_TYPE_LABELS[step.type]}</h2>
        <Button size="sm" variant="danger-ghost" onClick={onDelete}>
          Delete step
        </Button>
      </div>
      {issues.length > 0 ? (
        <ul className="flex flex-col gap-1 rounded-md bg-red-50 px-3 py-2 text-xs text-red-700">
          {issues.map((issue) => (
            <li key={issue}>{issue}</li>
          ))}
        </ul>
      ) : null}
      <TextInput label="Label (optional)" value={step.label ?? ''} maxLength={120} placeholder={stepTitle({ ...step, label: '' }, names)} onChange={(label) => onChange({ label })} />
      <StepFields step={step} graph={graph} choices={choices} names={names} set={onChange} />
    </section>
  )
}

function StepFields({ step, graph, choices, names, set }: { step: WorkflowStep; graph: WorkflowGraph; choices: BuilderChoices; names: NameLookup; set: (patch: StepPatch) => void }) {
  switch (step.type) {
    case 'send_email':
      return (
        <>
          <PickerField
            label="Template"
            value={step.templateId ?? ''}
            options={choices.templates}
            placeholder="Choose a template…"
            onChange={(templateId) => set({ templateId })}
            hint={choices.templates.length === 0 ? 'Create a template under Templates first.' : undefined}
          />
          <TextInput
            label="Subject (optional)"
            value={step.subject ?? ''}
            maxLength={250}
            placeholder={choices.templateDocs.get(step.templateId ?? '')?.subject || 'The template’s subject'}
            onChange={(subject) => set({ subject })}
          />
        </>
      )
    case 'wait':
      return <WaitFields step={step} set={set} />
    case 'branch':
      return <BranchFields step={step} graph={graph} choices={choices} names={names} set={set} />
    case 'update_field':
      return (
        <>
          <PickerField label="Field" value={step.field ?? ''} options={choices.fields} placeholder="Choose a field…" onChange={(field) => set({ field })} />
          <TextInput label="New value" value={step.value ?? ''} maxLength={500} placeholder="Empty clears the field" onChange={(value) => set({ value })} />
        </>
      )
    case 'add_tag':
    case 'remove_tag':
      return <TextInput label="Tag" value={step.tag ?? ''} maxLength={50} suggestions={choices.tags} onChange={(tag) => set({ tag: tag.trim() === '' ? '' : tag })} />
    case 'add_to_list':
    case 'remove_from_list':
      return (
        <PickerField
          label="Static list"
          value={step.listId ?? ''}
          options={choices.lists}
          placeholder="Choose a list…"
          onChange={(listId) => set({ listId })}
          hint={choices.lists.length === 0 ? 'Create a static list under Segments first.' : undefined}
        />
      )
    case 'set_stage':
      return <PickerField label="Lifecycle stage" value={step.stage ?? ''} options={choices.stages} placeholder="Choose a stage…" onChange={(stage) => set({ stage })} />
    case 'adjust_score':
      return <NumberInput label="Points (negative to take away)" value={step.scoreDelta ?? 0} min={-1_000} max={1_000} onChange={(scoreDelta) => set({ scoreDelta })} />
    case 'create_task':
      return (
        <>
          <MemberPicker value={step.memberId ?? ''} choices={choices} label="Assign to" onChange={(memberId) => set({ memberId })} />
          <TextInput label="Task" value={step.title ?? ''} maxLength={200} placeholder="e.g. Call {{ contact.firstName }}" onChange={(title) => set({ title })} />
          <NumberInput label="Due in (days)" value={step.dueInDays ?? 0} min={0} max={365} onChange={(dueInDays) => set({ dueInDays })} />
        </>
      )
    case 'notify_member':
      return (
        <>
          <MemberPicker value={step.memberId ?? ''} choices={choices} label="Notify" onChange={(memberId) => set({ memberId })} />
          <TextAreaInput label="Message" value={step.message ?? ''} maxLength={5_000} onChange={(message) => set({ message })} />
        </>
      )
    case 'call_webhook':
      return choices.endpoints ? (
        <PickerField label="Endpoint" value={step.endpointId ?? ''} options={choices.endpoints} placeholder="Choose an endpoint…" onChange={(endpointId) => set({ endpointId })} />
      ) : (
        <TextInput
          label="Endpoint id"
          value={step.endpointId ?? ''}
          maxLength={26}
          onChange={(endpointId) => set({ endpointId: endpointId.trim() })}
          hint="Copy it from Settings → Webhooks (endpoints live on the sync server)."
        />
      )
    case 'exit':
      return <p className="text-xs text-slate-500">The contact leaves the workflow here. Nothing after an exit runs.</p>
  }
}

function MemberPicker({ value, choices, label, onChange }: { value: string; choices: BuilderChoices; label: string; onChange: (memberId: string) => void }) {
  return (
    <PickerField
      label={label}
      value={value}
      options={choices.members}
      placeholder="Choose a member…"
      onChange={onChange}
      hint={choices.members.length === 0 ? 'Members appear once this device is signed in to a workspace (Settings → Sync).' : undefined}
    />
  )
}

function unitOf(minutes: number): Unit {
  if (minutes > 0 && minutes % (60 * 24) === 0) return 'days'
  if (minutes > 0 && minutes % 60 === 0) return 'hours'
  return 'minutes'
}

function WaitFields({ step, set }: { step: WorkflowStep; set: (patch: StepPatch) => void }) {
  const kind = step.waitKind ?? 'duration'
  // The unit is what the user chose, not re-derived, so typing 24 hours does not flip to 1 day.
  const [unit, setUnit] = useState<Unit>(() => unitOf(step.waitMinutes ?? 0))
  const factor = UNITS.find((candidate) => candidate.value === unit)?.factor ?? 1
  const minutes = step.waitMinutes ?? 0
  const switchKind = (next: WaitKind) => {
    if (next === 'duration') set({ waitKind: next, waitMinutes: minutes || 60 })
    else if (next === 'until') set({ waitKind: next, waitUntil: step.waitUntil ?? startOfNextHour(Date.now() + 24 * 3_600_000) })
    else set({ waitKind: next, windowDays: step.windowDays ?? [1, 2, 3, 4, 5], windowStartHour: step.windowStartHour ?? 9, windowEndHour: step.windowEndHour ?? 17, timeZone: step.timeZone || localTimeZone() })
  }
  return (
    <>
      <PickerField label="Wait" value={kind} options={WAIT_KIND_CHOICES} placeholder="Choose…" onChange={(value) => value && switchKind(value as WaitKind)} />
      {kind === 'duration' ? (
        <div className="grid grid-cols-[1fr_7rem] items-end gap-2">
          <NumberInput
            key={unit}
            label="Duration"
            value={Math.round(minutes / factor)}
            min={0}
            max={Math.floor(525_600 / factor)}
            onChange={(amount) => set({ waitMinutes: amount * factor })}
          />
          <FieldShell label="Unit">
            {(ids) => (
              <select
                {...ids}
                value={unit}
                onChange={(event) => {
                  const next = event.target.value as Unit
                  const nextFactor = UNITS.find((candidate) => candidate.value === next)?.factor ?? 1
                  setUnit(next)
                  set({ waitMinutes: Math.min(525_600, Math.round(minutes / factor) * nextFactor) })
                }}
                className={`${inputClass} pr-7`}
              >
                {UNITS.map((candidate) => (
                  <option key={candidate.value} value={candidate.value}>
                    {candidate.label}
                  </option>
                ))}
              </select>
            )}
          </FieldShell>
        </div>
      ) : kind === 'until' ? (
        <FieldShell label="Until" hint="In this device's time zone.">
          {(ids) => (
            <input
              {...ids}
              type="datetime-local"
              value={step.waitUntil ? toLocalInput(step.waitUntil) : ''}
              onChange={(event) => {
                const at = new Date(event.target.value).getTime()
                if (Number.isFinite(at)) set({ waitUntil: at })
              }}
              className={inputClass}
            />
          )}
        </FieldShell>
      ) : (
        <>
          <fieldset className="flex flex-col gap-1">
            <legend className="text-xs font-medium text-slate-600">Days</legend>
            <div className="flex flex-wrap gap-1">
              {WEEKDAY_NAMES.map((name, day) => {
                const on = (step.windowDays ?? []).includes(day)
                return (
                  <button
                    key={name}
                    type="button"
                    aria-pressed={on}
                    aria-label={name}
                    onClick={() => set({ windowDays: on ? (step.windowDays ?? []).filter((d) => d !== day) : [...(step.windowDays ?? []), day].sort() })}
                    className={`h-7 w-9 rounded-md text-xs font-medium ring-1 ring-inset ${on ? 'bg-accent-600 text-white ring-accent-600' : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50'}`}
                  >
                    {name.slice(0, 2)}
                  </button>
                )
              })}
            </div>
          </fieldset>
          <div className="grid grid-cols-2 gap-2">
            <HourPicker label="From" value={step.windowStartHour ?? 9} onChange={(windowStartHour) => set({ windowStartHour })} />
            <HourPicker label="To" value={step.windowEndHour ?? 17} max={24} onChange={(windowEndHour) => set({ windowEndHour })} />
          </div>
          <TextInput label="Time zone" value={step.timeZone ?? ''} maxLength={64} suggestions={TIME_ZONES} onChange={(timeZone) => set({ timeZone })} />
        </>
      )}
    </>
  )
}

function BranchFields({ step, graph, choices, names, set }: { step: WorkflowStep; graph: WorkflowGraph; choices: BuilderChoices; names: NameLookup; set: (patch: StepPatch) => void }) {
  const kind = step.branchKind ?? 'segment'
  // Only emails a contact has passed before reaching this branch can have been opened or clicked.
  const earlierEmails = useMemo(
    () =>
      graph.steps
        .filter((candidate) => candidate.type === 'send_email' && candidate.id !== step.id && reachableFrom(graph, candidate.next).has(step.id))
        .map((candidate) => ({ value: candidate.id, label: stepTitle(candidate, names) })),
    [graph, step.id, names],
  )
  return (
    <>
      <PickerField
        label="If the contact"
        value={kind}
        options={BRANCH_KIND_CHOICES}
        placeholder="Choose…"
        onChange={(value) => {
          const next = value as BranchKind
          if (next === 'segment') set({ branchKind: next, condition: step.condition ?? (choices.rules.descriptors.length > 0 ? starterRules(choices.rules.descriptors) : emptySegmentRules()) })
          else if (value) set({ branchKind: next })
        }}
      />
      {kind === 'segment' ? (
        <RuleBuilder
          rules={step.condition ?? emptySegmentRules()}
          onChange={(change) => set({ condition: change(step.condition ?? emptySegmentRules()) })}
          issues={new Map()}
          {...choices.rules}
        />
      ) : (
        <PickerField
          label="Email step"
          value={step.emailStepId ?? ''}
          options={earlierEmails}
          placeholder="Choose an earlier email…"
          onChange={(emailStepId) => set({ emailStepId })}
          hint={earlierEmails.length === 0 ? 'Add a Send email step before this branch.' : undefined}
        />
      )}
      <p className="text-xs text-slate-500">Yes goes down the left arm, No down the right.</p>
    </>
  )
}

function startOfNextHour(at: number): number {
  return Math.ceil(at / 3_600_000) * 3_600_000
}

function toLocalInput(at: number): string {
  const date = new Date(at)
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}
