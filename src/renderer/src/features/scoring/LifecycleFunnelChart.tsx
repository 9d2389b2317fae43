import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js'
import { useEffect, useMemo, useRef } from 'react'
import { CHART_LEGEND, CHART_TICKS, CHART_TOOLTIP, CHART_VALUE_GRID, useChart } from '../../ui/charts'
import { FUNNEL_STAGES, type LifecycleFunnel } from '@core/lifecycle/funnel'
import { LIFECYCLE_STAGE_LABELS, type LifecycleStage } from '@core/schema'

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend)

export interface LifecycleFunnelChartProps {
  funnel: LifecycleFunnel
  /** The workspace's stage names (lifecycleLabels); built-in names when absent. */
  labels?: Record<LifecycleStage, string>
  /** Stages to draw, in funnel order (the ones in use); the whole funnel when absent. */
  stages?: readonly LifecycleStage[]
}

const NOW_COLOR = '#6366f1'
const ENTERED_COLOR = '#94a3b8'

function percent(rate: number | null): string {
  return rate === null ? '–' : `${Math.round(rate * 100)}%`
}

/**
 * Contacts by lifecycle stage as horizontal bars (at the stage now, and entered in the period),
 * with the stage-to-stage conversion of the period underneath. Updates in place.
 */
export function LifecycleFunnelChart({ funnel, labels = LIFECYCLE_STAGE_LABELS, stages = FUNNEL_STAGES }: LifecycleFunnelChartProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const shown = useMemo<LifecycleStage[]>(() => stages.filter((stage) => stage !== 'other'), [stages])

  const chartRef = useChart<'bar'>(canvasRef, () => ({
    type: 'bar',
    data: { labels: [], datasets: [] },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false, axis: 'y' },
      scales: {
        x: { beginAtZero: true, ticks: { ...CHART_TICKS, precision: 0 }, grid: CHART_VALUE_GRID, border: { display: false } },
        y: { grid: { display: false }, ticks: { color: '#334155', font: { size: 12 } } },
      },
      plugins: { legend: CHART_LEGEND, tooltip: CHART_TOOLTIP },
    },
  }))

  useEffect(() => {
    const chart = chartRef.current
    if (!chart) return
    chart.data.labels = shown.map((stage) => labels[stage])
    chart.data.datasets = [
      { label: 'At the stage now', data: shown.map((stage) => funnel.current[stage]), backgroundColor: NOW_COLOR, borderRadius: 3, maxBarThickness: 14 },
      { label: 'Entered in the period', data: shown.map((stage) => funnel.entered[stage]), backgroundColor: ENTERED_COLOR, borderRadius: 3, maxBarThickness: 14 },
    ]
    chart.update('none')
  }, [chartRef, funnel, labels, shown])

  const summary = shown.map((stage) => `${labels[stage]}: ${funnel.current[stage]} now, ${funnel.entered[stage]} entered`).join('; ')
  const conversions = funnel.conversions.filter((c) => shown.includes(c.from) && shown.includes(c.to))

  return (
    <div className="flex flex-col gap-3">
      <div className="relative w-full" style={{ height: `${Math.max(160, shown.length * 34 + 48)}px` }}>
        <canvas ref={canvasRef} role="img" aria-label={`Lifecycle funnel. ${summary}`} />
      </div>
      {conversions.length > 0 ? (
        <ol aria-label="Stage to stage conversion in the period" className="flex flex-wrap gap-1.5 text-xs">
          {conversions.map((conversion) => (
            <li
              key={`${conversion.from}-${conversion.to}`}
              className="inline-flex items-center gap-1 rounded-md bg-slate-50 px-2 py-1 text-slate-600 ring-1 ring-inset ring-slate-200"
              title={conversion.rate === null ? `Nobody entered ${labels[conversion.from]} in the period` : undefined}
            >
              <span className="truncate">{labels[conversion.from]}</span>
              <span aria-hidden>→</span>
              <span className="sr-only">to</span>
              <span className="truncate">{labels[conversion.to]}</span>
              <span className="font-semibold text-slate-900 tabular-nums">{percent(conversion.rate)}</span>
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  )
}
