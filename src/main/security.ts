import type { Session, WebContents, WebPreferences } from 'electron'
import { checkExternalUrl } from '../shared/external-url'
import type { AppOrigin } from './app-origin'
import { contentSecurityPolicy } from './content-security-policy'

/** The Electron security baseline (ARCHITECTURE.md); every window is created with exactly these. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
  }
}

/** Adds the CSP header to app pages; other responses (the sync server's API) are left untouched. */
export function installContentSecurityPolicy(session: Session, appOrigin: AppOrigin): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    if (!appOrigin.isAppUrl(details.url)) {
      callback({})
      return
    }
    const responseHeaders = { ...details.responseHeaders }
    // Drop any CSP the dev server sent, whatever its casing, so ours is the only one.
    for (const name of Object.keys(responseHeaders)) {
      if (name.toLowerCase() === 'content-security-policy') delete responseHeaders[name]
    }
    responseHeaders['Content-Security-Policy'] = [contentSecurityPolicy]
    callback({ responseHeaders })
  })
}

/** The app needs no camera, geolocation, notifications-by-web-API etc.: refuse every request and check. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
}

export type OpenExternal = (url: string) => Promise<{ ok: true } | { ok: false; error: string }>

/**
 * Applied to every webContents: no popups, no webviews, no navigation away from the app.
 * http(s) links the user clicks go to the system browser instead.
 */
export function hardenWebContents(contents: WebContents, appOrigin: AppOrigin, openExternal: OpenExternal): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (checkExternalUrl(url).ok) void openExternal(url)
    return { action: 'deny' }
  })

  contents.on('will-navigate', (event) => {
    if (appOrigin.isAppUrl(event.url)) return
    event.preventDefault()
    if (checkExternalUrl(event.url).ok) void openExternal(event.url)
  })

  // A redirect is never user intent, so it is only blocked.
  contents.on('will-redirect', (event) => {
    if (!appOrigin.isAppUrl(event.url)) event.preventDefault()
  })

  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
  })
}
