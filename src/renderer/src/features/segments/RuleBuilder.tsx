import { Fragment, useMemo } from 'react'
import { PlusIcon } from '../../ui/icons'
import type { SegmentCondition, SegmentGroup, SegmentMatch, SegmentOperator, SegmentRules } from '@core/schema'
import { SEGMENT_LIMITS } from '@core/schema'
import { operatorLabel, operatorValueKind, type SegmentFieldDescriptor } from '@core/segments/segmentFields'
import { Button } from '../../ui/Button'
import { inputClass } from '../../ui/Field'
import { MultiValueInput } from './MultiValueInput'
import {
  addCondition,
  addGroup,
  groupDescriptors,
  removeCondition,
  removeGroup,
  setConditionField,
  setConditionOperator,
  setConditionValues,
  setGroupMatch,
  setRulesMatch,
} from './ruleEdits'

export interface RuleChoices {
  descriptors: readonly SegmentFieldDescriptor[]
  campaigns: readonly { value: string; label: string }[]
  lists: readonly { value: string; label: string }[]
  tags: readonly string[]
}

export interface RuleBuilderProps extends RuleChoices {
  rules: SegmentRules
  onChange: (change: (rules: SegmentRules) => SegmentRules) => void
  /** Messages by condition id. */
  issues: ReadonlyMap<string, string>
}

const selectClass = `${inputClass} pr-7`
// The same look without the full width, for controls that sit inside a sentence.
const inlineClass = inputClass.replace('w-full ', '')

/** Groups of conditions: AND/OR between the groups and inside each one. */
export function RuleBuilder({ rules, onChange, issues, ...choices }: RuleBuilderProps) {
  const byField = useMemo(() => new Map(choices.descriptors.map((descriptor) => [descriptor.field, descriptor])), [choices.descriptors])
  const joiner = rules.match === 'all' ? 'and' : 'or'

  if (rules.groups.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 px-4 py-8 text-center">
        <p className="text-sm font-medium text-slate-800">No conditions yet: this segment matches nobody.</p>
        <p className="mt-1 text-sm text-slate-500">Add a condition to narrow it down, for example “Tags has any of newsletter”.</p>
        <Button variant="primary" className="mt-4" onClick={() => onChange((current) => addGroup(current, choices.descriptors))}>
          Add condition
        </Button>
      </div>
    )
  }

  return (
    <div className="flex flex-col gap-0">
      {rules.groups.length > 1 ? (
        <div className="mb-3 flex items-center gap-2 text-sm text-slate-700">
          <span>Contacts who match</span>
          <MatchSelect label="Match between groups" value={rules.match} onChange={(match) => onChange((current) => setRulesMatch(current, match))} />
          <span>of these groups</span>
        </div>
      ) : null}
      {rules.groups.map((group, index) => (
        <Fragment key={group.id}>
          {index > 0 ? (
            <div className="flex items-center gap-2 py-1.5 pl-4" aria-hidden>
              <span className="h-4 w-px bg-slate-300" />
              <span className="rounded-full bg-slate-100 px-2 py-0.5 text-[11px] font-semibold tracking-wide text-slate-600 uppercase">{joiner}</span>
            </div>
          ) : null}
          <GroupCard
            group={group}
            index={index}
            showRemove={rules.groups.length > 1}
            onChange={onChange}
            issues={issues}
            byField={byField}
            choices={choices}
          />
        </Fragment>
      ))}
      <div className="mt-3">
        <Button size="sm" onClick={() => onChange((current) => addGroup(current, choices.descriptors))} disabled={rules.groups.length >= SEGMENT_LIMITS.groups}>
          <PlusIcon />
          Add group
        </Button>
      </div>
    </div>
  )
}

