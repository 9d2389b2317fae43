import type { InvokeHandlers } from './ipc'
import type { OpenExternalResult } from '../shared/ipc-contract'

// Main stays thin: each handler forwards to one Electron/OS capability, no business logic.
export function createInvokeHandlers(deps: {
  getName(): string
  getVersion(): string
  platform: string
  openExternal(url: string): Promise<OpenExternalResult>
}): InvokeHandlers {
  return {
    'app:get-info': () => ({ name: deps.getName(), version: deps.getVersion(), platform: deps.platform }),
    'shell:open-external': ({ url }) => deps.openExternal(url),
  }
}
