import type { IpcMain, WebContents, WebFrameMain } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { resolveAppOrigin } from './app-origin'
import { createBadge } from './badge'
import { createInvokeHandlers } from './invoke-handlers'
import { createSenderGuard, registerInvokeHandlers, sendToRenderer, type InvokeHandlers } from './ipc'
import { createRendererInbox } from './renderer-inbox'
import { createSessionStore, type SessionFiles } from './session-store'
import { createUpdater } from './updater'

const appOrigin = resolveAppOrigin({ devServerUrl: undefined, rendererIndexPath: '/opt/Outpost/out/renderer/index.html' })
const appUrl = 'file:///opt/Outpost/out/renderer/index.html#/contacts'

function frame(overrides: Partial<WebFrameMain> = {}): WebFrameMain {
  return { processId: 4, frameToken: 'main-token', url: appUrl, ...overrides } as WebFrameMain
}

function setup() {
  const mainFrame = frame()
  const contents = { mainFrame, isDestroyed: () => false } as unknown as WebContents
  const listeners = new Map<string, (event: { senderFrame: WebFrameMain | null }, payload: unknown) => Promise<unknown>>()
  const ipcMain = { handle: vi.fn((channel: string, listener) => listeners.set(channel, listener)) } as unknown as Pick<IpcMain, 'handle'>
  const openExternal = vi.fn(async (_url: string) => ({ ok: true as const }))
  const files = new Map<string, Buffer>()
  const memoryFiles: SessionFiles = {
    read: (path) => files.get(path) ?? null,
    write: (path, data) => void files.set(path, data),
    remove: (path) => void files.delete(path),
  }
  const cipher = {
    isEncryptionAvailable: () => true,
    encryptString: (text: string) => Buffer.from(text, 'utf8').reverse(),
    decryptString: (data: Buffer) => Buffer.from(data).reverse().toString('utf8'),
  }
  const writeClipboardText = vi.fn()
  const inbox = createRendererInbox({ sendRoute: vi.fn(), sendCommand: vi.fn(), focus: vi.fn() })
  // A development build: the updater is off, which is also what these handlers must report.
  const updater = createUpdater({ engine: null, publish: vi.fn() })
  const tray = { setSyncState: vi.fn() }
  const notify = vi.fn(() => ({ shown: true }))
  const setBadgeCount = vi.fn(() => true)
  const handlers: InvokeHandlers = createInvokeHandlers({
    getName: () => 'Outpost',
    getVersion: () => '0.1.0',
    platform: 'linux',
    openExternal,
    sessions: createSessionStore({ cipher, filePath: '/userData/sync-session.bin', files: memoryFiles, platform: 'darwin' }),
    writeClipboardText,
    inbox,
    updater,
    tray,
    notifier: { notify },
    badge: createBadge({ platform: 'darwin', setBadgeCount, setWindowsOverlay: vi.fn() }),
  })
  registerInvokeHandlers(ipcMain, handlers, createSenderGuard(() => contents, appOrigin))
  const invoke = (channel: string, payload: unknown, senderFrame: WebFrameMain | null = mainFrame) => {
    const listener = listeners.get(channel)
    if (!listener) throw new Error(`no handler for ${channel}`)
    return listener({ senderFrame }, payload)
  }
  return { invoke, listeners, openExternal, mainFrame, files, writeClipboardText, inbox, tray, notify, setBadgeCount }
}

const session = {
  serverUrl: 'https://sync.example.com',
  token: 'opaque-token-123',
  user: { id: '01JUSER0000000000000000000', email: 'ada@example.com', name: 'Ada' },
  workspaceId: '01JWORKSPACE00000000000000',
  workspaces: [{ id: '01JWORKSPACE00000000000000', name: 'Acme', role: 'owner' as const }],
}

