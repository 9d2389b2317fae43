import { runAppCommand, type SyncNowPort } from './appCommands'
import { makeStore } from './store'

function syncPort(account: unknown): SyncNowPort & { calls: number } {
  const port = {
    calls: 0,
    syncNow() {
      port.calls++
    },
    getSnapshot: () => ({ account }),
  }
  return port
}

describe('runAppCommand', () => {
  beforeEach(() => {
    window.location.hash = '#/contacts'
  })

  it('Sync Now syncs when an account is signed in, and stays on the screen', () => {
    const store = makeStore()
    const sync = syncPort({ email: 'ada@example.com' })
    runAppCommand('sync-now', store.dispatch, sync)
    expect(sync.calls).toBe(1)
    expect(window.location.hash).toBe('#/contacts')
  })

  it('Sync Now without an account shows where to sign in instead', () => {
    const store = makeStore()
    const sync = syncPort(null)
    runAppCommand('sync-now', store.dispatch, sync)
    expect(sync.calls).toBe(0)
    expect(window.location.hash).toBe('#/settings/sync')
    expect(JSON.stringify(store.getState().ui)).toContain('Sign in to a sync server')
  })

  it('Import Contacts opens the import screen', () => {
    runAppCommand('go-import', makeStore().dispatch, syncPort(null))
    expect(window.location.hash).toBe('#/import')
  })
})
