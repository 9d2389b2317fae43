import { EventEmitter } from 'node:events'
import type { Session, WebContents } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { resolveAppOrigin } from './app-origin'
import { contentSecurityPolicy } from './content-security-policy'
import { denyAllPermissions, hardenWebContents, installContentSecurityPolicy, secureWebPreferences } from './security'

const appOrigin = resolveAppOrigin({ devServerUrl: undefined, rendererIndexPath: '/opt/Outpost/out/renderer/index.html' })
const appUrl = 'file:///opt/Outpost/out/renderer/index.html#/contacts'

function fakeWebContents() {
  const emitter = new EventEmitter()
  let openHandler: ((details: { url: string }) => { action: string }) | undefined
  const contents = Object.assign(emitter, {
    setWindowOpenHandler: vi.fn((handler: typeof openHandler) => {
      openHandler = handler
    }),
  })
  const openExternal = vi.fn(async () => ({ ok: true as const }))
  hardenWebContents(contents as unknown as WebContents, appOrigin, openExternal)
  const navigate = (eventName: string, url: string) => {
    const event = { url, preventDefault: vi.fn() }
    emitter.emit(eventName, event, url)
    return event.preventDefault
  }
  const windowOpen = (url: string) => {
    if (!openHandler) throw new Error('no window open handler installed')
    return openHandler({ url })
  }
  return { navigate, windowOpen, openExternal }
}

describe('secureWebPreferences', () => {
  it('turns on every isolation flag of the security baseline', () => {
    expect(secureWebPreferences('/app/out/preload/index.js')).toEqual({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    })
  })
})

describe('hardenWebContents', () => {
  it('denies window.open and sends http(s) links to the system browser', () => {
    const { windowOpen, openExternal } = fakeWebContents()
    expect(windowOpen('https://example.com/docs')).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledWith('https://example.com/docs')
  })

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'outpost://x', appUrl])('denies window.open of %s without opening it', (url) => {
    const { windowOpen, openExternal } = fakeWebContents()
    expect(windowOpen(url)).toEqual({ action: 'deny' })
    expect(openExternal).not.toHaveBeenCalled()
  })

  it('prevents navigation to a foreign page', () => {
    const { navigate, openExternal } = fakeWebContents()
    expect(navigate('will-navigate', 'https://evil.example/phish')).toHaveBeenCalled()
    expect(openExternal).toHaveBeenCalledWith('https://evil.example/phish')
    expect(navigate('will-navigate', 'file:///etc/passwd')).toHaveBeenCalled()
    expect(navigate('will-navigate', 'file:///opt/Outpost/out/renderer/other.html')).toHaveBeenCalled()
    expect(openExternal).toHaveBeenCalledTimes(1)
  })

  it('lets the app navigate within itself', () => {
    const { navigate } = fakeWebContents()
    expect(navigate('will-navigate', appUrl)).not.toHaveBeenCalled()
    expect(navigate('will-redirect', appUrl)).not.toHaveBeenCalled()
  })

  it('prevents redirects away from the app without opening them', () => {
    const { navigate, openExternal } = fakeWebContents()
    expect(navigate('will-redirect', 'https://evil.example')).toHaveBeenCalled()
    expect(openExternal).not.toHaveBeenCalled()
  })

  it('prevents webviews from attaching', () => {
    const { navigate } = fakeWebContents()
    expect(navigate('will-attach-webview', 'https://example.com')).toHaveBeenCalled()
  })
})

describe('session hardening', () => {
  type HeadersListener = (
    details: { url: string; responseHeaders?: Record<string, string[]> },
    callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
  ) => void

  function fakeSession() {
    let headersListener: HeadersListener | undefined
    const session = {
      webRequest: { onHeadersReceived: vi.fn((listener: HeadersListener) => (headersListener = listener)) },
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
    }
    const receive = (url: string, responseHeaders: Record<string, string[]> = {}) => {
      const callback = vi.fn()
      headersListener?.({ url, responseHeaders }, callback)
      return callback.mock.calls[0]?.[0] as { responseHeaders?: Record<string, string[]> }
    }
    return { session: session as unknown as Session, mock: session, receive }
  }

  it('adds the CSP header to app pages, replacing any other', () => {
    const { session, receive } = fakeSession()
    installContentSecurityPolicy(session, appOrigin)
    const response = receive(appUrl, { 'content-security-policy': ["default-src *"], 'X-Other': ['1'] })
    expect(response.responseHeaders).toEqual({ 'Content-Security-Policy': [contentSecurityPolicy], 'X-Other': ['1'] })
  })

  it('uses the dev server origin in development', () => {
    const { session, receive } = fakeSession()
    const devOrigin = resolveAppOrigin({ devServerUrl: 'http://localhost:5173/', rendererIndexPath: '/x/index.html' })
    installContentSecurityPolicy(session, devOrigin)
    expect(receive('http://localhost:5173/').responseHeaders?.['Content-Security-Policy']).toEqual([contentSecurityPolicy])
    expect(receive('http://localhost:3100/api/replication/contacts/pull')).toEqual({})
  })

  it('leaves other responses (the sync server) untouched', () => {
    const { session, receive } = fakeSession()
    installContentSecurityPolicy(session, appOrigin)
    expect(receive('https://sync.example.com/api/auth/login')).toEqual({})
  })

  it('denies every permission request and check', () => {
    const { session, mock } = fakeSession()
    denyAllPermissions(session)
    const requestHandler = mock.setPermissionRequestHandler.mock.calls[0]?.[0] as (wc: unknown, permission: string, cb: (granted: boolean) => void) => void
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn()
      requestHandler({}, permission, callback)
      expect(callback).toHaveBeenCalledWith(false)
    }
    const checkHandler = mock.setPermissionCheckHandler.mock.calls[0]?.[0] as (...args: unknown[]) => boolean
    expect(checkHandler({}, 'media', 'file://', {})).toBe(false)
  })
})
