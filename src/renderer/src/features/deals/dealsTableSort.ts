import type { Deal, DealStatus } from '@core/schema'

export const DEAL_SORT_FIELDS = ['name', 'stage', 'amount', 'closeDate', 'owner', 'contact', 'status'] as const
export type DealSortField = (typeof DEAL_SORT_FIELDS)[number]
export interface DealSort {
  field: DealSortField
  direction: 'asc' | 'desc'
}

export interface DealSortContext {
  /** Board order of a stage (stage column sorts by pipeline order, not by name). */
  stageRank: (stageId: string) => number
  ownerName: (id: string) => string
  contactName: (id: string) => string
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })
const statusRank: Record<DealStatus, number> = { open: 0, won: 1, lost: 2 }

/**
 * Deals filtered by status and sorted by a column. Empty values (no close date, no owner, no
 * contact) go last in both directions: they are never what someone sorting by that column wants.
 */
export function sortDeals<D extends Deal>(deals: readonly D[], status: DealStatus | 'all', sort: DealSort, context: DealSortContext): D[] {
  const filtered = status === 'all' ? [...deals] : deals.filter((deal) => deal.status === status)
  const sign = sort.direction === 'asc' ? 1 : -1
  const key = (deal: D): string | number => {
    switch (sort.field) {
      case 'name':
        return deal.name
      case 'stage':
        return context.stageRank(deal.stageId)
      case 'amount':
        return deal.amount
      case 'closeDate':
        return deal.closeDate
      case 'owner':
        return context.ownerName(deal.ownerId)
      case 'contact':
        return context.contactName(deal.contactId)
      case 'status':
        return statusRank[deal.status]
    }
  }
  const keyed = filtered.map((deal) => ({ deal, key: key(deal) }))
  keyed.sort((a, b) => {
    const aEmpty = a.key === ''
    const bEmpty = b.key === ''
    if (aEmpty !== bEmpty) return aEmpty ? 1 : -1
    const order = typeof a.key === 'number' && typeof b.key === 'number' ? a.key - b.key : collator.compare(String(a.key), String(b.key))
    return order * sign || collator.compare(a.deal.name, b.deal.name)
  })
  return keyed.map((entry) => entry.deal)
}
