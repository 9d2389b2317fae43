import type { InvokeHandlers } from './ipc'
import type { OpenExternalResult } from '../shared/ipc-contract'
import type { Badge } from './badge'
import type { Notifier } from './notifications'
import type { RendererInbox } from './renderer-inbox'
import type { SessionStore } from './session-store'
import type { TrayController } from './tray'
import type { Updater } from './updater'

// Main stays thin: each handler forwards to one Electron/OS capability, no business logic.
export function createInvokeHandlers(deps: {
  getName(): string
  getVersion(): string
  platform: string
  openExternal(url: string): Promise<OpenExternalResult>
  sessions: SessionStore
  writeClipboardText(text: string): void
  inbox: Pick<RendererInbox, 'rendererReady'>
  updater: Pick<Updater, 'getStatus' | 'check' | 'install'>
  /** Null where the system has no tray (or it could not be created). */
  tray: Pick<TrayController, 'setSyncState'> | null
  notifier: Notifier
  badge: Pick<Badge, 'setCount'>
}): InvokeHandlers {
  return {
    'app:get-info': () => ({ name: deps.getName(), version: deps.getVersion(), platform: deps.platform }),
    'shell:open-external': ({ url }) => deps.openExternal(url),
    'session:get': () => deps.sessions.get(),
    'session:set': (session) => deps.sessions.set(session),
    'session:clear': () => {
      deps.sessions.clear()
      return { ok: true }
    },
    'clipboard:write-text': ({ text }) => {
      deps.writeClipboardText(text)
      return { ok: true }
    },
    'app:renderer-ready': () => deps.inbox.rendererReady(),
    'update:get-status': () => deps.updater.getStatus(),
    'update:check': () => deps.updater.check({ userInitiated: true }),
    'update:install': () => deps.updater.install(),
    'desktop:sync-state': (state) => {
      deps.tray?.setSyncState(state)
      return { ok: true }
    },
    'desktop:notify': (notification) => deps.notifier.notify(notification),
    'desktop:badge': ({ count }) => {
      deps.badge.setCount(count)
      return { ok: true }
    },
  }
}
