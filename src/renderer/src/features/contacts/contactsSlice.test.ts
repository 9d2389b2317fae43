import { EMPTY_CONTACT_QUERY } from '../../data/contactIndex'
import {
  contactsSlice,
  filtersCleared,
  searchTextChanged,
  selectionAdded,
  selectionCleared,
  selectionSet,
  selectionToggled,
  sortToggled,
  stageFilterSet,
  tagFilterSet,
  type ContactsState,
} from './contactsSlice'

const reduce = contactsSlice.reducer
const initial = (): ContactsState => reduce(undefined, { type: 'init' })

describe('contactsSlice', () => {
  it('starts with no filters, name ascending and nothing selected', () => {
    expect(initial()).toEqual({ query: EMPTY_CONTACT_QUERY, selectedIds: [] })
  })

  it('clearing filters keeps the sort order the user chose', () => {
    let state = reduce(initial(), sortToggled('updatedAt'))
    state = reduce(state, searchTextChanged('ada'))
    state = reduce(state, tagFilterSet(['vip']))
    state = reduce(state, stageFilterSet(['customer']))
    state = reduce(state, filtersCleared())
    expect(state.query).toEqual({ ...EMPTY_CONTACT_QUERY, sort: { field: 'updatedAt', direction: 'asc' } })
  })

  it('sorting the same column twice flips direction; another column starts ascending', () => {
    let state = reduce(initial(), sortToggled('name'))
    expect(state.query.sort).toEqual({ field: 'name', direction: 'desc' })
    state = reduce(state, sortToggled('name'))
    expect(state.query.sort).toEqual({ field: 'name', direction: 'asc' })
    state = reduce(reduce(state, sortToggled('name')), sortToggled('email'))
    expect(state.query.sort).toEqual({ field: 'email', direction: 'asc' })
  })

  it('toggles, adds ranges without duplicates, and clears the selection', () => {
    let state = reduce(initial(), selectionToggled('a'))
    state = reduce(state, selectionToggled('b'))
    state = reduce(state, selectionToggled('a'))
    expect(state.selectedIds).toEqual(['b'])
    state = reduce(state, selectionAdded(['a', 'b', 'c']))
    expect(state.selectedIds).toEqual(['b', 'a', 'c'])
    state = reduce(state, selectionSet(['z']))
    expect(state.selectedIds).toEqual(['z'])
    expect(reduce(state, selectionCleared()).selectedIds).toEqual([])
  })
})
