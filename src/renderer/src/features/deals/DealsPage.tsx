import { useEffect, useMemo, useState } from 'react'
import { mainCurrency, pipelineTotals } from '@core/deals/forecast'
import { navigate, type DealsView } from '../../app/router'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { useDeals, usePipelines } from '../../data/crmHooks'
import { useData } from '../../data/dataContext'
import { Button } from '../../ui/Button'
import { inputClass } from '../../ui/Field'
import { SegmentedControl } from '../../ui/SegmentedControl'
import { DealFormDialog, type DealDialogState } from './DealFormDialog'
import { formatMoneyCompact } from './dealFormat'
import { DealsBoard } from './DealsBoard'
import { DealsForecast } from './DealsForecast'
import { DealsTable } from './DealsTable'
import { ensureDefaultPipeline } from './dealWrites'
import { useDealLabels } from './useDealLabels'

const VIEW_OPTIONS = [
  { id: 'board', label: 'Board' },
  { id: 'table', label: 'Table' },
  { id: 'forecast', label: 'Forecast' },
] as const

/** Remembered per device: the pipeline someone works in is the one they want back. */
const PIPELINE_KEY = 'outpost.deals.pipeline'

export function DealsPage({ view = 'board' }: { view?: DealsView }) {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const pipelines = usePipelines()
  const deals = useDeals()
  const labels = useDealLabels()
  const [pipelineId, setPipelineId] = useState(() => localStorage.getItem(PIPELINE_KEY) ?? '')
  const [dialog, setDialog] = useState<DealDialogState>(null)

  useEffect(() => {
    if (pipelines?.length !== 0) return
    ensureDefaultPipeline(db).catch((error: unknown) => dispatch(toastShown({ message: `Could not create the pipeline: ${String(error)}`, tone: 'error' })))
  }, [pipelines, db, dispatch])

  const pipeline = pipelines?.find((candidate) => candidate.id === pipelineId) ?? pipelines?.[0]
  const pipelineDeals = useMemo(() => (deals && pipeline ? deals.filter((deal) => deal.pipelineId === pipeline.id) : []), [deals, pipeline])
  const currency = useMemo(() => mainCurrency(pipelineDeals), [pipelineDeals])
  const totals = useMemo(() => (pipeline ? pipelineTotals(pipelineDeals, [pipeline], currency) : null), [pipelineDeals, pipeline, currency])

  const choosePipeline = (id: string) => {
    setPipelineId(id)
    localStorage.setItem(PIPELINE_KEY, id)
  }

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <header className="flex h-14 shrink-0 items-center gap-3 border-b border-slate-200 px-6">
        <h1 className="text-base font-semibold text-slate-900">Deals</h1>
        {pipelines && pipelines.length > 1 ? (
          <select aria-label="Pipeline" value={pipeline?.id ?? ''} onChange={(event) => choosePipeline(event.target.value)} className={`${inputClass} w-48`}>
            {pipelines.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.label}
              </option>
            ))}
          </select>
        ) : pipeline ? (
          <span className="text-sm text-slate-500">{pipeline.label}</span>
        ) : null}
        {totals && totals.openCount > 0 ? (
          <span className="text-sm text-slate-500 tabular-nums" title="Open deals, total and weighted by stage probability">
            {totals.openCount.toLocaleString()} open · {formatMoneyCompact(totals.open, currency)} · {formatMoneyCompact(totals.weighted, currency)} weighted
          </span>
        ) : null}
        <div className="ml-auto flex items-center gap-2">
          <SegmentedControl label="View" options={VIEW_OPTIONS} value={view} onChange={(next) => navigate({ name: 'deals', ...(next === 'board' ? {} : { view: next }) })} />
          <Button variant="secondary" onClick={() => navigate({ name: 'settings', section: 'pipelines' })}>
            Edit stages
          </Button>
          <Button variant="primary" disabled={!pipeline} onClick={() => setDialog({ mode: 'create', prefill: { pipelineId: pipeline?.id ?? '' } })}>
            New deal
          </Button>
        </div>
      </header>
      {!pipeline || deals === undefined ? (
        <p className="px-6 py-4 text-sm text-slate-500">Loading deals…</p>
      ) : view === 'table' ? (
        <DealsTable pipeline={pipeline} deals={pipelineDeals} labels={labels} />
      ) : view === 'forecast' ? (
        <DealsForecast pipeline={pipeline} deals={pipelineDeals} labels={labels} />
      ) : (
        <DealsBoard pipeline={pipeline} deals={pipelineDeals} currency={currency} labels={labels} />
      )}
      <DealFormDialog state={dialog} onClose={() => setDialog(null)} pipelines={pipelines ?? []} />
    </div>
  )
}
