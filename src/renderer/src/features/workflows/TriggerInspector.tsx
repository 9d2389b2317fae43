import type { WorkflowTrigger, WorkflowTriggerType } from '@core/schema'
import { WORKFLOW_TRIGGER_TYPES } from '@core/schema'
import { emptySegmentRules } from '@core/segments/evaluateSegment'
import { RuleBuilder } from '../segments/RuleBuilder'
import { starterRules } from '../segments/ruleEdits'
import { CheckboxInput, HourPicker, localTimeZone, NumberInput, PickerField, TextInput, TIME_ZONES } from './InspectorFields'
import type { BuilderChoices, Choice } from './useBuilderChoices'
import { TRIGGER_TYPE_LABELS, WEEKDAY_NAMES } from './workflowDisplay'

const TRIGGER_CHOICES: Choice[] = WORKFLOW_TRIGGER_TYPES.map((type) => ({ value: type, label: TRIGGER_TYPE_LABELS[type] }))
const WEEKDAYS: Choice[] = WEEKDAY_NAMES.map((name, day) => ({ value: String(day), label: name }))
const EVERY: Choice[] = [
  { value: 'day', label: 'Every day' },
  { value: 'week', label: 'Every week' },
  { value: 'month', label: 'Every month' },
]

/** A trigger of `type` with the fields its inspector shows filled with sensible starting values. */
export function defaultTrigger(type: WorkflowTriggerType): WorkflowTrigger {
  switch (type) {
    case 'field_changed':
      return { type, field: '', value: '' }
    case 'tag_added':
      return { type, tag: '' }
    case 'segment_entered':
    case 'segment_left':
      return { type, segmentId: '' }
    case 'stage_changed':
      return { type, stage: '' }
    case 'score_crossed':
      return { type, threshold: 50 }
    case 'email_opened':
    case 'email_clicked':
      return { type, campaignId: '' }
    case 'api_event':
      return { type, eventName: '' }
    case 'date_anniversary':
      return { type, field: '', daysBefore: 0, hour: 9, timeZone: localTimeZone() }
    case 'schedule':
      return { type, every: 'week', hour: 9, weekday: 1, monthDay: 1, timeZone: localTimeZone(), segmentId: '' }
    default:
      return { type }
  }
}

export function TriggerInspector({ trigger, choices, onChange }: { trigger: WorkflowTrigger; choices: BuilderChoices; onChange: (trigger: WorkflowTrigger) => void }) {
  const set = (patch: Partial<WorkflowTrigger>) => onChange({ ...trigger, ...patch })
  return (
    <section aria-label="Trigger settings" className="flex flex-col gap-3">
      <PickerField
        label="Starts when"
        value={trigger.type}
        options={TRIGGER_CHOICES}
        placeholder="Choose a trigger…"
        onChange={(type) => type && onChange({ ...defaultTrigger(type as WorkflowTriggerType), ...(trigger.filter ? { filter: trigger.filter } : {}) })}
      />
      <TriggerFields trigger={trigger} choices={choices} set={set} />
      <CheckboxInput
        label="Only contacts matching conditions"
        checked={trigger.filter !== undefined}
        onChange={(on) => {
          if (on) set({ filter: choices.rules.descriptors.length > 0 ? starterRules(choices.rules.descriptors) : emptySegmentRules() })
          else {
            const { filter: _dropped, ...rest } = trigger
            onChange(rest)
          }
        }}
      />
      {trigger.filter ? (
        <RuleBuilder rules={trigger.filter} onChange={(change) => trigger.filter && set({ filter: change(trigger.filter) })} issues={new Map()} {...choices.rules} />
      ) : null}
    </section>
  )
}

