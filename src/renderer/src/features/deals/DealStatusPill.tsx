import type { DealStatus } from '@core/schema'

const tones: Record<DealStatus, string> = {
  open: 'bg-sky-50 text-sky-700 ring-sky-200',
  won: 'bg-emerald-50 text-emerald-700 ring-emerald-200',
  lost: 'bg-red-50 text-red-700 ring-red-200',
}
const labels: Record<DealStatus, string> = { open: 'Open', won: 'Won', lost: 'Lost' }

export function DealStatusPill({ status }: { status: DealStatus }) {
  return <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[status]}`}>{labels[status]}</span>
}
