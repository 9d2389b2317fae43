import { useId, useMemo, useState, type ReactNode } from 'react'
import { SCORING_CONTACT_FIELDS, SCORING_EVENT_LABELS, stageForScore, type ContactScore, type ScoringConfig } from '@core/scoring/score'
import { validateScoringConfig, type ScoringProblem } from '@core/scoring/validateScoring'
import { SCORING_EVENTS, SCORING_FIELD_OPERATORS, type ScoringEvent, type ScoringFieldOperator } from '@core/schema'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { useData } from '../../data/dataContext'
import { useCustomFieldDefinitions } from '../../data/hooks'
import { Button } from '../../ui/Button'
import { inputClass } from '../../ui/Field'
import { ProgressBar } from '../../ui/ProgressBar'
import { saveSettingSingleton } from '../../data/settingSingletons'
import { configFromDraft, draftFromConfig, newEventRule, newFieldRule, sameConfig, type DraftRule, type ScoringDraft } from './scoringDraft'
import { useLifecycleSettings } from './useLifecycleSettings'
import { useScoreService } from './useScoreService'

const OPERATOR_LABELS: Record<ScoringFieldOperator, string> = {
  contains: 'contains',
  equals: 'is',
  notEmpty: 'is not empty',
  isEmpty: 'is empty',
  gte: 'is at least',
  lte: 'is at most',
}

const EVENT_HINTS: Record<ScoringEvent, string> = {
  opened: 'per open, decaying',
  clicked: 'per click, decaying',
  unsubscribed: 'while unsubscribed',
  dealCreated: 'per deal, decaying',
  dealWon: 'per won deal, decaying',
}

// The shared input class is full width; rule rows size each control themselves.
const smallInput = inputClass.replace('w-full', '').trim()

