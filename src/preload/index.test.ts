import { beforeEach, describe, expect, it, vi } from 'vitest'

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: {
    invoke: vi.fn(async () => ({ ok: true })),
    on: vi.fn(),
    removeListener: vi.fn(),
    send: vi.fn(),
    sendSync: vi.fn(),
  },
}))
vi.mock('electron', () => electron)

// Loaded after the mock so the module-level exposeInMainWorld call hits it.
await import('./index')
const { outpostBridge } = await import('./bridge')

// The page can call the bridge with anything; these helpers drop the compile-time channel types on purpose.
type LooseBridge = {
  invoke(channel: string, payload?: unknown): Promise<unknown>
  on(channel: string, listener: unknown): () => void
}
const loose = outpostBridge as unknown as LooseBridge

describe('preload bridge', () => {
  beforeEach(() => {
    electron.ipcRenderer.invoke.mockClear()
    electron.ipcRenderer.on.mockClear()
    electron.ipcRenderer.removeListener.mockClear()
  })

  it('exposes exactly invoke and on as window.outpost', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1)
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledWith('outpost', outpostBridge)
    expect(Object.keys(outpostBridge).sort()).toEqual(['invoke', 'on'])
  })

  it('forwards contract invoke channels to ipcRenderer.invoke', async () => {
    await outpostBridge.invoke('shell:open-external', { url: 'https://example.com' })
    await outpostBridge.invoke('app:get-info')
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual([
      ['shell:open-external', { url: 'https://example.com' }],
      ['app:get-info', undefined],
    ])
  })

  it('forwards the desktop channels like any other contract channel', async () => {
    await outpostBridge.invoke('desktop:notify', { title: 'Campaign sent', body: 'Spring sale' })
    await outpostBridge.invoke('update:install')
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual([
      ['desktop:notify', { title: 'Campaign sent', body: 'Spring sale' }],
      ['update:install', undefined],
    ])
    outpostBridge.on('app:navigate', () => undefined)
    outpostBridge.on('update:status', () => undefined)
    expect(electron.ipcRenderer.on.mock.calls.map(([channel]) => channel)).toEqual(['app:navigate', 'update:status'])
  })

  it.each(['fs:read', 'menu:command', 'app:navigate', 'update:status', 'toString', '__proto__', ''])('throws on invoke channel %j', (channel) => {
    expect(() => loose.invoke(channel, {})).toThrow(/unknown channel/)
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled()
  })

  it.each(['app:get-info', 'desktop:notify', 'update:install', 'ipc:anything', 'hasOwnProperty'])('throws on event channel %j', (channel) => {
    expect(() => loose.on(channel, () => undefined)).toThrow(/unknown channel/)
    expect(electron.ipcRenderer.on).not.toHaveBeenCalled()
  })

  it('passes only the payload to listeners, never the IpcRendererEvent', () => {
    const listener = vi.fn()
    outpostBridge.on('menu:command', listener)
    const forward = electron.ipcRenderer.on.mock.calls[0]?.[1] as unknown as (event: unknown, payload: unknown) => void
    const event = { sender: electron.ipcRenderer, senderId: 0 }
    forward(event, { command: 'new-contact' })
    expect(listener).toHaveBeenCalledWith({ command: 'new-contact' })
    expect(listener.mock.calls[0]).toHaveLength(1)
  })

  it('unsubscribes the exact listener it registered', () => {
    const off = outpostBridge.on('menu:command', () => undefined)
    const forward = electron.ipcRenderer.on.mock.calls[0]?.[1]
    off()
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith('menu:command', forward)
  })

  it('rejects a non-function listener', () => {
    expect(() => loose.on('menu:command', 'alert(1)')).toThrow(/listener/)
  })

  it('never uses send or sendSync', async () => {
    await outpostBridge.invoke('app:get-info')
    expect(electron.ipcRenderer.send).not.toHaveBeenCalled()
    expect(electron.ipcRenderer.sendSync).not.toHaveBeenCalled()
  })
})
