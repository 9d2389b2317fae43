import { afterEach, describe, expect, it, vi } from 'vitest'
import { WEB_SESSION_KEY, WEB_UPDATES_MESSAGE, webPlatform } from './web'

afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  sessionStorage.clear()
  localStorage.clear()
})

const session = {
  serverUrl: 'http://127.0.0.1:3100',
  token: 'tab-only-token',
  user: { id: 'u1', email: 'ada@example.com', name: 'Ada' },
  workspaceId: 'w1',
  workspaces: [{ id: 'w1', name: 'Engines', role: 'owner' as const }],
}

describe('web platform', () => {
  it('is the browser host', async () => {
    expect(webPlatform.kind).toBe('web')
    const info = await webPlatform.getAppInfo()
    expect(info.name).toBe('Outpost')
    expect(typeof info.version).toBe('string')
    expect(typeof info.platform).toBe('string')
  })

  it('opens http(s) links in a new tab without giving it this window', async () => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null)
    await expect(webPlatform.openExternal('https://example.com/a')).resolves.toEqual({ ok: true })
    expect(open).toHaveBeenCalledWith('https://example.com/a', '_blank', 'noopener,noreferrer')
  })

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'outpost://x', 'https://u:p@example.com'])('refuses %s', async (url) => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null)
    const result = await webPlatform.openExternal(url)
    expect(result.ok).toBe(false)
    expect(open).not.toHaveBeenCalled()
  })

  it('has no native menu: subscribing is a no-op that can be undone', () => {
    const listener = vi.fn()
    const off = webPlatform.onMenuCommand(listener)
    expect(() => off()).not.toThrow()
    expect(listener).not.toHaveBeenCalled()
  })
})

describe('web platform session', () => {
  it('keeps the session for this tab only (sessionStorage, never localStorage) and says it is not persisted', async () => {
    await expect(webPlatform.getSession()).resolves.toEqual({ session: null, persisted: false })
    await expect(webPlatform.setSession(session)).resolves.toEqual({ persisted: false })
    await expect(webPlatform.getSession()).resolves.toEqual({ session, persisted: false })
    expect(sessionStorage.getItem(WEB_SESSION_KEY)).toContain('tab-only-token')
    expect(JSON.stringify({ ...localStorage })).not.toContain('tab-only-token')
    await webPlatform.clearSession()
    await expect(webPlatform.getSession()).resolves.toEqual({ session: null, persisted: false })
  })

  it('treats a corrupt or tampered stored session as signed out', async () => {
    sessionStorage.setItem(WEB_SESSION_KEY, '{not json')
    await expect(webPlatform.getSession()).resolves.toEqual({ session: null, persisted: false })
    sessionStorage.setItem(WEB_SESSION_KEY, JSON.stringify({ ...session, serverUrl: 'javascript:alert(1)' }))
    await expect(webPlatform.getSession()).resolves.toEqual({ session: null, persisted: false })
  })

  it('refuses to store a malformed session', async () => {
    await expect(webPlatform.setSession({ ...session, token: '' })).rejects.toThrow()
    expect(sessionStorage.getItem(WEB_SESSION_KEY)).toBeNull()
  })
})

describe('web platform desktop features', () => {
  class FakeNotification {
    static permission: NotificationPermission = 'default'
    static created: FakeNotification[] = []
    onclick: (() => void) | null = null
    close = vi.fn()
    constructor(
      readonly title: string,
      readonly options: NotificationOptions,
    ) {
      FakeNotification.created.push(this)
    }
  }

  afterEach(() => {
    FakeNotification.created = []
    window.location.hash = ''
  })

  it('never asks for notification permission and shows nothing without it', async () => {
    const requestPermission = vi.fn()
    vi.stubGlobal('Notification', Object.assign(FakeNotification, { permission: 'default', requestPermission }))
    await expect(webPlatform.notify({ title: 'Campaign sent', body: 'b' })).resolves.toEqual({ shown: false })
    expect(FakeNotification.created).toHaveLength(0)
    expect(requestPermission).not.toHaveBeenCalled()
  })

  it('uses the Web Notification API when the user already allowed it; a click goes to the route', async () => {
    vi.stubGlobal('Notification', Object.assign(FakeNotification, { permission: 'granted' }))
    await expect(webPlatform.notify({ title: 'Campaign sent', body: 'Spring sale', route: '#/campaigns/x/report' })).resolves.toEqual({ shown: true })
    const notification = FakeNotification.created[0]
    expect(notification?.title).toBe('Campaign sent')
    expect(notification?.options).toEqual({ body: 'Spring sale' })
    notification?.onclick?.()
    expect(window.location.hash).toBe('#/campaigns/x/report')
  })

  it('has no updater, deep links, tray or badge', async () => {
    await expect(webPlatform.getUpdateStatus()).resolves.toEqual({ state: 'disabled', userInitiated: false })
    await expect(webPlatform.checkForUpdates()).resolves.toEqual({ ok: false, error: WEB_UPDATES_MESSAGE })
    await expect(webPlatform.rendererReady()).resolves.toEqual({ route: null, command: null })
    await expect(webPlatform.reportSyncState({ phase: 'synced', label: 'x' })).resolves.toBeUndefined()
    await expect(webPlatform.setBadgeCount(2)).resolves.toBeUndefined()
    expect(() => webPlatform.onNavigate(vi.fn())()).not.toThrow()
    expect(() => webPlatform.onUpdateStatus(vi.fn())()).not.toThrow()
  })
})
