import { render, type RenderOptions } from '@testing-library/react'
import type { ReactElement, ReactNode } from 'react'
import { Provider } from 'react-redux'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { makeStore, type AppStore, type RootState } from '../app/store'
import { ContactIndex } from '../data/contactIndex'
import { DataContext, type OutpostData } from '../data/dataContext'
import { createOutpostDatabase } from '../data/database'

let dbCounter = 0

/** A fresh in-memory database with a live contact index, as the app has after openData(). */
export async function createTestData(): Promise<OutpostData> {
  const db = await createOutpostDatabase({ name: `test${Date.now()}x${dbCounter++}`, storage: getRxStorageMemory() })
  const contacts = new ContactIndex()
  await contacts.attach(db)
  return { db, contacts }
}

interface ProviderOptions extends Omit<RenderOptions, 'wrapper'> {
  data: OutpostData
  preloadedState?: Partial<RootState>
  store?: AppStore
}

/** Renders with the Redux store and the data context (RTK template's renderWithProviders). */
export function renderWithProviders(ui: ReactElement, { data, preloadedState, store = makeStore(preloadedState), ...options }: ProviderOptions) {
  function Wrapper({ children }: { children: ReactNode }) {
    return (
      <Provider store={store}>
        <DataContext.Provider value={data}>{children}</DataContext.Provider>
      </Provider>
    )
  }
  return { store, ...render(ui, { wrapper: Wrapper, ...options }) }
}
