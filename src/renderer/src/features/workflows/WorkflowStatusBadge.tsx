import type { WorkflowStatus } from '@core/schema'
import { WORKFLOW_STATUS_LABELS } from './workflowDisplay'

const TONES: Record<WorkflowStatus, string> = {
  draft: 'bg-slate-100 text-slate-700 ring-slate-200',
  active: 'bg-emerald-50 text-emerald-700 ring-emerald-200',
  paused: 'bg-amber-50 text-amber-800 ring-amber-200',
  archived: 'bg-slate-50 text-slate-500 ring-slate-200',
}

/** "Active · v3": the status and, once published, the version the server runs. */
export function WorkflowStatusBadge({ status, version }: { status: WorkflowStatus; version?: number | undefined }) {
  return (
    <span className={`inline-flex shrink-0 items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${TONES[status]}`}>
      {WORKFLOW_STATUS_LABELS[status]}
      {version !== undefined ? <span className="text-[11px] opacity-75">· v{version}</span> : null}
    </span>
  )
}
