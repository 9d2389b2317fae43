import { useId, useMemo, useState, type ReactNode } from 'react'
import type { AbTest, AbTestVariant, Campaign, Template } from '@core/schema'
import { AB_TEST_LIMITS } from '@core/schema/campaigns'
import { abTestShares, validateAbTest, type AbTestIssue } from '@core/campaigns/abTest'
import { formatWait } from '@core/campaigns/campaignReadiness'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { useData } from '../../data/dataContext'
import { Button } from '../../ui/Button'
import { inputClass } from '../../ui/Field'
import { SegmentedControl } from '../../ui/SegmentedControl'
import { newAbTest, saveAbTest, withAddedVariant } from './abTestWrites'

export interface AbTestSectionProps {
  campaign: Pick<Campaign, 'id' | 'status' | 'templateId' | 'abTest'>
  templates: readonly Template[]
  /** Contacts that will be mailed; null while counting. */
  audienceCount: number | null
  locked: boolean
}

const count = new Intl.NumberFormat('en-US')
const WAIT_UNITS = [
  { id: 'minutes', label: 'minutes', minutes: 1 },
  { id: 'hours', label: 'hours', minutes: 60 },
  { id: 'days', label: 'days', minutes: 1_440 },
] as const
type WaitUnit = (typeof WAIT_UNITS)[number]['id']

/**
 * The campaign editor's A/B test: 2–4 variants of subject, sender name or template, the share of
 * the audience that gets the test, what picks the winner and when. Saved as it is edited.
 */
export function AbTestSection({ campaign, templates, audienceCount, locked }: AbTestSectionProps) {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const abTest = campaign.abTest
  const campaignTemplate = templates.find((template) => template.id === campaign.templateId) ?? null

  const save = async (next: AbTest | null) => {
    const result = await saveAbTest(db, campaign.id, next)
    if (!result.ok) dispatch(toastShown({ message: result.error, tone: 'error' }))
  }
  const issues = useMemo(
    () =>
      abTest === undefined
        ? []
        : validateAbTest(abTest, {
            campaignTemplate,
            templateById: (id) => templates.find((template) => template.id === id) ?? null,
          }),
    [abTest, campaignTemplate, templates],
  )

  return (
    <section aria-labelledby="ab-test-title" className="rounded-lg border border-slate-200 bg-white">
      <div className="flex items-start justify-between gap-4 px-4 py-3">
        <div className="min-w-0">
          <h2 id="ab-test-title" className="text-sm font-semibold text-slate-900">
            A/B test
          </h2>
          <p className="text-xs text-slate-500">Send 2–4 versions to part of the audience first; the best one goes to everyone else.</p>
        </div>
        <Switch label="A/B test" checked={abTest !== undefined} disabled={locked} onChange={(on) => void save(on ? newAbTest() : null)} />
      </div>
      {abTest !== undefined ? (
        <fieldset disabled={locked} className="flex min-w-0 flex-col gap-5 border-t border-slate-100 px-4 py-4">
          <VariantsEditor abTest={abTest} templates={templates} campaignTemplate={campaignTemplate} issues={issues} onChange={(next) => void save(next)} />
          <div className="grid gap-5 lg:grid-cols-3">
            <TestShareField abTest={abTest} audienceCount={audienceCount} onChange={(testPercent) => void save({ ...abTest, testPercent })} />
            <MetricField abTest={abTest} onChange={(metric) => void save({ ...abTest, metric })} />
            <WaitField key={abTest.waitMinutes} abTest={abTest} onChange={(waitMinutes) => void save({ ...abTest, waitMinutes })} />
          </div>
          <TestProblems issues={issues.filter((issue) => issue.variantId === '')} />
        </fieldset>
      ) : null}
    </section>
  )
}

function Switch({ label, checked, disabled, onChange }: { label: string; checked: boolean; disabled: boolean; onChange: (checked: boolean) => void }) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      disabled={disabled}
      onClick={() => onChange(!checked)}
      className={`relative inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors focus-visible:ring-2 focus-visible:ring-accent-300 focus-visible:outline-none disabled:cursor-not-allowed disabled:opacity-60 ${checked ? 'bg-accent-600' : 'bg-slate-300'}`}
    >
      <span aria-hidden className={`inline-block h-4 w-4 rounded-full bg-white shadow transition-transform ${checked ? 'translate-x-4.5' : 'translate-x-0.5'}`} />
    </button>
  )
}

interface VariantsEditorProps {
  abTest: AbTest
  templates: readonly Template[]
  campaignTemplate: Template | null
  issues: readonly AbTestIssue[]
  onChange: (abTest: AbTest) => void
}