/** Settings → Lead scoring: the rules, the decay and the MQL/SQL thresholds. Every member may edit them. */
export function ScoringSection() {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const { service, snapshot } = useScoreService()
  const { labels } = useLifecycleSettings()
  const definitions = useCustomFieldDefinitions()
  const saved = snapshot.config
  const [draft, setDraft] = useState<ScoringDraft>(() => draftFromConfig(saved))
  const [problems, setProblems] = useState<ScoringProblem[]>([])
  const [saving, setSaving] = useState(false)
  const edited = configFromDraft(draft)
  const dirty = !sameConfig(edited, saved)

  // Rules saved on another device show up here unless this form has unsaved edits (adjusting
  // state while rendering, as React recommends, instead of an effect that renders twice).
  const [shownSaved, setShownSaved] = useState(saved)
  if (saved !== shownSaved) {
    setShownSaved(saved)
    if (sameConfig(edited, shownSaved)) {
      setDraft(draftFromConfig(saved))
      setProblems([])
    }
  }

  const fieldOptions = useMemo(
    () => [
      ...SCORING_CONTACT_FIELDS.map((f) => ({ value: f.field, label: f.label, group: 'Contact' })),
      ...definitions.map((d) => ({ value: `custom.${d.key}`, label: d.label, group: 'Custom fields' })),
    ],
    [definitions],
  )

  // The snapshot changes whenever scores do: recount then (100,000 scores take a few ms).
  const counts = useMemo(() => qualifiedCounts(service.allScores(), snapshot.config), [service, snapshot])

  const update = (id: string, patch: Partial<DraftRule>) => {
    setDraft((current) => ({ ...current, rules: current.rules.map((rule) => (rule.id === id ? { ...rule, ...patch } : rule)) }))
  }
  const remove = (id: string) => setDraft((current) => ({ ...current, rules: current.rules.filter((rule) => rule.id !== id) }))
  const add = (rule: DraftRule) => setDraft((current) => ({ ...current, rules: [...current.rules, rule] }))

  const save = async () => {
    const found = validateScoringConfig(
      edited,
      definitions.map((d) => d.key),
    )
    setProblems(found)
    if (found.length > 0) {
      dispatch(toastShown({ message: found.length === 1 ? 'Fix the problem marked below to save.' : `Fix the ${found.length} problems marked below to save.`, tone: 'error' }))
      return
    }
    setSaving(true)
    try {
      await saveSettingSingleton(db, 'scoring', {
        rules: edited.rules,
        decayDays: edited.decayDays,
        mqlThreshold: edited.mqlThreshold,
        sqlThreshold: edited.sqlThreshold,
      })
      dispatch(toastShown({ message: 'Scoring rules saved; scores are being recalculated' }))
    } catch (error) {
      dispatch(toastShown({ message: `Could not save the scoring rules: ${String(error)}`, tone: 'error' }))
    } finally {
      setSaving(false)
    }
  }

  const problemOf = (input: string, ruleId?: string) => problems.find((p) => p.input === input && p.ruleId === ruleId)?.message
  const fieldRules = draft.rules.filter((rule) => rule.kind === 'field')
  const eventRules = draft.rules.filter((rule) => rule.kind === 'event')
  const progress = snapshot.progress

  return (
    <section aria-labelledby="scoring-heading" className="flex flex-col gap-4">
      <div className="flex items-end justify-between gap-4">
        <div className="min-w-0">
          <h2 id="scoring-heading" className="text-sm font-semibold text-slate-900">
            Lead scoring
          </h2>
          <p className="mt-0.5 text-sm text-slate-600">
            Points for who a contact is and what they do. Behavioural points halve every few days, so old activity fades. Contacts who reach a
            threshold move to {labels.marketingQualified} or {labels.salesQualified}.
          </p>
        </div>
        <div className="flex shrink-0 gap-2">
          <Button
            disabled={!dirty || saving}
            onClick={() => {
              setDraft(draftFromConfig(saved))
              setProblems([])
            }}
          >
            Discard
          </Button>
          <Button variant="primary" disabled={!dirty || saving} onClick={() => void save()}>
            {saving ? 'Saving…' : 'Save rules'}
          </Button>
        </div>
      </div>

      <div className="rounded-lg border border-slate-200 bg-white px-4 py-3" aria-live="polite">
        {progress ? (
          <ProgressBar value={progress.done} max={progress.total} label={progress.reason === 'config' ? 'Recalculating scores' : 'Calculating scores'} />
        ) : (
          <p className="text-sm text-slate-600">
            By score under the saved rules: <span className="font-semibold text-slate-900 tabular-nums">{counts.mql.toLocaleString()}</span>{' '}
            {labels.marketingQualified.toLowerCase()} · <span className="font-semibold text-slate-900 tabular-nums">{counts.sql.toLocaleString()}</span>{' '}
            {labels.salesQualified.toLowerCase()}
          </p>
        )}
      </div>

      <div className="grid grid-cols-3 gap-3">
        <NumberInput
          label="Halve behavioural points every (days)"
          hint="0 keeps them forever"
          value={draft.decayDays}
          error={problemOf('decayDays')}
          onChange={(decayDays) => setDraft((d) => ({ ...d, decayDays }))}
        />
        <NumberInput
          label={`${labels.marketingQualified} (MQL) at`}
          hint="points or more"
          value={draft.mqlThreshold}
          error={problemOf('mqlThreshold')}
          onChange={(mqlThreshold) => setDraft((d) => ({ ...d, mqlThreshold }))}
        />
        <NumberInput
          label={`${labels.salesQualified} (SQL) at`}
          hint="points or more"
          value={draft.sqlThreshold}
          error={problemOf('sqlThreshold')}
          onChange={(sqlThreshold) => setDraft((d) => ({ ...d, sqlThreshold }))}
        />
      </div>

      <RuleGroup
        title="Who they are"
        description="Conditions on contact fields, including custom fields. Points count once while the condition holds."
        addLabel="Add condition"
        onAdd={() => add(newFieldRule())}
        empty="No conditions. Add one, e.g. job title contains “Director”."
      >
        {fieldRules.map((rule) => {
          const needsValue = rule.operator !== 'isEmpty' && rule.operator !== 'notEmpty'
          const known = fieldOptions.some((option) => option.value === rule.field)
          return (
            <RuleRow key={rule.id} rule={rule} problems={problems} onToggle={(enabled) => update(rule.id, { enabled })} onRemove={() => remove(rule.id)} onPoints={(points) => update(rule.id, { points })}>
              <select aria-label="Field" className={`${smallInput} w-40 shrink-0`} value={rule.field ?? ''} onChange={(e) => update(rule.id, { field: e.target.value })} aria-invalid={Boolean(problemOf('field', rule.id))}>
                {!known ? <option value={rule.field ?? ''}>{rule.field || 'Choose a field'}</option> : null}
                <optgroup label="Contact">
                  {fieldOptions
                    .filter((o) => o.group === 'Contact')
                    .map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                </optgroup>
                {definitions.length > 0 ? (
                  <optgroup label="Custom fields">
                    {fieldOptions
                      .filter((o) => o.group === 'Custom fields')
                      .map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.label}
                        </option>
                      ))}
                  </optgroup>
                ) : null}
              </select>
              <select aria-label="Condition" className={`${smallInput} w-32 shrink-0`} value={rule.operator ?? 'contains'} onChange={(e) => update(rule.id, { operator: e.target.value as ScoringFieldOperator })}>
                {SCORING_FIELD_OPERATORS.map((operator) => (
                  <option key={operator} value={operator}>
                    {OPERATOR_LABELS[operator]}
                  </option>
                ))}
              </select>
              {needsValue ? (
                <input
                  aria-label="Value"
                  className={`${smallInput} min-w-0 flex-1`}
                  value={rule.value ?? ''}
                  maxLength={200}
                  placeholder="Value"
                  aria-invalid={Boolean(problemOf('value', rule.id))}
                  onChange={(e) => update(rule.id, { value: e.target.value })}
                />
              ) : (
                <span className="flex-1" />
              )}
            </RuleRow>
          )
        })}
      </RuleGroup>

      <RuleGroup
        title="What they do"
        description="Points per email opened or clicked (machine opens and clicks are left out), per deal, or while unsubscribed."
        addLabel="Add event rule"
        onAdd={() => add(newEventRule())}
        empty="No event rules. Add one, e.g. +5 per click."
      >
        {eventRules.map((rule) => (
          <RuleRow key={rule.id} rule={rule} problems={problems} onToggle={(enabled) => update(rule.id, { enabled })} onRemove={() => remove(rule.id)} onPoints={(points) => update(rule.id, { points })}>
            <select aria-label="Event" className={`${smallInput} w-48 shrink-0`} value={rule.event ?? ''} onChange={(e) => update(rule.id, { event: e.target.value as ScoringEvent })}>
              {SCORING_EVENTS.map((event) => (
                <option key={event} value={event}>
                  {SCORING_EVENT_LABELS[event]}
                </option>
              ))}
            </select>
            <span className="min-w-0 flex-1 truncate text-xs text-slate-500">{rule.event ? EVENT_HINTS[rule.event] : ''}</span>
          </RuleRow>
        ))}
      </RuleGroup>
      {problemOf('rules') ? (
        <p role="alert" className="text-xs text-red-600">
          {problemOf('rules')}
        </p>
      ) : null}
    </section>
  )
}

