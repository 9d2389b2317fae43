import type { ReactNode } from 'react'

export function KpiCard({ label, value, detail }: { label: string; value: ReactNode; detail?: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-0.5 rounded-lg border border-slate-200 bg-white px-4 py-3">
      <dt className="truncate text-xs font-medium text-slate-500">{label}</dt>
      <dd className="text-xl font-semibold tracking-tight text-slate-900 tabular-nums">{value}</dd>
      {detail ? (
        <dd className="truncate text-xs text-slate-500 tabular-nums" title={typeof detail === 'string' ? detail : undefined}>
          {detail}
        </dd>
      ) : null}
    </div>
  )
}

/** A titled block of the report with its own actions (Export CSV). */
export function ReportSection({ title, actions, children, description }: { title: string; actions?: ReactNode; children: ReactNode; description?: ReactNode }) {
  return (
    <section aria-label={title} className="rounded-lg border border-slate-200 bg-white">
      <div className="flex items-center justify-between gap-3 border-b border-slate-100 px-4 py-2.5">
        <div className="min-w-0">
          <h2 className="text-sm font-semibold text-slate-900">{title}</h2>
          {description ? <p className="truncate text-xs text-slate-500">{description}</p> : null}
        </div>
        {actions ? <div className="flex shrink-0 items-center gap-2">{actions}</div> : null}
      </div>
      {children}
    </section>
  )
}
