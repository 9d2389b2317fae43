import { Chart, type ChartConfiguration, type ChartType } from 'chart.js'
import { useEffect, useEffectEvent, useRef, type RefObject } from 'react'

// The look every Outpost chart shares (slate ticks, faint value grid, a compact legend under the
// chart, dark tooltips) and the one way a chart is made: created once per canvas, updated in place.

export const CHART_TICKS = { color: '#64748b', font: { size: 11 } } as const
export const CHART_VALUE_GRID = { color: '#f1f5f9' } as const
export const CHART_LEGEND = {
  position: 'bottom',
  align: 'start',
  labels: { boxWidth: 10, boxHeight: 10, usePointStyle: true, color: '#334155', font: { size: 12 } },
} as const
export const CHART_TOOLTIP = { backgroundColor: '#0f172a', padding: 8, boxPadding: 4 } as const

/**
 * Creates the chart when the canvas mounts (and again when `recreateKey` changes) and destroys it
 * on unmount. Nothing is drawn under jsdom (tests), which has no 2D context.
 */
export function useChart<TType extends ChartType>(
  canvasRef: RefObject<HTMLCanvasElement | null>,
  makeConfig: () => ChartConfiguration<TType, number[], string>,
  recreateKey: unknown = null,
): RefObject<Chart<TType, number[], string> | null> {
  const chartRef = useRef<Chart<TType, number[], string> | null>(null)
  const configure = useEffectEvent(makeConfig)
  useEffect(() => {
    const canvas = canvasRef.current
    if (!canvas || typeof canvas.getContext !== 'function' || navigator.userAgent.includes('jsdom')) return
    const chart = new Chart(canvas, configure())
    chartRef.current = chart
    return () => {
      chart.destroy()
      chartRef.current = null
    }
  }, [canvasRef, recreateKey])
  return chartRef
}
