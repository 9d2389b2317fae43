import type { MenuCommand as ContractMenuCommand, OutpostBridge } from '../../../shared/ipc-contract'
import type { MenuCommand, Platform } from './platform'

declare global {
  interface Window {
    /** Present only inside the Electron app, exposed by src/preload. */
    outpost?: OutpostBridge
  }
}

// platform.ts spells MenuCommand out for renderer readers; fail the build if it drifts from the IPC contract.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const menuCommandMatchesContract: Same<MenuCommand, ContractMenuCommand> = true
void menuCommandMatchesContract

export function createElectronPlatform(bridge: OutpostBridge): Platform {
  return {
    kind: 'electron',
    getAppInfo: () => bridge.invoke('app:get-info'),
    openExternal: (url) => bridge.invoke('shell:open-external', { url }),
    onMenuCommand: (listener) => bridge.on('menu:command', ({ command }) => listener(command)),
    getSession: () => bridge.invoke('session:get'),
    setSession: (session) => bridge.invoke('session:set', session),
    clearSession: async () => {
      await bridge.invoke('session:clear')
    },
    copyText: async (text) => {
      await bridge.invoke('clipboard:write-text', { text })
    },
  }
}
