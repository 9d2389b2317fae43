import { useEffect, useMemo, useState } from 'react'
import { usePipelines, useDeals } from '../../data/crmHooks'
import { useData } from '../../data/dataContext'
import { routePath } from '../../app/router'
import { Button } from '../../ui/Button'
import { DealFormDialog, type DealDialogState } from './DealFormDialog'
import { formatDay, formatMoney } from './dealFormat'
import { DealStatusPill } from './DealStatusPill'
import { ensureDefaultPipeline } from './dealWrites'

const statusOrder = { open: 0, won: 1, lost: 2 } as const

/** The deals of a contact or company, open ones first, with New deal (linked) at hand. */
export function LinkedDealsCard({ contactId, companyId }: { contactId?: string; companyId?: string }) {
  const deals = useDeals()
  const pipelines = usePipelines()
  const [dialog, setDialog] = useState<DealDialogState>(null)
  const { db } = useData()
  useEffect(() => {
    // New deal here is a first use too: the workspace needs its pipeline.
    if (pipelines?.length === 0) void ensureDefaultPipeline(db).catch(() => undefined)
  }, [pipelines, db])
  const linked = useMemo(
    () =>
      (deals ?? [])
        .filter((deal) => (contactId ? deal.contactId === contactId : companyId ? deal.companyId === companyId : false))
        .sort((a, b) => statusOrder[a.status] - statusOrder[b.status] || b.updatedAt - a.updatedAt),
    [deals, contactId, companyId],
  )
  const stageName = (pipelineId: string, stageId: string) =>
    pipelines?.find((pipeline) => pipeline.id === pipelineId)?.stages.find((stage) => stage.id === stageId)?.name ?? ''

  return (
    <section aria-labelledby="linked-deals-heading" className="rounded-lg border border-slate-200">
      <h2 id="linked-deals-heading" className="flex items-center justify-between gap-2 border-b border-slate-100 px-4 py-2 text-sm font-semibold text-slate-900">
        <span>
          Deals
          {linked.length > 0 ? <span className="ml-2 rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600 tabular-nums">{linked.length}</span> : null}
        </span>
        <Button
          size="sm"
          variant="ghost"
          disabled={!pipelines || pipelines.length === 0}
          onClick={() => setDialog({ mode: 'create', prefill: { ...(contactId ? { contactId } : {}), ...(companyId ? { companyId } : {}) } })}
        >
          New deal
        </Button>
      </h2>
      {deals === undefined ? (
        <p className="px-4 py-3 text-sm text-slate-500">Loading…</p>
      ) : linked.length === 0 ? (
        <p className="px-4 py-3 text-sm text-slate-600">No deals yet.</p>
      ) : (
        <ul aria-label="Linked deals" className="divide-y divide-slate-100">
          {linked.slice(0, 20).map((deal) => (
            <li key={deal.id}>
              <a href={routePath({ name: 'deal', id: deal.id })} className="flex items-center justify-between gap-3 px-4 py-2 text-sm hover:bg-slate-50">
                <span className="min-w-0">
                  <span className="block truncate font-medium text-slate-900">{deal.name}</span>
                  <span className="block truncate text-xs text-slate-500">
                    {[deal.status === 'open' ? stageName(deal.pipelineId, deal.stageId) : '', deal.closeDate ? formatDay(deal.closeDate) : ''].filter(Boolean).join(' · ')}
                  </span>
                </span>
                <span className="flex shrink-0 flex-col items-end gap-0.5">
                  <span className="text-slate-900 tabular-nums">{formatMoney(deal.amount, deal.currency)}</span>
                  <DealStatusPill status={deal.status} />
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
      <DealFormDialog state={dialog} onClose={() => setDialog(null)} pipelines={pipelines ?? []} />
    </section>
  )
}
