import { join } from 'node:path'
import type { MenuItemConstructorOptions } from 'electron'
import type { SyncPhase } from '../shared/ipc-contract'

/** What the renderer last said about sync (its status bar line). */
export interface TraySyncState {
  phase: SyncPhase
  label: string
}

export interface TrayActions {
  open(): void
  newContact(): void
  syncNow(): void
  quit(): void
}

/** The part of Electron's Tray the controller uses. */
export interface TrayLike<M> {
  setToolTip(text: string): void
  setContextMenu(menu: M | null): void
  on(event: 'click', listener: () => void): unknown
  destroy(): void
}

export function trayToolTip(state: TraySyncState | null): string {
  return state ? `Outpost — ${state.label}` : 'Outpost'
}

export function trayMenuTemplate(state: TraySyncState | null, actions: TrayActions): MenuItemConstructorOptions[] {
  const separator: MenuItemConstructorOptions = { type: 'separator' }
  // The first line is the sync status, greyed out: information, not an action (Linux shows no tooltip).
  const status: MenuItemConstructorOptions[] = state ? [{ label: state.label, enabled: false }, separator] : []
  return [
    ...status,
    { label: 'Open Outpost', click: () => actions.open() },
    { label: 'New Contact', click: () => actions.newContact() },
    // Without an account there is nothing to sync.
    { label: 'Sync Now', enabled: state !== null && state.phase !== 'local-only', click: () => actions.syncNow() },
    separator,
    { label: 'Quit Outpost', click: () => actions.quit() },
  ]
}

export interface TrayController {
  setSyncState(state: TraySyncState): void
  destroy(): void
}

export function createTrayController<M>(options: {
  tray: TrayLike<M>
  buildMenu(template: MenuItemConstructorOptions[]): M
  actions: TrayActions
  platform: NodeJS.Platform
}): TrayController {
  const { tray, buildMenu, actions } = options
  let state: TraySyncState | null = null
  const render = (): void => {
    tray.setToolTip(trayToolTip(state))
    // Linux app indicators pick up a changed menu only when it is set again.
    tray.setContextMenu(buildMenu(trayMenuTemplate(state, actions)))
  }
  // macOS opens the menu on click; elsewhere a click on the icon brings the window, as users expect.
  if (options.platform !== 'darwin') tray.on('click', () => actions.open())
  render()
  return {
    setSyncState(next) {
      if (state && state.phase === next.phase && state.label === next.label) return
      state = { phase: next.phase, label: next.label }
      render()
    },
    destroy() {
      tray.destroy()
    },
  }
}

/** Tray image names under resources/tray/ (macOS template images adapt to light and dark menu bars). */
export function trayIconFileName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'trayTemplate.png'
  if (platform === 'win32') return 'tray.ico'
  return 'tray.png'
}

/**
 * The tray image to load: the platform's own under `tray/`, else the app icon (scaled down by the
 * caller), looked for in each resources directory in turn. Null when neither exists.
 */
export function resolveTrayIcon(options: {
  platform: NodeJS.Platform
  resourceDirs: readonly string[]
  exists(path: string): boolean
}): { path: string; isFallback: boolean } | null {
  const name = trayIconFileName(options.platform)
  for (const dir of options.resourceDirs) {
    const path = join(dir, 'tray', name)
    if (options.exists(path)) return { path, isFallback: false }
  }
  for (const dir of options.resourceDirs) {
    const path = join(dir, 'icons', '32x32.png')
    if (options.exists(path)) return { path, isFallback: true }
  }
  return null
}