function GroupCard({
  group,
  index,
  showRemove,
  onChange,
  issues,
  byField,
  choices,
}: {
  group: SegmentGroup
  index: number
  showRemove: boolean
  onChange: RuleBuilderProps['onChange']
  issues: ReadonlyMap<string, string>
  byField: ReadonlyMap<string, SegmentFieldDescriptor>
  choices: RuleChoices
}) {
  const label = `Group ${index + 1}`
  return (
    <section aria-label={label} className="rounded-lg border border-slate-200 bg-white shadow-xs">
      <header className="flex items-center gap-2 border-b border-slate-100 px-3 py-2 text-sm text-slate-700">
        {group.conditions.length > 1 ? (
          <>
            <span>Match</span>
            <MatchSelect label={`${label} match`} value={group.match} onChange={(match) => onChange((rules) => setGroupMatch(rules, group.id, match))} />
            <span>of these conditions</span>
          </>
        ) : (
          <span className="text-slate-500">{label}</span>
        )}
        {showRemove ? (
          <Button size="sm" variant="danger-ghost" className="ml-auto" onClick={() => onChange((rules) => removeGroup(rules, group.id))}>
            Remove group
          </Button>
        ) : null}
      </header>
      <ol className="flex flex-col gap-2 px-3 py-3">
        {group.conditions.map((condition, position) => (
          <li key={condition.id} className="flex flex-col gap-1">
            {position > 0 ? (
              <span className="text-[11px] font-semibold tracking-wide text-slate-500 uppercase">{group.match === 'all' ? 'and' : 'or'}</span>
            ) : null}
            <ConditionRow
              condition={condition}
              descriptor={byField.get(condition.field)}
              issue={issues.get(condition.id)}
              choices={choices}
              onChange={(change) => onChange((rules) => change(rules, group.id))}
              onRemove={() => onChange((rules) => removeCondition(rules, group.id, condition.id))}
            />
          </li>
        ))}
      </ol>
      <div className="px-3 pb-3">
        <Button
          size="sm"
          variant="ghost"
          className="text-accent-700"
          onClick={() => onChange((rules) => addCondition(rules, group.id, choices.descriptors))}
          disabled={group.conditions.length >= SEGMENT_LIMITS.conditions}
        >
          <PlusIcon />
          Add condition
        </Button>
      </div>
    </section>
  )
}

function MatchSelect({ label, value, onChange }: { label: string; value: SegmentMatch; onChange: (match: SegmentMatch) => void }) {
  return (
    <select aria-label={label} value={value} onChange={(event) => onChange(event.target.value as SegmentMatch)} className={`${inlineClass} h-7 w-auto pr-7 py-0`}>
      <option value="all">all (AND)</option>
      <option value="any">any (OR)</option>
    </select>
  )
}

type GroupChange = (rules: SegmentRules, groupId: string) => SegmentRules

