import { useState, type ReactNode } from 'react'
import type { RxDocument, RxQuery } from 'rxdb'
import { stageProbability } from '@core/deals/forecast'
import { LIFECYCLE_STAGE_LABELS, type Deal } from '@core/schema'
import { navigate, routePath } from '../../app/router'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { useNow } from '../../app/useNow'
import { showUndoToast } from '../../app/undoRegistry'
import { usePipelines } from '../../data/crmHooks'
import { useData } from '../../data/dataContext'
import { useRxDocument } from '../../data/hooks'
import { deleteSyncedDocs, restoreSyncedDocs } from '../../data/syncedWrites'
import { Button } from '../../ui/Button'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { EmptyState } from '../../ui/EmptyState'
import { RecordHeader } from '../../ui/RecordHeader'
import { CommentComposer } from '../feed/CommentComposer'
import { FollowButton } from '../feed/FollowButton'
import { LinkedTasks } from '../tasks/LinkedTasks'
import { DealActivityList } from './DealActivityList'
import { DealFormDialog, type DealDialogState } from './DealFormDialog'
import { formatDay, formatDays, formatMoney } from './dealFormat'
import { DealStageBar } from './DealStageBar'
import { DealStatusPill } from './DealStatusPill'
import { bottomPosition, closeDealAs, moveDealTo, pipelineOf, reopen } from './dealWrites'
import { LostReasonDialog } from './LostReasonDialog'
import { useDealLabels } from './useDealLabels'

export function DealDetailPage({ id }: { id: string }) {
  const { db } = useData()
  const deal = useRxDocument<Deal>(() => db.deals.findOne(id) as unknown as RxQuery<Deal, RxDocument<Deal> | null>, [db, id])
  if (deal === undefined) return <p className="px-6 py-4 text-sm text-slate-500">Loading…</p>
  if (deal === null) {
    return (
      <EmptyState title="This deal was deleted or does not exist" action={<Button onClick={() => navigate({ name: 'deals' })}>Back to deals</Button>}>
        It may have been deleted on this device or another one.
      </EmptyState>
    )
  }
  return <DealDetail deal={deal} />
}

