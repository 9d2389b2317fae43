import { describe, expect, it, vi } from 'vitest'
import type { OutpostBridge } from '../../../shared/ipc-contract'
import { createElectronPlatform } from './electron'

function fakeBridge() {
  const listeners: Array<(payload: { command: string }) => void> = []
  const unsubscribe = vi.fn()
  const invoke = vi.fn(async (channel: string) =>
    channel === 'app:get-info' ? { name: 'Outpost', version: '0.1.0', platform: 'linux' } : { ok: true },
  )
  const bridge = {
    invoke,
    on: vi.fn((_channel: string, listener: (payload: { command: string }) => void) => {
      listeners.push(listener)
      return unsubscribe
    }),
  }
  return { bridge: bridge as unknown as OutpostBridge, invoke, on: bridge.on, listeners, unsubscribe }
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
})
