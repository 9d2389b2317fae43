import { createSlice, type PayloadAction } from '@reduxjs/toolkit'
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
    selectionToggled(state, action: PayloadAction<string>) {
      const index = state.selectedIds.indexOf(action.payload)
      if (index === -1) state.selectedIds.push(action.payload)
      else state.selectedIds.splice(index, 1)
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
  selectionCleared,
} = contactsSlice.actions