function DealDetail({ deal }: { deal: Deal }) {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const pipelines = usePipelines()
  const labels = useDealLabels()
  const [dialog, setDialog] = useState<DealDialogState>(null)
  const [losing, setLosing] = useState(false)
  const [confirmingDelete, setConfirmingDelete] = useState(false)
  const pipeline = pipelines ? pipelineOf(pipelines, deal.pipelineId) : undefined
  const now = useNow()

  const run = async (what: string, action: () => Promise<void>) => {
    try {
      await action()
    } catch (error) {
      dispatch(toastShown({ message: `Could not ${what}: ${String(error)}`, tone: 'error' }))
    }
  }
  const moveTo = (stageId: string) =>
    void run('move the deal', async () => moveDealTo(db, deal, stageId, await bottomPosition(db, deal.pipelineId, stageId)))
  const win = () =>
    void run('mark the deal as won', async () => {
      const outcome = await closeDealAs(db, deal, 'won')
      const moved = outcome.contactStage ? ` · contact is now ${LIFECYCLE_STAGE_LABELS[outcome.contactStage]}` : ''
      showUndoToast(dispatch, `Won ${deal.name}${moved}`, outcome.undo)
    })
  const lose = (reason: string) => {
    setLosing(false)
    void run('mark the deal as lost', async () => {
      const outcome = await closeDealAs(db, deal, 'lost', reason)
      showUndoToast(dispatch, `Lost ${deal.name}`, outcome.undo)
    })
  }
  const remove = () => {
    setConfirmingDelete(false)
    void run('delete the deal', async () => {
      const before = await deleteSyncedDocs<Deal>(db.deals, [deal.id])
      navigate({ name: 'deals' })
      showUndoToast(dispatch, `Deleted ${deal.name}`, () => restoreSyncedDocs(db.deals, before))
    })
  }

  const contactName = labels.contactName(deal.contactId)
  const companyName = labels.companyName(deal.companyId)
  const stageName = (stageId: string) => pipeline?.stages.find((stage) => stage.id === stageId)?.name ?? 'A removed stage'
  const probability = pipeline ? stageProbability([pipeline], pipeline.id, deal.stageId) : 0

  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <RecordHeader parent={{ label: 'Deals', route: { name: 'deals' } }} title={deal.name} onEdit={() => setDialog({ mode: 'edit', deal })} onDelete={() => setConfirmingDelete(true)} />

      <div className="mx-auto flex max-w-6xl flex-col gap-6 px-6 py-6">
        <section aria-label="Summary" className="flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-2">
              <h1 className="truncate text-xl font-semibold tracking-tight text-slate-900">{deal.name}</h1>
              <DealStatusPill status={deal.status} />
              <FollowButton target={{ type: 'deal', id: deal.id }} />
            </div>
            <p className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums">{formatMoney(deal.amount, deal.currency)}</p>
            <p className="mt-0.5 text-sm text-slate-600">
              {deal.contactId ? (
                <a href={routePath({ name: 'contact', id: deal.contactId })} className="font-medium text-accent-700 hover:underline">
                  {contactName || 'Unknown contact'}
                </a>
              ) : null}
              {deal.contactId && deal.companyId ? <span className="text-slate-400"> · </span> : null}
              {deal.companyId ? (
                <a href={routePath({ name: 'company', id: deal.companyId })} className="font-medium text-accent-700 hover:underline">
                  {companyName || 'Unknown company'}
                </a>
              ) : null}
              {!deal.contactId && !deal.companyId ? <span className="text-slate-400">Not linked to a contact or company</span> : null}
            </p>
          </div>
          <div className="flex shrink-0 gap-2">
            {deal.status === 'open' ? (
              <>
                <Button className="border-emerald-300 text-emerald-800 hover:bg-emerald-50" onClick={win}>
                  Mark won
                </Button>
                <Button className="border-red-200 text-red-700 hover:bg-red-50" onClick={() => setLosing(true)}>
                  Mark lost
                </Button>
              </>
            ) : (
              <Button onClick={() => void run('reopen the deal', () => reopen(db, deal))}>Reopen</Button>
            )}
          </div>
        </section>

        {pipeline ? <DealStageBar deal={deal} pipeline={pipeline} onMove={moveTo} /> : null}
        {deal.status === 'lost' ? (
          <p className="rounded-lg bg-red-50 px-4 py-2.5 text-sm text-red-800">
            <span className="font-medium">Lost</span>
            {deal.closedAt ? ` on ${new Date(deal.closedAt).toLocaleDateString(undefined, { dateStyle: 'medium' })}` : ''}: {deal.lostReason}
          </p>
        ) : deal.status === 'won' ? (
          <p className="rounded-lg bg-emerald-50 px-4 py-2.5 text-sm text-emerald-800">
            <span className="font-medium">Won</span>
            {deal.closedAt ? ` on ${new Date(deal.closedAt).toLocaleDateString(undefined, { dateStyle: 'medium' })}` : ''}.
          </p>
        ) : null}

        <div className="grid items-start gap-6 lg:grid-cols-[22rem_minmax(0,1fr)]">
          <div className="flex flex-col gap-6">
            <section aria-labelledby="deal-details-heading" className="rounded-lg border border-slate-200">
              <h2 id="deal-details-heading" className="flex items-center justify-between border-b border-slate-100 px-4 py-2.5 text-sm font-semibold text-slate-900">
                Details
                <Button size="sm" variant="ghost" onClick={() => setDialog({ mode: 'edit', deal })}>
                  Edit
                </Button>
              </h2>
              <dl className="divide-y divide-slate-100 text-sm">
                <Property label="Amount">{formatMoney(deal.amount, deal.currency)}</Property>
                <Property label="Weighted">{deal.status === 'open' ? `${formatMoney(Math.round((deal.amount * probability) / 100), deal.currency)} (${probability} %)` : ''}</Property>
                <Property label={deal.status === 'open' ? 'Expected close' : 'Closed'}>{formatDay(deal.closeDate)}</Property>
                <Property label="Owner">{labels.ownerName(deal.ownerId)}</Property>
                <Property label="Pipeline">{pipeline?.label}</Property>
                <Property label="Stage">{stageName(deal.stageId)}</Property>
                <Property label="Created">{new Date(deal.createdAt).toLocaleDateString(undefined, { dateStyle: 'medium' })}</Property>
              </dl>
            </section>
            <section aria-labelledby="deal-history-heading" className="rounded-lg border border-slate-200">
              <h2 id="deal-history-heading" className="border-b border-slate-100 px-4 py-2.5 text-sm font-semibold text-slate-900">
                Stage history
              </h2>
              <ol className="divide-y divide-slate-100 text-sm">
                {[...deal.stageHistory].reverse().map((entry, index, list) => {
                  const next = index === 0 ? (deal.status === 'open' ? now : (deal.closedAt ?? now)) : (list[index - 1]?.at ?? entry.at)
                  return (
                    <li key={`${entry.stageId}-${entry.at}`} className="flex items-baseline justify-between gap-3 px-4 py-2">
                      <span className="text-slate-900">{stageName(entry.stageId)}</span>
                      <span className="text-xs text-slate-500 tabular-nums">
                        {new Date(entry.at).toLocaleDateString(undefined, { dateStyle: 'medium' })} · {formatDays(next - entry.at)}
                      </span>
                    </li>
                  )
                })}
              </ol>
            </section>
          </div>
          <div className="flex min-w-0 flex-col gap-6">
            <CommentComposer target={{ dealId: deal.id, contactId: deal.contactId }} />
            {/* The deal's contact and company come along, so the task also shows on their pages. */}
            <LinkedTasks link={{ dealId: deal.id, contactId: deal.contactId, companyId: deal.companyId }} />
            <DealActivityList dealId={deal.id} contactId={deal.contactId} />
          </div>
        </div>
      </div>

      <DealFormDialog state={dialog} onClose={() => setDialog(null)} pipelines={pipelines ?? []} />
      <LostReasonDialog open={losing} dealName={deal.name} onCancel={() => setLosing(false)} onConfirm={lose} />
      <ConfirmDialog
        open={confirmingDelete}
        title={`Delete ${deal.name}?`}
        message="The deal leaves the board, the table and the forecast. You can undo right after."
        confirmLabel="Delete deal"
        onConfirm={remove}
        onCancel={() => setConfirmingDelete(false)}
      />
    </div>
  )
}

function Property({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_minmax(0,1fr)] gap-2 px-4 py-2">
      <dt className="text-slate-500">{label}</dt>
      <dd className="break-words text-slate-900">{children || <span className="text-slate-400">—</span>}</dd>
    </div>
  )
}
