import { useRef, useState } from 'react'
import { navigate } from '../../app/router'
import { useData } from '../../data/dataContext'
import { useContactIndexVersion } from '../../data/hooks'
import { Button } from '../../ui/Button'
import { inputClass } from '../../ui/Field'
import { ProgressBar } from '../../ui/ProgressBar'
import { loadDemoData, type DemoLoadResult, type DemoProgress } from './loadDemoData'

const DEFAULT_COUNT = 2_000
const MAX_COUNT = 100_000
const PRESETS = [2_000, 10_000, 100_000]

type State =
  | { status: 'idle' }
  | { status: 'loading'; progress: DemoProgress }
  | { status: 'done'; result: DemoLoadResult; seconds: number }
  | { status: 'failed'; message: string }

/** Settings → Demo data: a realistic, deterministic workspace of any size, with progress and cancel. */
export function DemoDataPanel() {
  const { db, contacts } = useData()
  useContactIndexVersion(contacts)
  const [countText, setCountText] = useState(String(DEFAULT_COUNT))
  const [state, setState] = useState<State>({ status: 'idle' })
  const abort = useRef<AbortController | null>(null)
  const count = Number(countText.replace(/[,\s_]/g, ''))
  const countError = Number.isInteger(count) && count >= 1 && count <= MAX_COUNT ? null : `Enter a whole number from 1 to ${MAX_COUNT.toLocaleString()}`

  const start = async () => {
    if (countError) return
    const controller = new AbortController()
    abort.current = controller
    const started = performance.now()
    setState({ status: 'loading', progress: { phase: 'companies', contactsInserted: 0, contactsTotal: count } })
    try {
      const result = await loadDemoData(db, count, (progress) => setState({ status: 'loading', progress }), controller.signal)
      setState({ status: 'done', result, seconds: (performance.now() - started) / 1000 })
    } catch (error) {
      setState({ status: 'failed', message: error instanceof Error ? error.message : String(error) })
    } finally {
      abort.current = null
    }
  }

  const loading = state.status === 'loading'
  return (
    <section aria-labelledby="demo-data-heading" className="flex flex-col gap-3">
      <div>
        <h2 id="demo-data-heading" className="text-sm font-semibold text-slate-900">
          Demo data
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Generate a realistic workspace — companies, contacts with tags, stages and custom fields, deals in the sales pipeline,
          and a timeline of notes, tasks and calls. The same size always gives the same people.
          {contacts.total > 0 ? ` Your ${contacts.total.toLocaleString()} existing contacts are kept; demo records are added alongside.` : ''}
        </p>
      </div>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault()
          void start()
        }}
      >
        <div className="flex flex-col gap-1">
          <label htmlFor="demo-count" className="text-xs font-medium text-slate-600">
            Number of contacts
          </label>
          <input
            id="demo-count"
            inputMode="numeric"
            value={countText}
            disabled={loading}
            aria-invalid={Boolean(countError)}
            aria-describedby={countError ? 'demo-count-error' : undefined}
            onChange={(event) => setCountText(event.target.value)}
            className={`${inputClass} w-36`}
          />
        </div>
        {PRESETS.map((preset) => (
          <Button key={preset} size="sm" disabled={loading} onClick={() => setCountText(String(preset))} className="mb-0.5">
            {preset.toLocaleString()}
          </Button>
        ))}
        <Button type="submit" variant="primary" disabled={loading || Boolean(countError)}>
          Load demo data
        </Button>
        {loading ? <Button onClick={() => abort.current?.abort()}>Cancel</Button> : null}
      </form>
      {countError ? (
        <p id="demo-count-error" role="alert" className="text-xs text-red-600">
          {countError}
        </p>
      ) : null}
      {state.status === 'loading' ? (
        <ProgressBar
          label={state.progress.phase === 'activities' ? 'Adding activities' : 'Adding contacts'}
          value={state.progress.contactsInserted}
          max={state.progress.contactsTotal}
        />
      ) : null}
      {state.status === 'done' ? (
        <p role="status" className="text-sm text-slate-700">
          {state.result.cancelled ? 'Stopped. ' : 'Done. '}
          Added {state.result.contacts.toLocaleString()} contacts, {state.result.companies.toLocaleString()} companies,{' '}
          {state.result.deals.toLocaleString()} deals and {state.result.activities.toLocaleString()} activities in {state.seconds.toFixed(1)} s.{' '}
          <button type="button" className="font-medium text-accent-700 underline" onClick={() => navigate({ name: 'contacts' })}>
            Open contacts
          </button>
        </p>
      ) : null}
      {state.status === 'failed' ? (
        <p role="alert" className="text-sm text-red-700">
          Demo data could not be loaded: {state.message}. Nothing after the last completed batch was saved.
        </p>
      ) : null}
    </section>
  )
}
