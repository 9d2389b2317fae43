import type { ReactNode } from 'react'
import type { DeltaText } from './homeFormat'

const TONES = {
  up: 'bg-emerald-50 text-emerald-700',
  down: 'bg-rose-50 text-rose-700',
  flat: 'bg-slate-100 text-slate-600',
} as const
const ARROWS = { up: '▲', down: '▼', flat: '' } as const

export interface HomeKpiCardProps {
  label: string
  value: ReactNode
  /** Full figure as a tooltip when `value` is abbreviated. */
  title?: string
  detail?: ReactNode
  /** Change against the previous period; absent when comparison is off or means nothing. */
  delta?: DeltaText | null
  /** Makes the whole card a link (tasks due → My tasks). */
  href?: string
  /** For a "less is better" figure (overdue tasks) a rise is bad news. */
  invertTone?: boolean
}

/** A KPI of the home dashboard: the figure, what it is made of, and how it moved. */
export function HomeKpiCard({ label, value, title, detail, delta, href, invertTone = false }: HomeKpiCardProps) {
  const tone = delta ? (invertTone && delta.tone !== 'flat' ? (delta.tone === 'up' ? 'down' : 'up') : delta.tone) : 'flat'
  const body = (
    <>
      <p className="truncate text-xs font-medium text-slate-500">{label}</p>
      <p className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
        <span className="text-2xl font-semibold tracking-tight whitespace-nowrap text-slate-900 tabular-nums" title={title}>
          {value}
        </span>
        {delta ? (
          <span className={`inline-flex shrink-0 items-center gap-0.5 rounded px-1.5 py-0.5 text-[11px] font-medium tabular-nums ${TONES[tone]}`}>
            {ARROWS[delta.tone] ? <span aria-hidden>{ARROWS[delta.tone]}</span> : null}
            <span className="sr-only">{delta.tone === 'up' ? 'up' : delta.tone === 'down' ? 'down' : ''} </span>
            {delta.text}
          </span>
        ) : null}
      </p>
      {detail ? <p className="line-clamp-2 text-xs text-slate-500 tabular-nums">{detail}</p> : null}
    </>
  )
  const frame = 'flex min-w-0 flex-col gap-1 rounded-lg border border-slate-200 bg-white px-4 py-3'
  if (href) {
    return (
      <li className="min-w-0">
        <a href={href} className={`${frame} h-full transition-colors hover:border-accent-500/40 hover:bg-accent-50/40 focus-visible:outline-2 focus-visible:outline-accent-600`}>
          {body}
        </a>
      </li>
    )
  }
  return <li className={frame}>{body}</li>
}
