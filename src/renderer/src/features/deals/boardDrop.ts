import { fitsBetween, positionBetween, spacedPositions } from '@core/deals/pipeline'
import type { Deal } from '@core/schema'

// What a drop on the board means, worked out without the DOM so it can be tested: a droppable
// id names a column (`column:<stageId>`), a close zone (`zone:won` / `zone:lost`) or a card (its deal id).

export const columnDropId = (stageId: string) => `column:${stageId}`
export const WON_ZONE = 'zone:won'
export const LOST_ZONE = 'zone:lost'

export type BoardColumns = ReadonlyMap<string, readonly Pick<Deal, 'id' | 'position'>[]>

export type BoardDrop =
  | { kind: 'none' }
  | { kind: 'close'; outcome: 'won' | 'lost' }
  /** `renumber`: the column's gap is used up; these positions (in order, the moved deal included) replace the old ones. */
  | { kind: 'move'; stageId: string; position: number; renumber?: { id: string; position: number }[] }

/** Open deals of a pipeline grouped by stage, each column in board order. */
export function boardColumns<D extends Pick<Deal, 'id' | 'stageId' | 'position'>>(deals: readonly D[], stageIds: readonly string[]): Map<string, D[]> {
  const columns = new Map<string, D[]>(stageIds.map((id) => [id, []]))
  const first = stageIds[0]
  for (const deal of deals) {
    // A deal whose stage was removed on another device shows in the first column until moved.
    const column = columns.get(deal.stageId) ?? (first === undefined ? undefined : columns.get(first))
    column?.push(deal)
  }
  for (const column of columns.values()) column.sort((a, b) => a.position - b.position || a.id.localeCompare(b.id))
  return columns
}

/** The stage column a droppable id belongs to (a column itself or a card in it). */
export function columnOf(columns: BoardColumns, overId: string): string | undefined {
  if (overId.startsWith('column:')) return overId.slice('column:'.length)
  for (const [stageId, deals] of columns) if (deals.some((deal) => deal.id === overId)) return stageId
  return undefined
}

export function resolveDrop(columns: BoardColumns, activeId: string, overId: string | null): BoardDrop {
  if (overId === null) return { kind: 'none' }
  if (overId === WON_ZONE) return { kind: 'close', outcome: 'won' }
  if (overId === LOST_ZONE) return { kind: 'close', outcome: 'lost' }
  const stageId = columnOf(columns, overId)
  if (stageId === undefined) return { kind: 'none' }
  const column = columns.get(stageId) ?? []
  const fromIndex = column.findIndex((deal) => deal.id === activeId)
  const others = column.filter((deal) => deal.id !== activeId)
  let insertAt = others.length
  if (!overId.startsWith('column:') && overId !== activeId) {
    const overIndex = others.findIndex((deal) => deal.id === overId)
    // Within a column a card dragged down lands after the card it is over (like arrayMove);
    // from another column it lands before it.
    const overOriginal = column.findIndex((deal) => deal.id === overId)
    insertAt = fromIndex >= 0 && fromIndex < overOriginal ? overIndex + 1 : overIndex
  } else if (overId === activeId && fromIndex >= 0) {
    return { kind: 'none' }
  }
  const before = others[insertAt - 1]?.position
  const after = others[insertAt]?.position
  const position = positionBetween(before, after)
  if (fitsBetween(position, before, after)) return { kind: 'move', stageId, position }
  const order = [...others.slice(0, insertAt).map((deal) => deal.id), activeId, ...others.slice(insertAt).map((deal) => deal.id)]
  const positions = spacedPositions(order.length)
  const renumber = order.map((id, index) => ({ id, position: positions[index] ?? 0 }))
  return { kind: 'move', stageId, position: positions[insertAt] ?? 0, renumber }
}
