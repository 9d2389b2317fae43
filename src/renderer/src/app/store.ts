import { combineReducers, configureStore } from '@reduxjs/toolkit'
import { useDispatch, useSelector } from 'react-redux'
import { contactsSlice } from '../features/contacts/contactsSlice'
import { uiSlice } from './uiSlice'

// Redux holds UI state only (filters, selection, dialogs, toasts); RxDB owns persisted data.
const rootReducer = combineReducers({
  [uiSlice.name]: uiSlice.reducer,
  [contactsSlice.name]: contactsSlice.reducer,
})

export type RootState = ReturnType<typeof rootReducer>

export function makeStore(preloadedState?: Partial<RootState>) {
  return configureStore({ reducer: rootReducer, preloadedState })
}

export type AppStore = ReturnType<typeof makeStore>
export type AppDispatch = AppStore['dispatch']

export const useAppDispatch = useDispatch.withTypes<AppDispatch>()
export const useAppSelector = useSelector.withTypes<RootState>()
