import type { MenuItemConstructorOptions } from 'electron'
import type { MenuCommand } from '../shared/ipc-contract'

export interface AppMenuOptions {
  isMac: boolean
  /** Reload and devtools are for development; a packaged build does not offer them. */
  isPackaged: boolean
  sendCommand(command: MenuCommand): void
  /** Auto-update: off in development, where the item says so instead. */
  updates: { enabled: boolean; check(): void }
}

export function buildAppMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const { isMac, isPackaged, sendCommand, updates } = options
  const command = (label: string, accelerator: string | undefined, menuCommand: MenuCommand): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => sendCommand(menuCommand),
  })
  const separator: MenuItemConstructorOptions = { type: 'separator' }

  const developerItems: MenuItemConstructorOptions[] = isPackaged
    ? []
    : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, separator]

  const checkForUpdates: MenuItemConstructorOptions = updates.enabled
    ? { label: 'Check for Updates…', click: () => updates.check() }
    : { label: 'Check for Updates… (installed app only)', enabled: false }

  // The standard macOS app menu, with the update item where Mac apps put it.
  const appMenu: MenuItemConstructorOptions = {
    role: 'appMenu',
    submenu: [
      { role: 'about' },
      separator,
      checkForUpdates,
      separator,
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' },
    ],
  }

  return [
    ...(isMac ? [appMenu] : []),
    {
      role: 'fileMenu',
      submenu: [
        command('New Contact', 'CmdOrCtrl+N', 'new-contact'),
        command('New Company', 'CmdOrCtrl+Shift+N', 'new-company'),
        separator,
        command('Import Contacts…', undefined, 'go-import'),
        command('Sync Now', undefined, 'sync-now'),
        separator,
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      role: 'viewMenu',
      submenu: [
        command('Command Palette', 'CmdOrCtrl+K', 'command-palette'),
        command('Search', 'CmdOrCtrl+F', 'search'),
        separator,
        command('Go to Contacts', 'CmdOrCtrl+1', 'go-contacts'),
        command('Go to Companies', 'CmdOrCtrl+2', 'go-companies'),
        command('Go to Settings', 'CmdOrCtrl+,', 'go-settings'),
        separator,
        ...developerItems,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        separator,
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    // macOS puts About and updates in the app menu (and adds its own search field to Help); elsewhere they live under Help.
    { role: 'help', submenu: isMac ? [] : [checkForUpdates, separator, { role: 'about' }] },
  ]
}