describe('IPC handlers', () => {
  it('registers a handler for every contract channel and nothing else', () => {
    expect([...setup().listeners.keys()].sort()).toEqual([
      'app:get-info',
      'app:renderer-ready',
      'clipboard:write-text',
      'desktop:badge',
      'desktop:notify',
      'desktop:sync-state',
      'session:clear',
      'session:get',
      'session:set',
      'shell:open-external',
      'update:check',
      'update:get-status',
      'update:install',
    ])
  })

  it('answers a valid request from the app window', async () => {
    const { invoke, openExternal } = setup()
    await expect(invoke('app:get-info', undefined)).resolves.toEqual({ name: 'Outpost', version: '0.1.0', platform: 'linux' })
    await expect(invoke('shell:open-external', { url: 'https://example.com' })).resolves.toEqual({ ok: true })
    expect(openExternal).toHaveBeenCalledWith('https://example.com')
  })

  it.each([
    ['a missing url', {}],
    ['a non-string url', { url: 42 }],
    ['an extra field', { url: 'https://example.com', command: 'rm -rf' }],
    ['no payload', undefined],
    ['a bare string', 'https://example.com'],
  ])('rejects %s and does nothing', async (_name, payload) => {
    const { invoke, openExternal } = setup()
    await expect(invoke('shell:open-external', payload)).rejects.toThrow(/shell:open-external refused: invalid payload/)
    expect(openExternal).not.toHaveBeenCalled()
  })

  it('rejects a payload sent to a channel that takes none', async () => {
    await expect(setup().invoke('app:get-info', { x: 1 })).rejects.toThrow(/invalid payload/)
  })

  it.each([
    ['a subframe', frame({ frameToken: 'iframe-token' })],
    ['another renderer process', frame({ processId: 9 })],
    ['a foreign page in the main frame', frame({ url: 'https://evil.example/' })],
    ['another local file', frame({ url: 'file:///tmp/evil.html' })],
    ['a destroyed frame', null],
  ])('rejects a call from %s and does nothing', async (_name, sender) => {
    const { invoke, openExternal } = setup()
    await expect(invoke('shell:open-external', { url: 'https://example.com' }, sender)).rejects.toThrow(
      /refused: the sender is not the Outpost window/,
    )
    await expect(invoke('app:get-info', undefined, sender)).rejects.toThrow(/refused/)
    expect(openExternal).not.toHaveBeenCalled()
  })

  it('stores, returns and clears the sync session, encrypted at rest', async () => {
    const { invoke, files } = setup()
    await expect(invoke('session:get', undefined)).resolves.toEqual({ session: null, persisted: true })
    await expect(invoke('session:set', session)).resolves.toEqual({ persisted: true })
    expect(files.get('/userData/sync-session.bin')?.toString('utf8')).not.toContain('opaque-token-123')
    await expect(invoke('session:get', undefined)).resolves.toEqual({ session, persisted: true })
    await expect(invoke('session:clear', undefined)).resolves.toEqual({ ok: true })
    await expect(invoke('session:get', undefined)).resolves.toEqual({ session: null, persisted: true })
    expect(files.size).toBe(0)
  })

  it.each([
    ['a non-http server', { ...session, serverUrl: 'file:///etc/passwd' }],
    ['an empty token', { ...session, token: '' }],
    ['an unknown role', { ...session, workspaces: [{ ...session.workspaces[0], role: 'root' }] }],
    ['an extra field', { ...session, admin: true }],
  ])('refuses to store a session with %s', async (_name, payload) => {
    const { invoke, files } = setup()
    await expect(invoke('session:set', payload)).rejects.toThrow(/session:set refused: invalid payload/)
    expect(files.size).toBe(0)
  })

  it('copies text to the clipboard and refuses oversized text', async () => {
    const { invoke, writeClipboardText } = setup()
    await expect(invoke('clipboard:write-text', { text: 'INVITE-42' })).resolves.toEqual({ ok: true })
    expect(writeClipboardText).toHaveBeenCalledWith('INVITE-42')
    await expect(invoke('clipboard:write-text', { text: 'x'.repeat(20_000) })).rejects.toThrow(/invalid payload/)
    expect(writeClipboardText).toHaveBeenCalledTimes(1)
  })

  it('hands the renderer the deep link and command that waited for it, once', async () => {
    const { invoke, inbox } = setup()
    inbox.navigate('#/contacts/01HZX3Q4N8W2M5K7T9V0B1C2D3')
    inbox.command('new-contact')
    await expect(invoke('app:renderer-ready', undefined)).resolves.toEqual({ route: '#/contacts/01HZX3Q4N8W2M5K7T9V0B1C2D3', command: 'new-contact' })
    await expect(invoke('app:renderer-ready', undefined)).resolves.toEqual({ route: null, command: null })
  })

  it('reports that updates are off in development', async () => {
    const { invoke } = setup()
    await expect(invoke('update:get-status', undefined)).resolves.toEqual({ state: 'disabled', userInitiated: false })
    await expect(invoke('update:check', undefined)).resolves.toEqual({ ok: false, error: expect.stringMatching(/installed app/) })
    await expect(invoke('update:install', undefined)).resolves.toMatchObject({ ok: false })
  })

  it('passes the sync state to the tray and refuses an unknown phase', async () => {
    const { invoke, tray } = setup()
    await expect(invoke('desktop:sync-state', { phase: 'synced', label: 'Synced just now' })).resolves.toEqual({ ok: true })
    expect(tray.setSyncState).toHaveBeenCalledWith({ phase: 'synced', label: 'Synced just now' })
    await expect(invoke('desktop:sync-state', { phase: 'hacked', label: 'x' })).rejects.toThrow(/invalid payload/)
    await expect(invoke('desktop:sync-state', { phase: 'synced', label: 'x'.repeat(500) })).rejects.toThrow(/invalid payload/)
    expect(tray.setSyncState).toHaveBeenCalledTimes(1)
  })

  it('shows a notification with an app route and refuses anything else as a route', async () => {
    const { invoke, notify } = setup()
    await expect(invoke('desktop:notify', { title: 'Campaign sent', body: 'Spring sale', route: '#/campaigns/abc/report' })).resolves.toEqual({ shown: true })
    for (const route of ['https://evil.example', 'javascript:alert(1)', '#/contacts/../../x?y', 'file:///etc/passwd']) {
      await expect(invoke('desktop:notify', { title: 't', body: 'b', route })).rejects.toThrow(/invalid payload/)
    }
    await expect(invoke('desktop:notify', { title: '', body: 'b' })).rejects.toThrow(/invalid payload/)
    await expect(invoke('desktop:notify', { title: 't', body: 'b'.repeat(1000) })).rejects.toThrow(/invalid payload/)
    expect(notify).toHaveBeenCalledTimes(1)
  })

  it('sets the badge count and refuses a nonsense count', async () => {
    const { invoke, setBadgeCount } = setup()
    await expect(invoke('desktop:badge', { count: 3 })).resolves.toEqual({ ok: true })
    expect(setBadgeCount).toHaveBeenCalledWith(3)
    for (const count of [-1, 1.5, Number.NaN, '3', 10_000_000]) {
      await expect(invoke('desktop:badge', { count })).rejects.toThrow(/invalid payload/)
    }
    expect(setBadgeCount).toHaveBeenCalledTimes(1)
  })

  it('rejects every call when the window is gone', async () => {
    const guard = createSenderGuard(() => null, appOrigin)
    expect(guard(frame())).toBe(false)
  })
})

describe('sendToRenderer', () => {
  it('sends contract-valid events and refuses off-contract payloads', () => {
    const send = vi.fn()
    const contents = { send, isDestroyed: () => false } as unknown as WebContents
    sendToRenderer(contents, 'menu:command', { command: 'go-settings' })
    expect(send).toHaveBeenCalledWith('menu:command', { command: 'go-settings' })
    expect(() => sendToRenderer(contents, 'menu:command', { command: 'delete-all' as 'search' })).toThrow()
    expect(send).toHaveBeenCalledTimes(1)
  })
})