function VariantsEditor({ abTest, templates, campaignTemplate, issues, onChange }: VariantsEditorProps) {
  const update = (id: string, fields: Partial<AbTestVariant>) =>
    onChange({ ...abTest, variants: abTest.variants.map((variant) => (variant.id === id ? { ...variant, ...fields } : variant)) })
  const remove = (id: string) => onChange({ ...abTest, variants: abTest.variants.filter((variant) => variant.id !== id) })
  const canRemove = abTest.variants.length > AB_TEST_LIMITS.minVariants
  return (
    <div className="flex flex-col gap-2">
      <div className="flex items-center justify-between gap-3">
        <h3 className="text-xs font-medium text-slate-600">Variants</h3>
        <Button size="sm" disabled={abTest.variants.length >= AB_TEST_LIMITS.variants} onClick={() => onChange(withAddedVariant(abTest))}>
          Add variant
        </Button>
      </div>
      <ul className="flex flex-col gap-2">
        {abTest.variants.map((variant) => {
          const own = variant.templateId === '' ? campaignTemplate : (templates.find((template) => template.id === variant.templateId) ?? null)
          const problems = issues.filter((issue) => issue.variantId === variant.id)
          return (
            <li key={variant.id} aria-label={`Variant ${variant.name}`} className="rounded-md border border-slate-200 bg-slate-50/60 p-3">
              <div className="grid gap-3 md:grid-cols-[7rem_minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_auto] md:items-end">
                <Labelled label="Name">
                  {(id) => <CommitInput id={id} value={variant.name} maxLength={40} onCommit={(name) => update(variant.id, { name })} />}
                </Labelled>
                <Labelled label="Subject">
                  {(id) => (
                    <CommitInput
                      id={id}
                      value={variant.subject}
                      maxLength={250}
                      placeholder={own?.subject ? `Template’s: ${own.subject}` : 'The template’s subject'}
                      onCommit={(subject) => update(variant.id, { subject })}
                    />
                  )}
                </Labelled>
                <Labelled label="Sender name">
                  {(id) => (
                    <CommitInput
                      id={id}
                      value={variant.fromName}
                      maxLength={120}
                      placeholder={own?.fromName ? `Template’s: ${own.fromName}` : 'The template’s'}
                      onCommit={(fromName) => update(variant.id, { fromName })}
                    />
                  )}
                </Labelled>
                <Labelled label="Template">
                  {(id) => (
                    <select id={id} value={variant.templateId} onChange={(event) => update(variant.id, { templateId: event.target.value })} className={inputClass}>
                      <option value="">{campaignTemplate ? `Same as campaign: ${campaignTemplate.name}` : 'Same as campaign'}</option>
                      {templates.map((template) => (
                        <option key={template.id} value={template.id}>
                          {template.name}
                        </option>
                      ))}
                      {variant.templateId !== '' && !templates.some((template) => template.id === variant.templateId) ? <option value={variant.templateId}>Deleted template</option> : null}
                    </select>
                  )}
                </Labelled>
                <Button variant="danger-ghost" size="sm" disabled={!canRemove} aria-label={`Remove variant ${variant.name}`} onClick={() => remove(variant.id)}>
                  Remove
                </Button>
              </div>
              {problems.length > 0 ? (
                <ul className="mt-2 flex flex-col gap-0.5 text-xs text-red-700">
                  {problems.map((problem) => (
                    <li key={problem.message}>{problem.message.replace(/^Variant [^:]+: /, '')}</li>
                  ))}
                </ul>
              ) : null}
            </li>
          )
        })}
      </ul>
      <p className="text-xs text-slate-500">A blank field sends the template’s own subject or sender name.</p>
    </div>
  )
}

function Labelled({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId()
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-600">
        {label}
      </label>
      {children(id)}
    </div>
  )
}

/** A text input that saves when it loses focus or on Enter (one write per edit, not per key); Escape undoes. */
function CommitInput({ id, value, onCommit, maxLength, placeholder }: { id: string; value: string; onCommit: (value: string) => void; maxLength: number; placeholder?: string }) {
  const [draft, setDraft] = useState<string | null>(null)
  const commit = () => {
    if (draft !== null && draft !== value) onCommit(draft)
    setDraft(null)
  }
  return (
    <input
      id={id}
      value={draft ?? value}
      maxLength={maxLength}
      placeholder={placeholder}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit()
        else if (event.key === 'Escape') setDraft(null)
      }}
      className={inputClass}
    />
  )
}

