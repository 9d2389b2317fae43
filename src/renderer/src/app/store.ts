import { combineReducers, configureStore } from '@reduxjs/toolkit'
import { useDispatch, useSelector } from 'react-redux'
import { contactsSlice } from '../features/contacts/contactsSlice'
import { syncSlice } from './syncSlice'
import { uiSlice } from './uiSlice'

// Redux holds UI state only (filters, selection, dialogs, toasts, sync status); RxDB owns persisted data.
const rootReducer = combineReducers({
  [uiSlice.name]: uiSlice.reducer,
  [contactsSlice.name]: contactsSlice.reducer,
  [syncSlice.name]: syncSlice.reducer,
})

export type RootState = ReturnType<typeof rootReducer>

export function makeStore(preloadedState?: Partial<RootState>) {
  // The dev-only immutability/serializability checks walk the whole state on every action;
  // with 100,000 selected contact ids that alone costs 70–150 ms per action.
  const ignoredPaths = ['contacts.selectedIds']
  return configureStore({
    reducer: rootReducer,
    preloadedState,
    middleware: (getDefaultMiddleware) =>
      getDefaultMiddleware({ immutableCheck: { ignoredPaths }, serializableCheck: { ignoredPaths } }),
  })
}

export type AppStore = ReturnType<typeof makeStore>
export type AppDispatch = AppStore['dispatch']

export const useAppDispatch = useDispatch.withTypes<AppDispatch>()
export const useAppSelector = useSelector.withTypes<RootState>()
