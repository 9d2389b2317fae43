import { aDeal } from '@core/testing/dealFixture'
import { sortDeals, type DealSortContext } from './dealsTableSort'

const context: DealSortContext = {
  stageRank: (stageId) => ['qualify', 'meeting', 'proposal'].indexOf(stageId),
  ownerName: (id) => ({ ana: 'Ana', bo: 'Bo' })[id] ?? '',
  contactName: (id) => ({ c1: 'Zed', c2: 'Amy' })[id] ?? '',
}
const deals = [
  aDeal({ id: '1', name: 'beta', stageId: 'proposal', amount: 500, closeDate: '2026-03-01', ownerId: 'bo', contactId: 'c1' }),
  aDeal({ id: '2', name: 'Alpha', stageId: 'qualify', amount: 9000, closeDate: '', ownerId: '', contactId: 'c2', status: 'won' }),
  aDeal({ id: '3', name: 'gamma 10', stageId: 'meeting', amount: 70, closeDate: '2026-01-15', ownerId: 'ana', contactId: '', status: 'lost' }),
  aDeal({ id: '4', name: 'gamma 9', stageId: 'meeting', amount: 70, closeDate: '2026-02-15', ownerId: 'ana', contactId: 'c1' }),
]
const ids = (list: { id: string }[]) => list.map((deal) => deal.id)

describe('sortDeals', () => {
  it('sorts names alphabetically (case and numbers the human way)', () => {
    expect(ids(sortDeals(deals, 'all', { field: 'name', direction: 'asc' }, context))).toEqual(['2', '1', '4', '3'])
    expect(ids(sortDeals(deals, 'all', { field: 'name', direction: 'desc' }, context))).toEqual(['3', '4', '1', '2'])
  })

  it('sorts stages by pipeline order and amounts as numbers', () => {
    expect(ids(sortDeals(deals, 'all', { field: 'stage', direction: 'asc' }, context))).toEqual(['2', '4', '3', '1'])
    expect(ids(sortDeals(deals, 'all', { field: 'amount', direction: 'desc' }, context))).toEqual(['2', '1', '4', '3'])
  })

  it('keeps empty values last in both directions', () => {
    expect(ids(sortDeals(deals, 'all', { field: 'closeDate', direction: 'asc' }, context))).toEqual(['3', '4', '1', '2'])
    expect(ids(sortDeals(deals, 'all', { field: 'closeDate', direction: 'desc' }, context))).toEqual(['1', '4', '3', '2'])
    expect(ids(sortDeals(deals, 'all', { field: 'owner', direction: 'desc' }, context)).at(-1)).toBe('2')
    expect(ids(sortDeals(deals, 'all', { field: 'contact', direction: 'asc' }, context))).toEqual(['2', '1', '4', '3'])
  })

  it('filters by status', () => {
    expect(ids(sortDeals(deals, 'open', { field: 'name', direction: 'asc' }, context))).toEqual(['1', '4'])
    expect(ids(sortDeals(deals, 'lost', { field: 'status', direction: 'asc' }, context))).toEqual(['3'])
  })
})