function TestShareField({ abTest, audienceCount, onChange }: { abTest: AbTest; audienceCount: number | null; onChange: (percent: number) => void }) {
  const id = useId()
  // Dragging changes the draft; the value is saved when the slider is let go (one write, not 45).
  const [draft, setDraft] = useState<number | null>(null)
  const percent = draft ?? abTest.testPercent
  const commit = () => {
    if (draft !== null && draft !== abTest.testPercent) onChange(draft)
    setDraft(null)
  }
  const shares = audienceCount === null ? null : abTestShares(audienceCount, percent, abTest.variants.length)
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-600">
        Test share
      </label>
      <div className="flex items-center gap-3">
        <input
          id={id}
          type="range"
          min={AB_TEST_LIMITS.minTestPercent}
          max={AB_TEST_LIMITS.maxTestPercent}
          step={1}
          value={percent}
          aria-valuetext={`${percent}%`}
          onChange={(event) => setDraft(Number(event.target.value))}
          onPointerUp={commit}
          onKeyUp={commit}
          onBlur={commit}
          className="min-w-0 flex-1 accent-accent-600"
        />
        <span className="w-10 text-right text-sm font-medium text-slate-900 tabular-nums">{percent}%</span>
      </div>
      <p className="text-xs text-slate-500" aria-live="polite">
        {shares === null
          ? 'Counting the audience…'
          : `${count.format(shares.test)} ${shares.test === 1 ? 'contact gets' : 'contacts get'} the test, ${count.format(shares.rest)} ${shares.rest === 1 ? 'gets' : 'get'} the winner`}
      </p>
    </div>
  )
}

function MetricField({ abTest, onChange }: { abTest: AbTest; onChange: (metric: AbTest['metric']) => void }) {
  return (
    <div className="flex flex-col gap-1">
      <span className="text-xs font-medium text-slate-600">Winner by</span>
      <div>
        <SegmentedControl
          label="Winner by"
          value={abTest.metric}
          onChange={onChange}
          options={[
            { id: 'clicks', label: 'Unique clicks' },
            { id: 'opens', label: 'Unique opens' },
          ]}
        />
      </div>
      {abTest.metric === 'opens' ? (
        <p className="text-xs text-amber-700">Less reliable: privacy proxies open every email, so opens overstate interest.</p>
      ) : (
        <p className="text-xs text-slate-500">The highest share of people who clicked wins.</p>
      )}
    </div>
  )
}

function splitWait(minutes: number): { amount: number; unit: WaitUnit } {
  if (minutes % 1_440 === 0) return { amount: minutes / 1_440, unit: 'days' }
  if (minutes % 60 === 0) return { amount: minutes / 60, unit: 'hours' }
  return { amount: minutes, unit: 'minutes' }
}

/** Remounted (keyed by the stored wait) when the saved value changes, so the draft never lags behind it. */
function WaitField({ abTest, onChange }: { abTest: AbTest; onChange: (minutes: number) => void }) {
  const id = useId()
  const initial = splitWait(abTest.waitMinutes)
  const [amount, setAmount] = useState(String(initial.amount))
  const [unit, setUnit] = useState<WaitUnit>(initial.unit)
  const [error, setError] = useState('')
  const commit = (nextAmount: string, nextUnit: WaitUnit) => {
    const factor = WAIT_UNITS.find((candidate) => candidate.id === nextUnit)?.minutes ?? 1
    const minutes = Math.round(Number(nextAmount) * factor)
    if (nextAmount.trim() === '' || !Number.isFinite(minutes) || minutes < AB_TEST_LIMITS.minWaitMinutes || minutes > AB_TEST_LIMITS.maxWaitMinutes) {
      setError(`Between ${AB_TEST_LIMITS.minWaitMinutes} minutes and ${AB_TEST_LIMITS.maxWaitMinutes / 1_440} days`)
      return
    }
    setError('')
    if (minutes !== abTest.waitMinutes) onChange(minutes)
  }
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-600">
        Pick the winner after
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          type="number"
          min={1}
          value={amount}
          aria-invalid={error !== ''}
          aria-describedby={`${id}-hint`}
          onChange={(event) => setAmount(event.target.value)}
          onBlur={() => commit(amount, unit)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') commit(amount, unit)
          }}
          className={`${inputClass} w-20`}
        />
        <select
          aria-label="Unit"
          value={unit}
          onChange={(event) => {
            const next = event.target.value as WaitUnit
            setUnit(next)
            commit(amount, next)
          }}
          className={`${inputClass} w-28`}
        >
          {WAIT_UNITS.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <p id={`${id}-hint`} role={error ? 'alert' : undefined} className={`text-xs ${error ? 'text-red-600' : 'text-slate-500'}`}>
        {error || `${formatWait(abTest.waitMinutes)} after the first test email goes out`}
      </p>
    </div>
  )
}

function TestProblems({ issues }: { issues: readonly AbTestIssue[] }) {
  if (issues.length === 0) return null
  return (
    <ul aria-label="A/B test problems" className="flex flex-col gap-1 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {issues.map((issue) => (
        <li key={issue.message}>{issue.message}</li>
      ))}
    </ul>
  )
}
