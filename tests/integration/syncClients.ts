import { createRxDatabase } from 'rxdb'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { HlcClock } from '../../src/core/hlc'
import { outpostCollectionCreators, type OutpostCollections, type OutpostDatabase } from '../../src/renderer/src/data/collections'
import { PendingChanges } from '../../src/renderer/src/data/sync/pendingChanges'
import { SyncEngine, type SyncEngineOptions } from '../../src/renderer/src/data/sync/syncEngine'
import { fakeNetwork, type SwitchableNetwork } from '../../src/renderer/src/test/fakeNetwork'

// Node "devices": the app's own RxDB collections and SyncEngine, talking HTTP to a real
// sync-server process. RxDB's memory storage, not Dexie over fake-indexeddb: fake-indexeddb's
// pure-JS index scans make each replication round slower as the meta store grows (a 3,000-contact
// push took 35 s instead of 2 s); these tests are about the protocol, and the browser's real
// IndexedDB path is covered by tests/e2e/sync.spec.ts and bench/sync.mjs.

let counter = 0

export const DEVICE_COLLECTIONS = ['contacts', 'members'] as const

export interface NodeDevice {
  db: OutpostDatabase
  engine: SyncEngine
  clock: HlcClock
  network: SwitchableNetwork
  close(): Promise<void>
}

export async function openDevice(options: {
  serverUrl: () => string
  token: string
  workspaceId: string
  node: string
  engine?: Partial<SyncEngineOptions>
}): Promise<NodeDevice> {
  counter += 1
  const db = await createRxDatabase<OutpostCollections>({
    name: `device${counter}-${options.node}`,
    storage: getRxStorageMemory(),
    multiInstance: false,
  })
  // Only what these tests replicate: RxDB's free tier allows 13 open collections per process,
  // and several devices share this one.
  const { contacts, members } = outpostCollectionCreators()
  await db.addCollections({ contacts, members })
  const clock = new HlcClock(options.node)
  const network = fakeNetwork()
  const engine = new SyncEngine({
    database: db,
    fetch: (input, init) => fetch(input, init),
    credentials: () => ({ serverUrl: options.serverUrl(), token: options.token, workspaceId: options.workspaceId }),
    clock,
    network,
    pending: new PendingChanges(),
    collections: DEVICE_COLLECTIONS,
    retryTimeMs: 50,
    backoff: { baseMs: 50, maxMs: 500 },
    ...options.engine,
  })
  return {
    db,
    engine,
    clock,
    network,
    async close() {
      await engine.stop()
      if (!db.closed) await db.remove()
    },
  }
}

/** Waits for `check` to hold, re-checking whenever the engine reports; fails after `timeoutMs`. */
export async function waitFor(device: NodeDevice, check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise<void>((resolve) => {
      const unsubscribe = device.engine.subscribe(() => {
        unsubscribe()
        resolve()
      })
      // Also re-check now and then: not every change is an engine report (e.g. a stream write).
      setTimeout(() => {
        unsubscribe()
        resolve()
      }, 100)
    })
  }
}
