import { useState } from 'react'
import { validateLifecycleStages, type LifecycleSettings } from '@core/lifecycle/lifecycleSettings'
import { LIFECYCLE_STAGE_LABELS, type LifecycleAutomation } from '@core/schema'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { useData } from '../../data/dataContext'
import { Button } from '../../ui/Button'
import { inputClass } from '../../ui/Field'
import { stageDotClass } from '../contacts/LifecycleStagePill'
import { saveSettingSingleton } from '../../data/settingSingletons'
import { useLifecycleSettings } from './useLifecycleSettings'

const AUTOMATION_OPTIONS: { key: keyof LifecycleAutomation; label: string; detail: string }[] = [
  { key: 'scoreMoves', label: 'Move contacts by score', detail: 'Reaching the MQL or SQL threshold (Lead scoring below) moves a contact up. Never down, never over a stage set by hand.' },
  { key: 'dealCreatedMakesOpportunity', label: 'A new deal makes its contact an opportunity', detail: 'When a deal is created for a contact at an earlier stage.' },
  { key: 'dealWonMakesCustomer', label: 'A won deal makes its contact a customer', detail: 'When a deal is marked won.' },
]

function sameSettings(a: LifecycleSettings, b: LifecycleSettings): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** Settings → Lifecycle stages: names, which stages are in use, and the automatic moves. */
export function LifecycleSection() {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const { settings: saved } = useLifecycleSettings()
  const [draft, setDraft] = useState<LifecycleSettings>(saved)
  const [shownSaved, setShownSaved] = useState(saved)
  const [problems, setProblems] = useState<ReturnType<typeof validateLifecycleStages>>({})
  const [saving, setSaving] = useState(false)
  // Saved on another device: shown unless this form has unsaved edits.
  if (saved !== shownSaved) {
    setShownSaved(saved)
    if (sameSettings(draft, shownSaved)) setDraft(saved)
  }
  const dirty = !sameSettings(draft, saved)

  const save = async () => {
    const found = validateLifecycleStages(draft.stages)
    setProblems(found)
    if (Object.keys(found).length > 0) return
    setSaving(true)
    try {
      await saveSettingSingleton(db, 'lifecycle', {
        lifecycleStages: draft.stages.map((entry) => ({ ...entry, label: entry.label.trim() })),
        automation: draft.automation,
      })
      dispatch(toastShown({ message: 'Lifecycle stages saved' }))
    } catch (error) {
      dispatch(toastShown({ message: `Could not save the lifecycle stages: ${String(error)}`, tone: 'error' }))
    } finally {
      setSaving(false)
    }
  }

  return (
    <section aria-labelledby="lifecycle-heading" className="flex flex-col gap-4">
      <div className="flex items-end justify-between gap-4">
        <div className="min-w-0">
          <h2 id="lifecycle-heading" className="text-sm font-semibold text-slate-900">
            Lifecycle stages
          </h2>
          <p className="mt-0.5 text-sm text-slate-600">Where each contact is on the way from subscriber to customer. Rename the stages to your team’s words and hide the ones you skip.</p>
        </div>
        <div className="flex shrink-0 gap-2">
          <Button
            disabled={!dirty || saving}
            onClick={() => {
              setDraft(saved)
              setProblems({})
            }}
          >
            Discard
          </Button>
          <Button variant="primary" disabled={!dirty || saving} onClick={() => void save()}>
            {saving ? 'Saving…' : 'Save stages'}
          </Button>
        </div>
      </div>

      <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
        <table className="w-full table-fixed text-sm">
          <thead className="bg-slate-50 text-left text-[11px] font-semibold tracking-wide text-slate-500 uppercase">
            <tr>
              <th scope="col" className="w-20 px-4 py-2">
                In use
              </th>
              <th scope="col" className="w-[30%] px-4 py-2">
                Stage
              </th>
              <th scope="col" className="px-4 py-2">
                Name shown
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {draft.stages.map((entry, index) => {
              const problem = problems[entry.stage]
              return (
                <tr key={entry.stage} className={entry.enabled ? '' : 'bg-slate-50/70'}>
                  <td className="px-4 py-1.5">
                    <input
                      type="checkbox"
                      className="h-4 w-4 accent-accent-600"
                      aria-label={`${LIFECYCLE_STAGE_LABELS[entry.stage]} in use`}
                      checked={entry.enabled}
                      onChange={(e) => setDraft((d) => ({ ...d, stages: d.stages.map((s, i) => (i === index ? { ...s, enabled: e.target.checked } : s)) }))}
                    />
                  </td>
                  <td className="px-4 py-1.5 text-slate-600">
                    <span className="inline-flex items-center gap-2">
                      <span aria-hidden className={`h-2 w-2 rounded-full ${stageDotClass(entry.stage)}`} />
                      {LIFECYCLE_STAGE_LABELS[entry.stage]}
                    </span>
                  </td>
                  <td className="px-4 py-1.5">
                    <input
                      aria-label={`Name of ${LIFECYCLE_STAGE_LABELS[entry.stage]}`}
                      className={inputClass}
                      value={entry.label}
                      maxLength={40}
                      aria-invalid={Boolean(problem)}
                      onChange={(e) => setDraft((d) => ({ ...d, stages: d.stages.map((s, i) => (i === index ? { ...s, label: e.target.value } : s)) }))}
                    />
                    {problem ? (
                      <p role="alert" className="mt-1 text-xs text-red-600">
                        {problem}
                      </p>
                    ) : null}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>

      <fieldset className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white px-4 py-3">
        <legend className="px-1 text-sm font-semibold text-slate-900">Automatic moves</legend>
        {AUTOMATION_OPTIONS.map((option) => (
          <label key={option.key} className="flex items-start gap-2.5">
            <input
              type="checkbox"
              className="mt-0.5 h-4 w-4 shrink-0 accent-accent-600"
              checked={draft.automation[option.key]}
              onChange={(e) => setDraft((d) => ({ ...d, automation: { ...d.automation, [option.key]: e.target.checked } }))}
            />
            <span className="min-w-0">
              <span className="block text-sm text-slate-900">{option.label}</span>
              <span className="block text-xs text-slate-500">{option.detail}</span>
            </span>
          </label>
        ))}
      </fieldset>
    </section>
  )
}
