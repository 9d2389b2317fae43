import { createContext, useContext } from 'react'
import type { ContactIndex } from './contactIndex'
import type { OutpostDatabase } from './database'
import type { SyncController } from './sync/syncController'

export interface OutpostData {
  db: OutpostDatabase
  contacts: ContactIndex
  sync: SyncController
}

export const DataContext = createContext<OutpostData | null>(null)

export function useData(): OutpostData {
  const data = useContext(DataContext)
  if (!data) throw new Error('useData outside <DataContext.Provider>')
  return data
}
