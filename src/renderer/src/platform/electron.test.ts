import { describe, expect, it, vi } from 'vitest'
import type { OutpostBridge } from '../../../shared/ipc-contract'
import { createElectronPlatform } from './electron'

function fakeBridge() {
  const listeners: Array<(payload: { command: string }) => void> = []
  const byChannel = new Map<string, (payload: unknown) => void>()
  const unsubscribe = vi.fn()
  const invoke = vi.fn(async (channel: string, _payload?: unknown) => {
    if (channel === 'app:get-info') return { name: 'Outpost', version: '0.1.0', platform: 'linux' }
    if (channel === 'app:renderer-ready') return { route: '#/contacts/abc', command: null }
    return { ok: true }
  })
  const bridge = {
    invoke,
    on: vi.fn((channel: string, listener: (payload: { command: string }) => void) => {
      listeners.push(listener)
      byChannel.set(channel, listener as (payload: unknown) => void)
      return unsubscribe
    }),
  }
  const emit = (channel: string, payload: unknown) => byChannel.get(channel)?.(payload)
  return { bridge: bridge as unknown as OutpostBridge, invoke, on: bridge.on, listeners, unsubscribe, emit }
}

describe('electron platform', () => {
  it('reads app info through the bridge', async () => {
    const { bridge, invoke } = fakeBridge()
    await expect(createElectronPlatform(bridge).getAppInfo()).resolves.toEqual({ name: 'Outpost', version: '0.1.0', platform: 'linux' })
    expect(invoke).toHaveBeenCalledWith('app:get-info')
  })

  it('asks main to open links', async () => {
    const { bridge, invoke } = fakeBridge()
    await createElectronPlatform(bridge).openExternal('https://example.com')
    expect(invoke).toHaveBeenCalledWith('shell:open-external', { url: 'https://example.com' })
  })

  it('reads, stores and clears the session through main, and copies text through main', async () => {
    const { bridge, invoke } = fakeBridge()
    const platform = createElectronPlatform(bridge)
    const session = {
      serverUrl: 'http://127.0.0.1:3100',
      token: 't',
      user: { id: 'u1', email: 'ada@example.com', name: 'Ada' },
      workspaceId: 'w1',
      workspaces: [],
    }
    await platform.getSession()
    await platform.setSession(session)
    await platform.clearSession()
    await platform.copyText('INVITE')
    expect(invoke.mock.calls).toEqual([['session:get'], ['session:set', session], ['session:clear'], ['clipboard:write-text', { text: 'INVITE' }]])
  })

  it('delivers menu commands as plain command names and unsubscribes', () => {
    const { bridge, on, listeners, unsubscribe } = fakeBridge()
    const received: string[] = []
    const off = createElectronPlatform(bridge).onMenuCommand((command) => received.push(command))
    expect(on).toHaveBeenCalledWith('menu:command', expect.any(Function))
    listeners[0]?.({ command: 'new-contact' })
    expect(received).toEqual(['new-contact'])
    off()
    expect(unsubscribe).toHaveBeenCalled()
  })

  it('asks main for what waited for this page only once, however often React mounts', async () => {
    const { bridge, invoke } = fakeBridge()
    const platform = createElectronPlatform(bridge)
    const first = platform.rendererReady()
    const second = platform.rendererReady()
    await expect(first).resolves.toEqual({ route: '#/contacts/abc', command: null })
    await expect(second).resolves.toEqual({ route: '#/contacts/abc', command: null })
    expect(invoke.mock.calls.filter(([channel]) => channel === 'app:renderer-ready')).toHaveLength(1)
  })

  it('delivers navigation and update events as plain values', () => {
    const { bridge, emit } = fakeBridge()
    const platform = createElectronPlatform(bridge)
    const routes: string[] = []
    const statuses: unknown[] = []
    platform.onNavigate((route) => routes.push(route))
    platform.onUpdateStatus((status) => statuses.push(status))
    emit('app:navigate', { route: '#/campaigns/x' })
    emit('update:status', { state: 'downloading', percent: 5, userInitiated: false })
    expect(routes).toEqual(['#/campaigns/x'])
    expect(statuses).toEqual([{ state: 'downloading', percent: 5, userInitiated: false }])
  })

  it('sends updates, sync state, notifications and the badge to main', async () => {
    const { bridge, invoke } = fakeBridge()
    const platform = createElectronPlatform(bridge)
    await platform.getUpdateStatus()
    await platform.checkForUpdates()
    await platform.installUpdate()
    await platform.reportSyncState({ phase: 'synced', label: 'Synced just now' })
    await platform.notify({ title: 'Campaign sent', body: 'b', route: '#/campaigns/x/report' })
    await platform.setBadgeCount(3)
    expect(invoke.mock.calls).toEqual([
      ['update:get-status'],
      ['update:check'],
      ['update:install'],
      ['desktop:sync-state', { phase: 'synced', label: 'Synced just now' }],
      ['desktop:notify', { title: 'Campaign sent', body: 'b', route: '#/campaigns/x/report' }],
      ['desktop:badge', { count: 3 }],
    ])
  })
})
