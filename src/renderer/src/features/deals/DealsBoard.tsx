import {
  closestCorners,
  DndContext,
  pointerWithin,
  rectIntersection,
  type CollisionDetection,
  type KeyboardCoordinateGetter,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core'
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable'
import { CSS } from '@dnd-kit/utilities'
import { useMemo, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react'
import { dayOf, moveDeal } from '@core/deals/pipeline'
import { LIFECYCLE_STAGE_LABELS, type Deal, type PipelineSetting } from '@core/schema'
import { navigate } from '../../app/router'
import { useNow } from '../../app/useNow'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { showUndoToast } from '../../app/undoRegistry'
import { useData } from '../../data/dataContext'
import { patchSyncedDocs } from '../../data/syncedWrites'
import { boardColumns, columnDropId, columnOf, LOST_ZONE, resolveDrop, WON_ZONE } from './boardDrop'
import { DealCardBody, type DealCardLabels } from './DealCard'
import { formatMoneyCompact } from './dealFormat'
import { closeDealAs, moveDealTo } from './dealWrites'
import { LostReasonDialog } from './LostReasonDialog'

/**
 * What a dragged card is over. closestCorners alone prefers a card of the column it came from to
 * a tall column next to it (its corners are far apart), so a keyboard move to an empty stage
 * dropped back into the old one. The pointer decides when there is one (a card beats its column);
 * otherwise (keyboard) the droppable the card's rectangle overlaps most.
 */
const boardCollisions: CollisionDetection = (args) => {
  if (args.pointerCoordinates) {
    const within = pointerWithin(args)
    const card = within.find((hit) => !String(hit.id).includes(':'))
    if (card) return [card]
    if (within.length > 0) return within
  }
  const overlapping = rectIntersection(args)
  return overlapping.length > 0 ? overlapping : closestCorners(args)
}

/** Cards rendered per column; the table shows the rest (a board of 10,000 cards helps nobody). */
const COLUMN_LIMIT = 100

interface DealsBoardProps {
  pipeline: PipelineSetting
  /** Every deal of this pipeline (open ones make the columns; won and lost the zone totals). */
  deals: readonly Deal[]
  currency: string
  labels: DealCardLabels
}

export function DealsBoard({ pipeline, deals, currency, labels }: DealsBoardProps) {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const [activeId, setActiveId] = useState<string | null>(null)
  const [losing, setLosing] = useState<Deal | null>(null)
  const dragging = useRef(false)
  const now = useNow()
  const today = dayOf(now)

  const byId = useMemo(() => new Map(deals.map((deal) => [deal.id, deal])), [deals])
  const open = useMemo(() => deals.filter((deal) => deal.status === 'open'), [deals])
  const columns = useMemo(() => boardColumns(open, pipeline.stages.map((stage) => stage.id)), [open, pipeline.stages])
  const closed = useMemo(() => {
    const sum = (status: Deal['status']) => {
      const matching = deals.filter((deal) => deal.status === status)
      return { count: matching.length, total: matching.filter((deal) => deal.currency === currency).reduce((acc, deal) => acc + deal.amount, 0) }
    }
    return { won: sum('won'), lost: sum('lost') }
  }, [deals, currency])

  // Left and right go to the neighbouring stage (then Won, then Lost), whatever the card sizes;
  // dnd-kit's own getter picked a card below in the same column when columns differ by a pixel.
  const keyboardCoordinates = useMemo<KeyboardCoordinateGetter>(
    () => (event, args) => {
      if (event.code !== 'ArrowRight' && event.code !== 'ArrowLeft') return sortableKeyboardCoordinates(event, args)
      event.preventDefault()
      const { active, over, droppableRects } = args.context
      if (!active) return undefined
      const order = [...[...columns.keys()].map(columnDropId), WON_ZONE, LOST_ZONE]
      const here = String(over?.id ?? active.id)
      const hereColumn = here.startsWith('zone:') ? here : columnDropId(columnOf(columns, here) ?? '')
      const target = order[order.indexOf(hereColumn) + (event.code === 'ArrowRight' ? 1 : -1)]
      const rect = target === undefined ? undefined : droppableRects.get(target)
      return rect ? { x: rect.left, y: rect.top } : undefined
    },
    [columns],
  )

  const sensors = useSensors(
    // A few pixels of travel before a drag starts, so a click still opens the deal.
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter: keyboardCoordinates,
      // Space picks up and drops; Enter stays "open the deal".
      keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space'] },
    }),
  )

  const targetName = (id: string | number | undefined): string => {
    if (id === undefined) return 'nowhere'
    const key = String(id)
    if (key === WON_ZONE) return 'Won'
    if (key === LOST_ZONE) return 'Lost'
    const stageId = columnOf(columns, key)
    return pipeline.stages.find((stage) => stage.id === stageId)?.name ?? 'nowhere'
  }
  const dealName = (id: string | number) => byId.get(String(id))?.name ?? 'the deal'
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${dealName(active.id)}. Arrow keys move it between stages, Space drops it, Escape cancels.`,
    onDragOver: ({ active, over }) => (over ? `${dealName(active.id)} is over ${targetName(over.id)}.` : `${dealName(active.id)} is not over a stage.`),
    onDragEnd: ({ active, over }) => (over ? `${dealName(active.id)} dropped on ${targetName(over.id)}.` : `${dealName(active.id)} dropped; nothing changed.`),
    onDragCancel: ({ active }) => `Moving ${dealName(active.id)} was cancelled; it is back where it was.`,
  }

  const onDragStart = ({ active }: DragStartEvent) => {
    dragging.current = true
    setActiveId(String(active.id))
  }

  const onDragEnd = async ({ active, over }: DragEndEvent) => {
    setActiveId(null)
    // The keyup of the dropping key must not open the deal.
    setTimeout(() => (dragging.current = false), 0)
    const deal = byId.get(String(active.id))
    if (!deal) return
    const drop = resolveDrop(columns, deal.id, over ? String(over.id) : null)
    try {
      if (drop.kind === 'close' && drop.outcome === 'lost') setLosing(deal)
      else if (drop.kind === 'close') await win(deal)
      else if (drop.kind === 'move' && drop.renumber) {
        const positions = new Map(drop.renumber.map((entry) => [entry.id, entry.position]))
        await patchSyncedDocs<Deal>(db.deals, [...positions.keys()], (current) =>
          current.id === deal.id ? moveDeal(current, drop.stageId, positions.get(current.id) ?? 0, Date.now()) : { position: positions.get(current.id) ?? 0 },
        )
      } else if (drop.kind === 'move') await moveDealTo(db, deal, drop.stageId, drop.position)
    } catch (error) {
      dispatch(toastShown({ message: `Could not move ${deal.name}: ${String(error)}`, tone: 'error' }))
    }
  }

  const win = async (deal: Deal) => {
    const outcome = await closeDealAs(db, deal, 'won')
    const moved = outcome.contactStage ? ` · contact is now ${LIFECYCLE_STAGE_LABELS[outcome.contactStage]}` : ''
    showUndoToast(dispatch, `Won ${deal.name}${moved}`, outcome.undo)
  }

  const lose = async (deal: Deal, reason: string) => {
    setLosing(null)
    try {
      const outcome = await closeDealAs(db, deal, 'lost', reason)
      showUndoToast(dispatch, `Lost ${deal.name}`, outcome.undo)
    } catch (error) {
      dispatch(toastShown({ message: `Could not mark ${deal.name} as lost: ${String(error)}`, tone: 'error' }))
    }
  }

  const active = activeId ? byId.get(activeId) : undefined
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={boardCollisions}
      onDragStart={onDragStart}
      onDragEnd={(event) => void onDragEnd(event)}
      onDragCancel={() => {
        setActiveId(null)
        setTimeout(() => (dragging.current = false), 0)
      }}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable: 'To move a deal, press Space. Arrow keys move it between stages and within a stage, Space drops it, Escape cancels. Enter opens the deal.',
        },
      }}
    >
      <div className="flex min-h-0 flex-1 gap-3 overflow-x-auto bg-slate-50/60 p-4" role="region" aria-label={`${pipeline.label} board`}>
        {pipeline.stages.map((stage) => {
          const cards = columns.get(stage.id) ?? []
          const total = cards.filter((deal) => deal.currency === currency).reduce((acc, deal) => acc + deal.amount, 0)
          return (
            <BoardColumn key={stage.id} stageId={stage.id} title={stage.name} probability={stage.probability} count={cards.length} total={formatMoneyCompact(total, currency)}>
              <SortableContext items={cards.slice(0, COLUMN_LIMIT).map((deal) => deal.id)} strategy={verticalListSortingStrategy}>
                {cards.slice(0, COLUMN_LIMIT).map((deal) => (
                  <SortableDealCard key={deal.id} deal={deal} labels={labels} today={today} dragging={dragging} />
                ))}
              </SortableContext>
              {cards.length > COLUMN_LIMIT ? (
                <a href="#/deals/table" className="block px-1 py-1 text-center text-xs text-accent-700 hover:underline">
                  {(cards.length - COLUMN_LIMIT).toLocaleString()} more in the table
                </a>
              ) : null}
              {cards.length === 0 ? <p className="px-2 py-6 text-center text-xs text-slate-400">Drop deals here</p> : null}
            </BoardColumn>
          )
        })}
        <div className="flex w-44 shrink-0 flex-col gap-3">
          <CloseZone id={WON_ZONE} title="Won" count={closed.won.count} total={formatMoneyCompact(closed.won.total, currency)} tone="won" />
          <CloseZone id={LOST_ZONE} title="Lost" count={closed.lost.count} total={formatMoneyCompact(closed.lost.total, currency)} tone="lost" />
        </div>
      </div>
      <DragOverlay dropAnimation={null}>
        {active ? (
          <div className="h-full w-full rotate-1 rounded-lg border border-accent-300 bg-white p-3 shadow-xl">
            <DealCardBody deal={active} labels={labels} today={today} />
          </div>
        ) : null}
      </DragOverlay>
      <LostReasonDialog
        open={losing !== null}
        dealName={losing?.name ?? ''}
        onCancel={() => setLosing(null)}
        onConfirm={(reason) => losing && void lose(losing, reason)}
      />
    </DndContext>
  )
}

function BoardColumn({
  stageId,
  title,
  probability,
  count,
  total,
  children,
}: {
  stageId: string
  title: string
  probability: number
  count: number
  total: string
  children: ReactNode
}) {
  const { setNodeRef, isOver } = useDroppable({ id: columnDropId(stageId) })
  return (
    <section aria-label={`${title} stage`} className="flex max-w-80 min-w-56 flex-1 flex-col rounded-lg bg-slate-100/80">
      <header className="flex items-baseline justify-between gap-2 px-3 pt-2.5 pb-2">
        <h2 className="truncate text-sm font-semibold text-slate-800">
          {title} <span className="font-normal text-slate-500 tabular-nums">{count.toLocaleString()}</span>
        </h2>
        <span className="shrink-0 text-xs text-slate-500 tabular-nums" title={`Win probability ${probability} %`}>
          {total} · {probability} %
        </span>
      </header>
      <div ref={setNodeRef} data-stage={stageId} className={`flex min-h-24 flex-1 flex-col gap-2 overflow-y-auto rounded-b-lg px-2 pb-2 transition-colors ${isOver ? 'bg-accent-50' : ''}`}>
        {children}
      </div>
    </section>
  )
}

function CloseZone({ id, title, count, total, tone }: { id: string; title: string; count: number; total: string; tone: 'won' | 'lost' }) {
  const { setNodeRef, isOver } = useDroppable({ id })
  const colours =
    tone === 'won'
      ? isOver
        ? 'border-emerald-500 bg-emerald-100'
        : 'border-emerald-300 bg-emerald-50'
      : isOver
        ? 'border-red-500 bg-red-100'
        : 'border-red-200 bg-red-50'
  return (
    <div ref={setNodeRef} data-zone={tone} aria-label={`${title} drop zone`} className={`flex flex-1 flex-col items-center justify-center gap-1 rounded-lg border-2 border-dashed px-3 py-6 text-center transition-colors ${colours}`}>
      <span className={`text-sm font-semibold ${tone === 'won' ? 'text-emerald-800' : 'text-red-800'}`}>{title}</span>
      <span className="text-xs text-slate-600 tabular-nums">
        {count.toLocaleString()} {count === 1 ? 'deal' : 'deals'} · {total}
      </span>
      <span className="text-[11px] text-slate-500">Drop a deal here</span>
    </div>
  )
}

function SortableDealCard({ deal, labels, today, dragging }: { deal: Deal; labels: DealCardLabels; today: string; dragging: RefObject<boolean> }) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: deal.id })
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    listeners?.onKeyDown?.(event)
    if (event.key === 'Enter' && !dragging.current) navigate({ name: 'deal', id: deal.id })
  }
  return (
    <div
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      onKeyDown={onKeyDown}
      onClick={() => !dragging.current && navigate({ name: 'deal', id: deal.id })}
      aria-roledescription="deal card"
      aria-label={`${deal.name}, ${labels.contactName(deal.contactId) || 'no contact'}`}
      data-deal-id={deal.id}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={`cursor-grab rounded-lg border border-slate-200 bg-white p-3 shadow-sm outline-none hover:border-slate-300 focus-visible:ring-2 focus-visible:ring-accent-500 ${isDragging ? 'opacity-40' : ''}`}
    >
      <DealCardBody deal={deal} labels={labels} today={today} />
    </div>
  )
}