function TriggerFields({ trigger, choices, set }: { trigger: WorkflowTrigger; choices: BuilderChoices; set: (patch: Partial<WorkflowTrigger>) => void }) {
  switch (trigger.type) {
    case 'field_changed':
      return (
        <>
          <PickerField label="Field" value={trigger.field ?? ''} options={choices.fields} placeholder="Choose a field…" onChange={(field) => set({ field })} />
          <TextInput label="Changed to (optional)" value={trigger.value ?? ''} maxLength={500} placeholder="Any value" onChange={(value) => set({ value })} />
        </>
      )
    case 'tag_added':
      return <TextInput label="Tag" value={trigger.tag ?? ''} maxLength={50} suggestions={choices.tags} onChange={(tag) => set({ tag })} />
    case 'segment_entered':
    case 'segment_left':
      return (
        <PickerField
          label="Segment"
          value={trigger.segmentId ?? ''}
          options={[...choices.segments, ...choices.lists]}
          placeholder="Choose a segment…"
          onChange={(segmentId) => set({ segmentId })}
        />
      )
    case 'stage_changed':
      return <PickerField label="To stage" value={trigger.stage ?? ''} options={choices.stages} placeholder="Any stage" onChange={(stage) => set({ stage })} />
    case 'score_crossed':
      return <NumberInput label="Score reaches" value={trigger.threshold ?? 0} min={-100_000} max={100_000} onChange={(threshold) => set({ threshold })} hint="Enrols when the score goes from below to at or above it." />
    case 'email_opened':
    case 'email_clicked':
      return <PickerField label="Campaign" value={trigger.campaignId ?? ''} options={choices.campaigns} placeholder="Any email" onChange={(campaignId) => set({ campaignId })} />
    case 'api_event':
      return (
        <TextInput
          label="Event name"
          value={trigger.eventName ?? ''}
          maxLength={100}
          placeholder="e.g. demo_requested"
          onChange={(eventName) => set({ eventName })}
          hint="Sent by a form or your app to the sync server's API with the contact's email."
        />
      )
    case 'date_anniversary':
      return (
        <>
          <PickerField label="Date field" value={trigger.field ?? ''} options={choices.dateFields} placeholder="Choose a date field…" onChange={(field) => set({ field })} />
          <div className="grid grid-cols-2 gap-2">
            <NumberInput label="Days before" value={trigger.daysBefore ?? 0} min={0} max={365} onChange={(daysBefore) => set({ daysBefore })} />
            <HourPicker label="At" value={trigger.hour ?? 9} onChange={(hour) => set({ hour })} />
          </div>
          <TextInput label="Time zone" value={trigger.timeZone ?? ''} maxLength={64} suggestions={TIME_ZONES} onChange={(timeZone) => set({ timeZone })} />
        </>
      )
    case 'schedule':
      return (
        <>
          <PickerField label="Runs" value={trigger.every ?? 'day'} options={EVERY} placeholder="Choose…" onChange={(every) => every && set({ every: every as 'day' | 'week' | 'month' })} />
          <div className="grid grid-cols-2 gap-2">
            {trigger.every === 'week' ? (
              <PickerField label="On" value={String(trigger.weekday ?? 1)} options={WEEKDAYS} placeholder="Day…" onChange={(day) => set({ weekday: Number(day) })} />
            ) : trigger.every === 'month' ? (
              <NumberInput label="Day of month" value={trigger.monthDay ?? 1} min={1} max={28} onChange={(monthDay) => set({ monthDay })} />
            ) : null}
            <HourPicker label="At" value={trigger.hour ?? 9} onChange={(hour) => set({ hour })} />
          </div>
          <TextInput label="Time zone" value={trigger.timeZone ?? ''} maxLength={64} suggestions={TIME_ZONES} onChange={(timeZone) => set({ timeZone })} />
          <PickerField
            label="For"
            value={trigger.segmentId ?? ''}
            options={[...choices.segments, ...choices.lists]}
            placeholder="Every contact"
            onChange={(segmentId) => set({ segmentId })}
          />
        </>
      )
    case 'manual':
      return <p className="text-xs text-slate-500">Contacts enter from their page, from a segment, or through the API.</p>
    case 'contact_created':
      return <p className="text-xs text-slate-500">Every new contact enters, on any device or by import.</p>
  }
}
