import type { Deal } from '@core/schema'
import { formatDay, formatMoney } from './dealFormat'

export interface DealCardLabels {
  contactName: (id: string) => string
  companyName: (id: string) => string
  ownerName: (id: string) => string
}

/** What a board card shows; the sortable wrapper lives in DealsBoard. */
export function DealCardBody({ deal, labels, today }: { deal: Deal; labels: DealCardLabels; today: string }) {
  const who = [labels.contactName(deal.contactId), labels.companyName(deal.companyId)].filter(Boolean).join(' · ')
  const overdue = deal.closeDate !== '' && deal.closeDate < today
  const owner = labels.ownerName(deal.ownerId)
  return (
    <>
      <span className="block truncate text-sm font-medium text-slate-900">{deal.name}</span>
      <span className="mt-0.5 block text-sm text-slate-700 tabular-nums">{formatMoney(deal.amount, deal.currency)}</span>
      {who ? <span className="mt-1 block truncate text-xs text-slate-500">{who}</span> : null}
      <span className="mt-1.5 flex items-center justify-between gap-2 text-xs">
        <span className={overdue ? 'font-medium text-red-700' : 'text-slate-500'}>
          {deal.closeDate ? `${overdue ? 'Overdue · ' : ''}${formatDay(deal.closeDate)}` : 'No close date'}
        </span>
        {owner ? (
          <span title={`Owner: ${owner}`} className="inline-flex size-5 shrink-0 items-center justify-center rounded-full bg-slate-100 text-[10px] font-semibold text-slate-600">
            {initials(owner)}
          </span>
        ) : null}
      </span>
    </>
  )
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/)
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')).toUpperCase()
}