function ConditionRow({
  condition,
  descriptor,
  issue,
  choices,
  onChange,
  onRemove,
}: {
  condition: SegmentCondition
  descriptor: SegmentFieldDescriptor | undefined
  issue: string | undefined
  choices: RuleChoices
  onChange: (change: GroupChange) => void
  onRemove: () => void
}) {
  const groups = useMemo(() => groupDescriptors(choices.descriptors), [choices.descriptors])
  const operators = descriptor?.operators ?? [condition.operator]
  const setValues = (values: Partial<Pick<SegmentCondition, 'value' | 'value2' | 'values'>>) =>
    onChange((rules, groupId) => setConditionValues(rules, groupId, condition.id, values))
  return (
    <div role="group" aria-label="Condition" className="flex flex-col gap-1">
      <div className="grid grid-cols-[minmax(9rem,13rem)_minmax(8rem,12rem)_minmax(0,1fr)_2rem] items-start gap-2">
        <select
          aria-label="Field"
          value={condition.field}
          onChange={(event) => {
            const next = choices.descriptors.find((candidate) => candidate.field === event.target.value)
            if (next) onChange((rules, groupId) => setConditionField(rules, groupId, condition.id, next))
          }}
          className={selectClass}
        >
          {descriptor ? null : <option value={condition.field}>Unknown field ({condition.field})</option>}
          {groups.map(({ group, fields }) => (
            <optgroup key={group} label={group}>
              {fields.map((field) => (
                <option key={field.field} value={field.field}>
                  {field.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <select
          aria-label="Operator"
          value={condition.operator}
          onChange={(event) => {
            const operator = event.target.value as SegmentOperator
            const same = operatorValueKind(operator) === operatorValueKind(condition.operator)
            onChange((rules, groupId) => setConditionOperator(rules, groupId, condition.id, operator, same))
          }}
          className={selectClass}
        >
          {operators.map((operator) => (
            <option key={operator} value={operator}>
              {operatorLabel(operator)}
            </option>
          ))}
        </select>
        <div className="min-w-0">
          <ConditionValue condition={condition} descriptor={descriptor} choices={choices} invalid={Boolean(issue)} onValues={setValues} />
        </div>
        <button
          type="button"
          aria-label="Remove condition"
          title="Remove condition"
          onClick={onRemove}
          className="grid h-8 w-8 place-items-center rounded-md text-slate-400 hover:bg-red-50 hover:text-red-600 focus-visible:outline-2 focus-visible:outline-accent-500"
        >
          <svg aria-hidden viewBox="0 0 16 16" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="1.75">
            <path d="m4 4 8 8M12 4l-8 8" strokeLinecap="round" />
          </svg>
        </button>
      </div>
      {issue ? (
        <p role="alert" className="text-xs text-red-600">
          {issue}
        </p>
      ) : null}
    </div>
  )
}

function ConditionValue({
  condition,
  descriptor,
  choices,
  invalid,
  onValues,
}: {
  condition: SegmentCondition
  descriptor: SegmentFieldDescriptor | undefined
  choices: RuleChoices
  invalid: boolean
  onValues: (values: Partial<Pick<SegmentCondition, 'value' | 'value2' | 'values'>>) => void
}) {
  const kind = operatorValueKind(condition.operator)
  const type = descriptor?.type ?? 'text'
  if (kind === 'none') return null

  if (kind === 'engagement') {
    return (
      <div className="flex items-center gap-2">
        <select aria-label="Campaign" value={condition.value} onChange={(event) => onValues({ value: event.target.value })} className={`${inlineClass} min-w-0 flex-1 pr-7`}>
          <option value="">any campaign</option>
          {choices.campaigns.map((campaign) => (
            <option key={campaign.value} value={campaign.value}>
              {campaign.label}
            </option>
          ))}
        </select>
        <span className="shrink-0 text-sm text-slate-600">in the last</span>
        <input
          aria-label="Days"
          type="number"
          min={1}
          inputMode="numeric"
          placeholder="any"
          value={condition.value2}
          aria-invalid={invalid}
          onChange={(event) => onValues({ value2: event.target.value })}
          className={`${inlineClass} w-16 shrink-0`}
        />
        <span className="shrink-0 text-sm text-slate-600">days</span>
      </div>
    )
  }

  if (kind === 'list') {
    const options = type === 'lists' ? choices.lists : type === 'stage' || type === 'select' ? descriptor?.options : undefined
    return (
      <MultiValueInput
        label="Values"
        values={condition.values}
        onChange={(values) => onValues({ values })}
        {...(options ? { options } : {})}
        suggestions={type === 'tags' && condition.field === 'contact.tags' ? choices.tags : []}
        placeholder={type === 'lists' ? 'Choose a list…' : options ? 'Choose…' : 'Type a value and press Enter'}
        invalid={invalid}
      />
    )
  }

  if (kind === 'range') {
    const inputType = type === 'date' ? 'date' : 'number'
    return (
      <div className="flex items-center gap-2">
        <input
          aria-label="From"
          type={inputType}
          value={condition.value}
          aria-invalid={invalid}
          onChange={(event) => onValues({ value: event.target.value })}
          className={inputClass}
        />
        <span className="text-sm text-slate-500">and</span>
        <input
          aria-label="To"
          type={inputType}
          value={condition.value2}
          aria-invalid={invalid}
          onChange={(event) => onValues({ value2: event.target.value })}
          className={inputClass}
        />
      </div>
    )
  }

  // One value.
  if (condition.operator === 'withinLastDays') {
    return (
      <div className="flex items-center gap-2">
        <input
          aria-label="Days"
          type="number"
          min={1}
          inputMode="numeric"
          value={condition.value}
          aria-invalid={invalid}
          onChange={(event) => onValues({ value: event.target.value })}
          className={`${inlineClass} w-24`}
        />
        <span className="text-sm text-slate-600">days</span>
      </div>
    )
  }
  if ((type === 'stage' || type === 'select') && descriptor?.options) {
    return (
      <select aria-label="Value" value={condition.value} aria-invalid={invalid} onChange={(event) => onValues({ value: event.target.value })} className={selectClass}>
        <option value="">Choose…</option>
        {descriptor.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    )
  }
  return (
    <input
      aria-label="Value"
      type={type === 'date' ? 'date' : type === 'number' ? 'number' : 'text'}
      value={condition.value}
      aria-invalid={invalid}
      placeholder={type === 'text' ? 'Value' : undefined}
      onChange={(event) => onValues({ value: event.target.value })}
      className={inputClass}
    />
  )
}
