import { platform } from '../platform'
import { trackActor } from './actor'
import { ContactIndex } from './contactIndex'
import { createOutpostDatabase } from './database'
import type { OutpostData } from './dataContext'
import { deviceClock } from './deviceClock'
import { SyncController } from './sync/syncController'
import { browserKeyValueStore, databaseToOpen, rememberOpenedDatabase } from './sync/workspaceDatabases'

let opening: Promise<OutpostData> | null = null

/**
 * Opens the signed-in workspace's database (or the last one used), starts the contact index and
 * the sync controller once per process, outside React. Another workspace means another
 * database: switching reloads the window, which closes every collection before reopening.
 */
export function openData(): Promise<OutpostData> {
  opening ??= (async () => {
    const initialSession = await platform.getSession().catch(() => ({ session: null, persisted: false }))
    const storage = browserKeyValueStore()
    const databaseName = databaseToOpen(initialSession.session?.workspaceId ?? null, storage)
    // The desktop app is one window of a single instance: no other tab to tell about each write,
    // and skipping that broadcast makes bulk writes (imports) about 16 % faster.
    const db = await createOutpostDatabase({ name: databaseName, multiInstance: platform.kind !== 'electron' })
    rememberOpenedDatabase(databaseName, storage)
    // Start-up milestones, read by bench/local-db.mjs and visible in DevTools.
    performance.mark('outpost:database-open')
    const contacts = new ContactIndex()
    void contacts.attach(db)
    const sync = new SyncController({
      database: db,
      databaseName,
      sessions: platform,
      initialSession,
      fetch: (input, init) => fetch(input, init),
      storage,
      reload: () => window.location.reload(),
      clock: deviceClock,
    })
    trackActor(sync)
    sync.start()
    return { db, contacts, sync }
  })()
  return opening
}
