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
  // Once per page: main hands over what waited only on the first call (React may mount effects twice).
  let ready: ReturnType<Platform['rendererReady']> | null = null
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
    onNavigate: (listener) => bridge.on('app:navigate', ({ route }) => listener(route)),
    rendererReady: () => (ready ??= bridge.invoke('app:renderer-ready')),
    getUpdateStatus: () => bridge.invoke('update:get-status'),
    onUpdateStatus: (listener) => bridge.on('update:status', listener),
    checkForUpdates: () => bridge.invoke('update:check'),
    installUpdate: () => bridge.invoke('update:install'),
    reportSyncState: async (state) => {
      await bridge.invoke('desktop:sync-state', state)
    },
    notify: (notification) => bridge.invoke('desktop:notify', notification),
    setBadgeCount: async (count) => {
      await bridge.invoke('desktop:badge', { count })
    },
  }
}