function qualifiedCounts(scores: Iterable<ContactScore>, config: ScoringConfig): { mql: number; sql: number } {
  let mql = 0
  let sql = 0
  for (const score of scores) {
    const stage = stageForScore(score.total, config)
    if (stage === 'salesQualified') sql++
    else if (stage === 'marketingQualified') mql++
  }
  return { mql, sql }
}

function NumberInput({ label, hint, value, error, onChange }: { label: string; hint: string; value: string; error: string | undefined; onChange: (value: string) => void }) {
  const id = useId()
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <label htmlFor={id} className="truncate text-xs font-medium text-slate-600" title={label}>
        {label}
      </label>
      <input
        id={id}
        inputMode="numeric"
        className={`${inputClass} tabular-nums`}
        value={value}
        aria-invalid={Boolean(error)}
        aria-describedby={`${id}-message`}
        onChange={(e) => onChange(e.target.value)}
      />
      {error ? (
        <span id={`${id}-message`} role="alert" className="text-xs text-red-600">
          {error}
        </span>
      ) : (
        <span id={`${id}-message`} className="text-xs text-slate-500">
          {hint}
        </span>
      )}
    </div>
  )
}

function RuleGroup({ title, description, addLabel, onAdd, empty, children }: { title: string; description: string; addLabel: string; onAdd: () => void; empty: string; children: ReactNode[] }) {
  return (
    <div role="group" aria-label={title} className="rounded-lg border border-slate-200 bg-white">
      <div className="flex items-center justify-between gap-3 border-b border-slate-100 px-4 py-2.5">
        <div className="min-w-0">
          <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
          <p className="truncate text-xs text-slate-500" title={description}>
            {description}
          </p>
        </div>
        <Button size="sm" onClick={onAdd}>
          {addLabel}
        </Button>
      </div>
      {children.length === 0 ? <p className="px-4 py-4 text-sm text-slate-500">{empty}</p> : <ul className="divide-y divide-slate-100">{children}</ul>}
    </div>
  )
}

function RuleRow({
  rule,
  problems,
  onToggle,
  onRemove,
  onPoints,
  children,
}: {
  rule: DraftRule
  problems: ScoringProblem[]
  onToggle: (enabled: boolean) => void
  onRemove: () => void
  onPoints: (points: string) => void
  children: ReactNode
}) {
  const messages = problems.filter((p) => p.ruleId === rule.id).map((p) => p.message)
  const pointsInvalid = problems.some((p) => p.ruleId === rule.id && p.input === 'points')
  return (
    <li className={`flex flex-col gap-1 px-4 py-2 ${rule.enabled ? '' : 'bg-slate-50/70'}`} aria-label="Scoring rule">
      <div className="flex items-center gap-2">
        <input
          type="checkbox"
          aria-label="Rule in use"
          className="h-4 w-4 shrink-0 accent-accent-600"
          checked={rule.enabled}
          onChange={(e) => onToggle(e.target.checked)}
        />
        <div className={`flex min-w-0 flex-1 items-center gap-2 ${rule.enabled ? '' : 'opacity-60'}`}>{children}</div>
        <input
          aria-label="Points"
          inputMode="numeric"
          className={`${smallInput} w-20 shrink-0 text-right tabular-nums`}
          value={rule.points}
          aria-invalid={pointsInvalid}
          onChange={(e) => onPoints(e.target.value)}
        />
        <span className="w-8 text-xs text-slate-500">pts</span>
        <Button size="sm" variant="danger-ghost" aria-label="Remove rule" onClick={onRemove}>
          Remove
        </Button>
      </div>
      {messages.length > 0 ? (
        <p role="alert" className="pl-6 text-xs text-red-600">
          {messages.join(' ')}
        </p>
      ) : null}
    </li>
  )
}
