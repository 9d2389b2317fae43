import type { CollectionName } from '@core/schema'
import { render, type RenderOptions } from '@testing-library/react'
import type { ReactElement, ReactNode } from 'react'
import { Provider } from 'react-redux'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { makeStore, type AppStore, type RootState } from '../app/store'
import { ContactIndex } from '../data/contactIndex'
import { DataContext, type OutpostData } from '../data/dataContext'
import { createOutpostDatabase } from '../data/database'
import { SyncController, type SessionPort } from '../data/sync/syncController'
import type { FetchLike } from '../data/sync/syncHttp'
import type { KeyValueStore } from '../data/sync/workspaceDatabases'
import { useSyncBridge } from '../app/useSyncBridge'
import type { SessionState, SyncSession } from '../platform'

let dbCounter = 0

/** A session store in memory, as the platform's would be (persisted like a keyring-backed one). */
export function memorySessions(initial: SyncSession | null = null, persisted = true): SessionPort & { current: SyncSession | null } {
  const port = {
    current: initial,
    getSession: async (): Promise<SessionState> => ({ session: port.current, persisted }),
    setSession: async (session: SyncSession) => {
      port.current = session
      return { persisted }
    },
    clearSession: async () => {
      port.current = null
    },
  }
  return port
}

export function memoryKeyValueStore(entries: Record<string, string> = {}): KeyValueStore & { entries: Map<string, string> } {
  const map = new Map(Object.entries(entries))
  return { entries: map, getItem: (key) => map.get(key) ?? null, setItem: (key, value) => void map.set(key, value) }
}

/** No sync server unless a test stubs one: any request fails like an unreachable host. */
const unreachable: FetchLike = async () => {
  throw new TypeError('Failed to fetch')
}

export interface TestDataOptions {
  fetch?: FetchLike
  sessions?: SessionPort & { current: SyncSession | null }
  storage?: KeyValueStore
  reload?: () => void
  databaseName?: string
  /** Open (and sync) only these collections: tests with two devices in one process stay under RxDB's 13. */
  collections?: readonly CollectionName[]
}

/** A fresh in-memory database with a live contact index and a (signed-out) sync controller, as the app has after openData(). */
export async function createTestData(options: TestDataOptions = {}): Promise<OutpostData> {
  const db = await createOutpostDatabase({ name: `test${Date.now()}x${dbCounter++}`, storage: getRxStorageMemory(), collections: options.collections })
  const contacts = new ContactIndex()
  await contacts.attach(db)
  const sessions = options.sessions ?? memorySessions()
  const sync = new SyncController({
    database: db,
    databaseName: options.databaseName ?? 'outpost',
    sessions,
    initialSession: await sessions.getSession(),
    fetch: options.fetch ?? unreachable,
    storage: options.storage ?? memoryKeyValueStore(),
    reload: options.reload ?? (() => undefined),
    engine: { retryTimeMs: 10, ...(options.collections ? { collections: options.collections } : {}) },
  })
  return { db, contacts, sync }
}

/** Undoes createTestData: stops the sync controller, the contact index, and closes the database. */
export async function closeTestData(data: OutpostData): Promise<void> {
  await data.sync.dispose()
  data.contacts.detach()
  await data.db.close()
}

interface ProviderOptions extends Omit<RenderOptions, 'wrapper'> {
  data: OutpostData
  preloadedState?: Partial<RootState>
  store?: AppStore
}

function SyncBridge() {
  useSyncBridge()
  return null
}

/** Renders with the Redux store and the data context (RTK template's renderWithProviders). */
export function renderWithProviders(ui: ReactElement, { data, preloadedState, store = makeStore(preloadedState), ...options }: ProviderOptions) {
  function Wrapper({ children }: { children: ReactNode }) {
    return (
      <Provider store={store}>
        <DataContext.Provider value={data}>
          <SyncBridge />
          {children}
        </DataContext.Provider>
      </Provider>
    )
  }
  return { store, ...render(ui, { wrapper: Wrapper, ...options }) }
}
