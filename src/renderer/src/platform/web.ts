import { checkExternalUrl } from '../../../shared/external-url'
import type { AppInfo, Platform } from './platform'

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
}
