import { createSlice, original, type PayloadAction } from '@reduxjs/toolkit'
import type { LifecycleStage } from '@core/schema'
import { EMPTY_CONTACT_QUERY, type ContactQuery, type ContactSortField } from '../../data/contactIndex'

export interface ContactsState {
  query: ContactQuery
  selectedIds: string[]
}

const initialState: ContactsState = { query: EMPTY_CONTACT_QUERY, selectedIds: [] }

export const contactsSlice = createSlice({
  name: 'contacts',
  initialState,
  reducers: {
    searchTextChanged(state, action: PayloadAction<string>) {
      state.query.text = action.payload
    },
    tagFilterSet(state, action: PayloadAction<string[]>) {
      state.query.tags = action.payload
    },
    stageFilterSet(state, action: PayloadAction<LifecycleStage[]>) {
      state.query.stages = action.payload
    },
    companyFilterSet(state, action: PayloadAction<string[]>) {
      state.query.companyIds = action.payload
    },
    filtersCleared(state) {
      state.query = { ...EMPTY_CONTACT_QUERY, sort: state.query.sort }
    },
    /** Clicking the sorted column flips direction; another column sorts ascending. */
    sortToggled(state, action: PayloadAction<ContactSortField>) {
      const same = state.query.sort.field === action.payload
      state.query.sort = { field: action.payload, direction: same && state.query.sort.direction === 'asc' ? 'desc' : 'asc' }
    },
    selectionSet(state, action: PayloadAction<string[]>) {
      state.selectedIds = action.payload
    },
    // Selections can hold 100,000 ids ("select all matching"): these work on the plain array and
    // assign once, because editing an Immer draft of that size costs a proxy trap per element.
    selectionToggled(state, action: PayloadAction<string>) {
      const ids = original(state.selectedIds) ?? []
      state.selectedIds = ids.includes(action.payload) ? ids.filter((id) => id !== action.payload) : [...ids, action.payload]
    },
    /** Adds ids (a shift-click range) without dropping what is already selected. */
    selectionAdded(state, action: PayloadAction<string[]>) {
      const ids = original(state.selectedIds) ?? []
      const selected = new Set(ids)
      state.selectedIds = [...ids, ...action.payload.filter((id) => !selected.has(id))]
    },
    selectionCleared(state) {
      state.selectedIds = []
    },
  },
})

export const {
  searchTextChanged,
  tagFilterSet,
  stageFilterSet,
  companyFilterSet,
  filtersCleared,
  sortToggled,
  selectionSet,
  selectionToggled,
  selectionAdded,
  selectionCleared,
} = contactsSlice.actions
