import { useVirtualizer } from '@tanstack/react-virtual'
import { useMemo, useRef, useState } from 'react'
import type { Deal, DealStatus, PipelineSetting } from '@core/schema'
import { routePath } from '../../app/router'
import { EmptyState } from '../../ui/EmptyState'
import { SegmentedControl } from '../../ui/SegmentedControl'
import type { DealCardLabels } from './DealCard'
import { formatDay, formatMoney } from './dealFormat'
import { DealStatusPill } from './DealStatusPill'
import { sortDeals, type DealSort, type DealSortField } from './dealsTableSort'

const ROW_HEIGHT = 44
const COLUMNS = 'grid grid-cols-[minmax(0,2.2fr)_minmax(0,1fr)_8rem_8rem_minmax(0,1fr)_minmax(0,1.2fr)_5rem] gap-4'
const HEADERS: { field: DealSortField; label: string; align?: 'right' }[] = [
  { field: 'name', label: 'Deal' },
  { field: 'stage', label: 'Stage' },
  { field: 'amount', label: 'Amount', align: 'right' },
  { field: 'closeDate', label: 'Close date' },
  { field: 'owner', label: 'Owner' },
  { field: 'contact', label: 'Contact' },
  { field: 'status', label: 'Status' },
]

/** All deals of a pipeline, virtualized (10,000 rows scroll smoothly), sortable by every column. */
export function DealsTable({ pipeline, deals, labels }: { pipeline: PipelineSetting; deals: readonly Deal[]; labels: DealCardLabels }) {
  const [status, setStatus] = useState<DealStatus | 'all'>('open')
  const [sort, setSort] = useState<DealSort>({ field: 'closeDate', direction: 'asc' })
  const stageNames = useMemo(() => new Map(pipeline.stages.map((stage) => [stage.id, stage.name])), [pipeline.stages])
  const rows = useMemo(() => {
    const ranks = new Map(pipeline.stages.map((stage, index) => [stage.id, index]))
    return sortDeals(deals, status, sort, { stageRank: (id) => ranks.get(id) ?? ranks.size, ownerName: labels.ownerName, contactName: labels.contactName })
  }, [deals, status, sort, pipeline.stages, labels])
  const counts = useMemo(() => {
    const result = { all: deals.length, open: 0, won: 0, lost: 0 }
    for (const deal of deals) result[deal.status] += 1
    return result
  }, [deals])
  const scrollRef = useRef<HTMLDivElement>(null)
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is meant to be used this way
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 })

  const toggle = (field: DealSortField) =>
    setSort((current) => (current.field === field ? { field, direction: current.direction === 'asc' ? 'desc' : 'asc' } : { field, direction: field === 'amount' ? 'desc' : 'asc' }))

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex items-center gap-3 border-b border-slate-200 px-6 py-2">
        <SegmentedControl<DealStatus | 'all'>
          label="Show deals"
          value={status}
          onChange={setStatus}
          options={[
            { id: 'open', label: 'Open', badge: counts.open.toLocaleString() },
            { id: 'won', label: 'Won', badge: counts.won.toLocaleString() },
            { id: 'lost', label: 'Lost', badge: counts.lost.toLocaleString() },
            { id: 'all', label: 'All', badge: counts.all.toLocaleString() },
          ]}
        />
      </div>
      <div role="table" aria-label="Deals" aria-rowcount={rows.length + 1} className="flex min-h-0 flex-1 flex-col">
        <div role="row" className={`${COLUMNS} shrink-0 border-b border-slate-200 bg-slate-50 px-6 py-1.5`}>
          {HEADERS.map((header) => {
            const active = sort.field === header.field
            return (
              <div
                key={header.field}
                role="columnheader"
                aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
                className={header.align === 'right' ? 'text-right' : ''}
              >
                <button
                  type="button"
                  onClick={() => toggle(header.field)}
                  className={`inline-flex items-center gap-1 rounded text-[11px] font-semibold tracking-wide uppercase hover:text-slate-900 focus-visible:ring-2 focus-visible:ring-accent-500 focus-visible:outline-none ${active ? 'text-slate-900' : 'text-slate-500'}`}
                >
                  {header.label}
                  <span aria-hidden className="w-2 text-[10px]">{active ? (sort.direction === 'asc' ? '▲' : '▼') : ''}</span>
                </button>
              </div>
            )
          })}
        </div>
        {rows.length === 0 ? (
          <EmptyState title={status === 'all' ? 'No deals in this pipeline yet' : `No ${status} deals`}>
            {status === 'open' ? 'Create a deal with New deal, or switch to Won or Lost.' : 'Deals show here once they are marked that way.'}
          </EmptyState>
        ) : (
          <div ref={scrollRef} className="min-h-0 flex-1 overflow-y-auto">
            <div role="rowgroup" className="relative" style={{ height: virtualizer.getTotalSize() }}>
              {virtualizer.getVirtualItems().map((item) => {
                const deal = rows[item.index]
                if (!deal) return null
                const contact = labels.contactName(deal.contactId)
                const company = labels.companyName(deal.companyId)
                return (
                  <a
                    key={deal.id}
                    role="row"
                    aria-rowindex={item.index + 2}
                    href={routePath({ name: 'deal', id: deal.id })}
                    className={`${COLUMNS} absolute inset-x-0 top-0 items-center border-b border-slate-100 px-6 text-sm hover:bg-slate-50 focus-visible:bg-accent-50 focus-visible:outline-none`}
                    style={{ height: item.size, transform: `translateY(${item.start}px)` }}
                  >
                    <span role="cell" className="truncate font-medium text-slate-900">{deal.name}</span>
                    <span role="cell" className="truncate text-slate-700">{stageNames.get(deal.stageId) ?? '—'}</span>
                    <span role="cell" className="text-right text-slate-900 tabular-nums">{formatMoney(deal.amount, deal.currency)}</span>
                    <span role="cell" className="truncate text-slate-700 tabular-nums">{deal.closeDate ? formatDay(deal.closeDate) : <span className="text-slate-400">—</span>}</span>
                    <span role="cell" className="truncate text-slate-700">{labels.ownerName(deal.ownerId) || <span className="text-slate-400">—</span>}</span>
                    <span role="cell" className="truncate text-slate-700">
                      {contact || company ? [contact, company].filter(Boolean).join(' · ') : <span className="text-slate-400">—</span>}
                    </span>
                    <span role="cell">
                      <DealStatusPill status={deal.status} />
                    </span>
                  </a>
                )
              })}
            </div>
          </div>
        )}
      </div>
    </div>
  )
}
