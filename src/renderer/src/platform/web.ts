import { checkExternalUrl } from '../../../shared/external-url'
import { appRouteSchema, syncSessionSchema } from '../../../shared/ipc-contract'
import type { AppInfo, DesktopNotification, Platform, SessionState, SyncSession } from './platform'

/** Browser mode keeps the session for this tab only: gone when the tab closes, never in localStorage. */
export const WEB_SESSION_KEY = 'outpost.syncSession'

// Node-style names, as Electron reports them, so shortcut hints (⌘ vs Ctrl) work the same in both modes.
function detectPlatform(): string {
  const agent = `${navigator.platform} ${navigator.userAgent}`.toLowerCase()
  if (/mac|iphone|ipad/.test(agent)) return 'darwin'
  if (/win/.test(agent)) return 'win32'
  if (/linux|x11|cros/.test(agent)) return 'linux'
  return 'unknown'
}

function readAppInfo(): AppInfo {
  const env = import.meta.env as Record<string, string | undefined>
  return {
    name: env.VITE_APP_NAME ?? 'Outpost',
    version: env.VITE_APP_VERSION ?? 'dev',
    platform: detectPlatform(),
  }
}

function readWebSession(storage: Storage): SessionState {
  try {
    const raw = storage.getItem(WEB_SESSION_KEY)
    const parsed = raw ? syncSessionSchema.safeParse(JSON.parse(raw)) : null
    return { session: parsed?.success ? parsed.data : null, persisted: false }
  } catch {
    return { session: null, persisted: false }
  }
}

function writeWebSession(storage: Storage, session: SyncSession): { persisted: boolean } {
  storage.setItem(WEB_SESSION_KEY, JSON.stringify(syncSessionSchema.parse(session)))
  return { persisted: false }
}

export const WEB_UPDATES_MESSAGE = 'The browser version has no installer to update: it is always the version its server serves.'

/** The Web Notification API, only where the user already allowed it: a tab never asks on its own. */
function showWebNotification({ title, body, route }: DesktopNotification): { shown: boolean } {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return { shown: false }
  const notification = new Notification(title, { body })
  notification.onclick = () => {
    window.focus()
    if (route && appRouteSchema.safeParse(route).success) window.location.hash = route
    notification.close()
  }
  return { shown: true }
}

export const webPlatform: Platform = {
  kind: 'web',
  getAppInfo: async () => readAppInfo(),
  openExternal: async (url) => {
    const checked = checkExternalUrl(url)
    if (!checked.ok) return checked
    // noopener/noreferrer: the opened site gets no handle on this window and no Referer leak.
    window.open(checked.url, '_blank', 'noopener,noreferrer')
    return { ok: true }
  },
  // The browser has no native menu; keyboard shortcuts are handled by the renderer itself.
  onMenuCommand: () => () => undefined,
  getSession: async () => readWebSession(sessionStorage),
  setSession: async (session) => writeWebSession(sessionStorage, session),
  clearSession: async () => sessionStorage.removeItem(WEB_SESSION_KEY),
  copyText: (text) => navigator.clipboard.writeText(text),
  // No deep links, tray, badge or installer in a browser tab.
  onNavigate: () => () => undefined,
  rendererReady: async () => ({ route: null, command: null }),
  getUpdateStatus: async () => ({ state: 'disabled', userInitiated: false }),
  onUpdateStatus: () => () => undefined,
  checkForUpdates: async () => ({ ok: false, error: WEB_UPDATES_MESSAGE }),
  installUpdate: async () => ({ ok: false, error: WEB_UPDATES_MESSAGE }),
  reportSyncState: async () => undefined,
  notify: async (notification) => showWebNotification(notification),
  setBadgeCount: async () => undefined,
}
