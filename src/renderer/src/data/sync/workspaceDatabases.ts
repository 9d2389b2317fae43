import { LOCAL_DATABASE_NAME } from '../collections'

/** The part of localStorage the binding needs (injected in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

/** Which workspace adopted the local-only database: it holds that workspace's data from then on. */
const LOCAL_DATABASE_OWNER_KEY = 'outpost.localDatabaseOwner'
/** The database opened last, reopened while signed out so local data stays in view. */
const LAST_DATABASE_KEY = 'outpost.lastDatabase'

/**
 * The local database of a workspace: the local-only database for the first workspace this device
 * signs into (so what was made before signing in is pushed there), `outpost-<id>` for any other.
 */
export function databaseNameForWorkspace(workspaceId: string, store: KeyValueStore): string {
  const owner = store.getItem(LOCAL_DATABASE_OWNER_KEY)
  if (owner === null || owner === workspaceId) return LOCAL_DATABASE_NAME
  return `${LOCAL_DATABASE_NAME}-${workspaceId.toLowerCase()}`
}

/** True until a workspace adopts the local-only database. */
export function isLocalDatabaseUnclaimed(store: KeyValueStore): boolean {
  return store.getItem(LOCAL_DATABASE_OWNER_KEY) === null
}

/** Like databaseNameForWorkspace, and records the adoption when this is the device's first workspace. */
export function bindWorkspaceDatabase(workspaceId: string, store: KeyValueStore): string {
  if (store.getItem(LOCAL_DATABASE_OWNER_KEY) === null) store.setItem(LOCAL_DATABASE_OWNER_KEY, workspaceId)
  return databaseNameForWorkspace(workspaceId, store)
}

/** The database to open at start: the signed-in workspace's, else the last one used (local data stays after signing out). */
export function databaseToOpen(workspaceId: string | null, store: KeyValueStore): string {
  if (workspaceId) return bindWorkspaceDatabase(workspaceId, store)
  const last = store.getItem(LAST_DATABASE_KEY)
  return last && /^outpost(-[a-z0-9]{1,64})?$/.test(last) ? last : LOCAL_DATABASE_NAME
}

export function rememberOpenedDatabase(name: string, store: KeyValueStore): void {
  store.setItem(LAST_DATABASE_KEY, name)
}

/** localStorage when the browser allows it; a throwaway map otherwise (private modes, Node). */
export function browserKeyValueStore(): KeyValueStore {
  try {
    if (typeof localStorage !== 'undefined') return localStorage
  } catch {
    // Access denied: fall through.
  }
  const map = new Map<string, string>()
  return { getItem: (key) => map.get(key) ?? null, setItem: (key, value) => void map.set(key, value) }
}
