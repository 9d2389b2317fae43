import type { InvokeHandlers } from './ipc'
import type { OpenExternalResult } from '../shared/ipc-contract'
import type { SessionStore } from './session-store'

// Main stays thin: each handler forwards to one Electron/OS capability, no business logic.
export function createInvokeHandlers(deps: {
  getName(): string
  getVersion(): string
  platform: string
  openExternal(url: string): Promise<OpenExternalResult>
  sessions: SessionStore
  writeClipboardText(text: string): void
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
  }
}
