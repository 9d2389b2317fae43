import { useMemo, useState } from 'react'
import { averageTimeInStage, mainCurrency, monthsBetween, pipelineTotals, stageConversion, weightedByMonth, weightedByOwner, winRate } from '@core/deals/forecast'
import type { Deal, PipelineSetting } from '@core/schema'
import { useNow } from '../../app/useNow'
import { SelectField } from '../../ui/Field'
import { EngagementChart, type ChartSeries } from '../analytics/EngagementChart'
import { KpiCard, ReportSection } from '../analytics/KpiCard'
import type { DealCardLabels } from './DealCard'
import { formatDays, formatMoney, formatMonth, toMajor } from './dealFormat'

const DAY_MS = 86_400_000
const WIN_RATE_DAYS = 90
const COLORS = { weighted: '#4f46e5', total: '#94a3b8', won: '#059669', rate: '#0ea5e9', time: '#f59e0b' }

function monthKey(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`
}

/** Forecast of one pipeline: weighted value by month and owner, stage conversion, time in stage, win rate. */
export function DealsForecast({ pipeline, deals, labels }: { pipeline: PipelineSetting; deals: readonly Deal[]; labels: DealCardLabels }) {
  const now = useNow()
  const currencies = useMemo(() => [...new Set(deals.map((deal) => deal.currency))].sort(), [deals])
  const [chosenCurrency, setCurrency] = useState<string | null>(null)
  const currency = chosenCurrency && currencies.includes(chosenCurrency) ? chosenCurrency : mainCurrency(deals)
  const pipelines = useMemo(() => [pipeline], [pipeline])

  const figures = useMemo(() => {
    const today = new Date(now)
    // Three months back (what was won) to eight ahead (what should close).
    const from = monthKey(new Date(today.getFullYear(), today.getMonth() - 3, 1))
    const to = monthKey(new Date(today.getFullYear(), today.getMonth() + 8, 1))
    return {
      totals: pipelineTotals(deals, pipelines, currency),
      months: weightedByMonth(deals, pipelines, currency, { from, to }),
      monthLabels: monthsBetween(from, to).map(formatMonth),
      owners: weightedByOwner(deals, pipelines, currency),
      conversion: stageConversion(deals, pipeline),
      times: averageTimeInStage(deals, pipeline, now),
      recent: winRate(deals, { from: now - WIN_RATE_DAYS * DAY_MS, to: now + 1 }),
      allTime: winRate(deals),
      undated: deals.filter((deal) => deal.status === 'open' && deal.currency === currency && deal.closeDate === '').length,
    }
  }, [deals, pipelines, pipeline, currency, now])

  const monthSeries: ChartSeries[] = useMemo(
    () => [
      { label: 'Weighted', values: figures.months.map((row) => toMajor(row.weighted, currency)), color: COLORS.weighted },
      { label: 'Open total', values: figures.months.map((row) => toMajor(row.total, currency)), color: COLORS.total },
      { label: 'Won', values: figures.months.map((row) => toMajor(row.won, currency)), color: COLORS.won },
    ],
    [figures.months, currency],
  )
  const ownerLabels = useMemo(() => figures.owners.map((row) => labels.ownerName(row.ownerId) || 'Nobody'), [figures.owners, labels])
  const ownerSeries: ChartSeries[] = useMemo(
    () => [
      { label: 'Weighted', values: figures.owners.map((row) => toMajor(row.weighted, currency)), color: COLORS.weighted },
      { label: 'Open total', values: figures.owners.map((row) => toMajor(row.total, currency)), color: COLORS.total },
    ],
    [figures.owners, currency],
  )
  const stageLabels = useMemo(() => pipeline.stages.map((stage) => stage.name), [pipeline.stages])
  const conversionSeries: ChartSeries[] = useMemo(
    () => [{ label: 'Moved on (%)', values: figures.conversion.map((row) => (row.rate === null ? 0 : Math.round(row.rate * 100))), color: COLORS.rate }],
    [figures.conversion],
  )
  const timeSeries: ChartSeries[] = useMemo(
    () => [{ label: 'Average days in stage', values: figures.times.map((row) => (row.averageMs === null ? 0 : Math.round((row.averageMs / DAY_MS) * 10) / 10)), color: COLORS.time }],
    [figures.times],
  )
  const rate = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)} %`)

  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <div className="mx-auto flex max-w-6xl flex-col gap-6 px-6 py-6">
        <div className="flex items-end justify-between gap-4">
          <p className="text-sm text-slate-600">
            {pipeline.label}: open deals weighted by their stage’s win probability. Amounts in {currency}
            {currencies.length > 1 ? '; other currencies are not converted.' : '.'}
          </p>
          {currencies.length > 1 ? (
            <div className="w-32">
              <SelectField label="Currency" value={currency} onChange={(event) => setCurrency(event.target.value)} options={currencies.map((code) => ({ value: code, label: code }))} />
            </div>
          ) : null}
        </div>
        <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
          <KpiCard label="Open pipeline" value={formatMoney(figures.totals.open, currency)} detail={`${figures.totals.openCount.toLocaleString()} open deals`} />
          <KpiCard label="Weighted forecast" value={formatMoney(figures.totals.weighted, currency)} detail={figures.undated > 0 ? `${figures.undated.toLocaleString()} without a close date` : 'by stage probability'} />
          <KpiCard label={`Win rate, last ${WIN_RATE_DAYS} days`} value={rate(figures.recent.rate)} detail={`${figures.recent.won} won · ${figures.recent.lost} lost`} />
          <KpiCard label="Win rate, all time" value={rate(figures.allTime.rate)} detail={`${figures.allTime.won} won · ${figures.allTime.lost} lost`} />
        </dl>
        <ReportSection title="Weighted pipeline by month" description="By expected close date; won deals by the month they closed">
          <div className="p-4">
            <EngagementChart kind="bar" labels={figures.monthLabels} series={monthSeries} label={`Weighted pipeline by month in ${currency}`} />
          </div>
        </ReportSection>
        <div className="grid gap-6 lg:grid-cols-2">
          <ReportSection title="By owner" description="Open deals">
            <div className="p-4">
              {figures.owners.length === 0 ? (
                <p className="py-16 text-center text-sm text-slate-500">No open deals in {currency}.</p>
              ) : (
                <EngagementChart kind="bar" labels={ownerLabels} series={ownerSeries} label={`Open pipeline by owner in ${currency}`} />
              )}
            </div>
          </ReportSection>
          <ReportSection title="Win rate" description={`Closed in the last ${WIN_RATE_DAYS} days`}>
            <WinRateBar won={figures.recent.won} lost={figures.recent.lost} />
          </ReportSection>
        </div>
        <div className="grid gap-6 lg:grid-cols-2">
          <ReportSection title="Stage conversion" description="Share of deals that moved on from each stage">
            <div className="p-4">
              <EngagementChart kind="bar" labels={stageLabels} series={conversionSeries} label="Stage conversion in percent" />
            </div>
          </ReportSection>
          <ReportSection title="Average time in stage" description="Days, including deals still in the stage">
            <div className="p-4">
              <EngagementChart kind="bar" labels={stageLabels} series={timeSeries} label="Average days in each stage" />
            </div>
          </ReportSection>
        </div>
        <ReportSection title="Stages in figures" description="A deal reached every stage up to the furthest it got to; won deals went through them all">
          <table className="w-full text-sm">
            <thead>
              <tr className="border-b border-slate-100 text-left text-[11px] font-semibold tracking-wide text-slate-500 uppercase">
                <th className="px-4 py-2 font-semibold">Stage</th>
                <th className="px-4 py-2 text-right font-semibold">Reached</th>
                <th className="px-4 py-2 text-right font-semibold">Moved on</th>
                <th className="px-4 py-2 text-right font-semibold">Conversion</th>
                <th className="px-4 py-2 text-right font-semibold">Average time in stage</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {pipeline.stages.map((stage, index) => {
                const conversion = figures.conversion[index]
                const time = figures.times[index]
                return (
                  <tr key={stage.id}>
                    <td className="px-4 py-2 text-slate-900">
                      {stage.name} <span className="text-slate-400">· {stage.probability} %</span>
                    </td>
                    <td className="px-4 py-2 text-right tabular-nums">{(conversion?.reached ?? 0).toLocaleString()}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{(conversion?.advanced ?? 0).toLocaleString()}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{rate(conversion?.rate ?? null)}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{formatDays(time?.averageMs ?? null)}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </ReportSection>
      </div>
    </div>
  )
}

/** Won against lost as one bar with the figures beside it (a pie for two numbers says less). */
function WinRateBar({ won, lost }: { won: number; lost: number }) {
  const total = won + lost
  const share = total === 0 ? 0 : Math.round((won / total) * 100)
  return (
    <div className="flex h-64 flex-col justify-center gap-4 px-6">
      {total === 0 ? (
        <p className="text-center text-sm text-slate-500">No deals closed in this period yet.</p>
      ) : (
        <>
          <p className="text-4xl font-semibold tracking-tight text-slate-900 tabular-nums">{share} %</p>
          <div className="flex h-3 overflow-hidden rounded-full bg-red-200" role="img" aria-label={`${won} won, ${lost} lost`}>
            <div className="bg-emerald-500" style={{ width: `${share}%` }} />
          </div>
          <p className="flex justify-between text-sm text-slate-600 tabular-nums">
            <span>
              <span className="mr-1.5 inline-block size-2 rounded-full bg-emerald-500" />
              {won.toLocaleString()} won
            </span>
            <span>
              <span className="mr-1.5 inline-block size-2 rounded-full bg-red-300" />
              {lost.toLocaleString()} lost
            </span>
          </p>
        </>
      )}
    </div>
  )
}
