import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
} from 'chart.js'
import { useEffect, useRef } from 'react'
import { CHART_LEGEND, CHART_TICKS, CHART_TOOLTIP, CHART_VALUE_GRID, useChart } from '../../ui/charts'

// Only the pieces these charts use (tree-shaken build); the x axis is a category axis of
// preformatted labels, so no date adapter is needed.
Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend)

export interface ChartSeries {
  label: string
  values: readonly number[]
  /** CSS colour of the line or bars. */
  color: string
  /** Starts hidden (the legend turns it on). */
  hidden?: boolean
  /** A dashed line (a comparison series, e.g. the previous period). */
  dashed?: boolean
}

export interface EngagementChartProps {
  kind: 'line' | 'bar'
  labels: readonly string[]
  series: readonly ChartSeries[]
  /** What the chart shows, for screen readers (the figures are also in the tables). */
  label: string
}

/** A chart.js line or bar chart that updates in place when its data changes (no flicker, no re-create). */
export function EngagementChart({ kind, labels, series, label }: EngagementChartProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null)

  const chartRef = useChart<'line' | 'bar'>(
    canvasRef,
    () => ({
      type: kind,
      data: { labels: [], datasets: [] },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { grid: { display: false }, ticks: { ...CHART_TICKS, maxRotation: 0, autoSkip: true, autoSkipPadding: 16 } },
          y: { beginAtZero: true, ticks: { ...CHART_TICKS, precision: 0 }, grid: CHART_VALUE_GRID, border: { display: false } },
        },
        plugins: { legend: CHART_LEGEND, tooltip: CHART_TOOLTIP },
      },
    }),
    kind,
  )

  useEffect(() => {
    const chart = chartRef.current
    if (!chart) return
    chart.data.labels = [...labels]
    chart.data.datasets = series.map((entry) => ({
      label: entry.label,
      data: [...entry.values],
      borderColor: entry.color,
      backgroundColor: kind === 'bar' ? entry.color : `${entry.color}22`,
      hidden: entry.hidden ?? false,
      borderWidth: kind === 'bar' ? 0 : entry.dashed ? 1.5 : 2,
      borderDash: entry.dashed ? [5, 4] : [],
      borderRadius: kind === 'bar' ? 3 : 0,
      pointRadius: labels.length > 48 ? 0 : 2.5,
      pointHoverRadius: 4,
      tension: 0.25,
      fill: false,
      maxBarThickness: 18,
    }))
    chart.update('none')
  }, [chartRef, kind, labels, series])

  return (
    <div className="relative h-64 w-full">
      <canvas ref={canvasRef} role="img" aria-label={label} />
    </div>
  )
}
