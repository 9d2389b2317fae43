import { pathToFileURL } from 'node:url'

// Which URLs are "the app": the only pages allowed to navigate, receive the CSP header and call IPC.
export interface AppOrigin {
  /** What the main window loads. */
  entryUrl: string
  isAppUrl(url: string): boolean
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]'])

function parseUrl(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/**
 * devServerUrl is honoured only when it is an http(s) loopback URL: anything else would
 * hand the privileged window (and its bridge) to a remote page.
 */
export function resolveAppOrigin(options: { devServerUrl: string | undefined; rendererIndexPath: string }): AppOrigin {
  const dev = options.devServerUrl ? parseUrl(options.devServerUrl) : null
  if (dev && (dev.protocol === 'http:' || dev.protocol === 'https:') && loopbackHosts.has(dev.hostname)) {
    return {
      entryUrl: dev.href,
      isAppUrl: (url) => parseUrl(url)?.origin === dev.origin,
    }
  }
  const index = pathToFileURL(options.rendererIndexPath)
  return {
    entryUrl: index.href,
    // file:// has an opaque origin, so compare the exact file; hash routes and queries are fine.
    isAppUrl: (url) => {
      const parsed = parseUrl(url)
      return parsed !== null && parsed.protocol === 'file:' && parsed.host === index.host && parsed.pathname === index.pathname
    },
  }
}
