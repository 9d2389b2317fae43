import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import type { MenuCommand } from '../shared/ipc-contract'
import { buildAppMenuTemplate } from './menu'

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])])
}

function build(options: { isMac?: boolean; isPackaged?: boolean } = {}) {
  const sendCommand = vi.fn<(command: MenuCommand) => void>()
  const checkForUpdates = vi.fn()
  const isPackaged = options.isPackaged ?? true
  const template = buildAppMenuTemplate({
    isMac: options.isMac ?? false,
    isPackaged,
    sendCommand,
    updates: { enabled: isPackaged, check: checkForUpdates },
  })
  const items = flatten(template)
  const click = (label: string) => {
    const item = items.find((candidate) => candidate.label === label)
    if (!item?.click) throw new Error(`no clickable item ${label}`)
    ;(item.click as () => void)()
  }
  return { template, items, click, sendCommand, checkForUpdates }
}

describe('application menu', () => {
  it.each([
    ['New Contact', 'CmdOrCtrl+N', 'new-contact'],
    ['New Company', 'CmdOrCtrl+Shift+N', 'new-company'],
    ['Command Palette', 'CmdOrCtrl+K', 'command-palette'],
    ['Search', 'CmdOrCtrl+F', 'search'],
    ['Go to Contacts', 'CmdOrCtrl+1', 'go-contacts'],
    ['Go to Companies', 'CmdOrCtrl+2', 'go-companies'],
    ['Go to Settings', 'CmdOrCtrl+,', 'go-settings'],
    ['Import Contacts…', undefined, 'go-import'],
    ['Sync Now', undefined, 'sync-now'],
  ])('%s (%s) sends %s to the renderer', (label, accelerator, command) => {
    const { items, click, sendCommand } = build()
    expect(items.find((item) => item.label === label)?.accelerator).toBe(accelerator)
    click(label)
    expect(sendCommand).toHaveBeenCalledWith(command)
  })

  it('offers reload and devtools only in development', () => {
    const roles = (isPackaged: boolean) => build({ isPackaged }).items.map((item) => item.role)
    expect(roles(true)).not.toContain('toggleDevTools')
    expect(roles(true)).not.toContain('reload')
    expect(roles(false)).toEqual(expect.arrayContaining(['toggleDevTools', 'reload', 'forceReload']))
  })

  it('has the standard menus, with the app menu only on macOS', () => {
    expect(build({ isMac: true }).template.map((menu) => menu.role)).toEqual(['appMenu', 'fileMenu', 'editMenu', 'viewMenu', 'windowMenu', 'help'])
    expect(build({ isMac: false }).template.map((menu) => menu.role)).toEqual(['fileMenu', 'editMenu', 'viewMenu', 'windowMenu', 'help'])
  })

  it.each([false, true])('checks for updates from the menu (macOS: %s): app menu on macOS, Help elsewhere', (isMac) => {
    const { template, click, checkForUpdates } = build({ isMac })
    const home = template.find((menu) => menu.role === (isMac ? 'appMenu' : 'help'))
    const labels = (home?.submenu as MenuItemConstructorOptions[]).map((item) => item.label)
    expect(labels).toContain('Check for Updates…')
    click('Check for Updates…')
    expect(checkForUpdates).toHaveBeenCalledTimes(1)
  })

  it('says updates are off in development, and the item does nothing', () => {
    const { items, checkForUpdates } = build({ isPackaged: false })
    const item = items.find((candidate) => candidate.label?.startsWith('Check for Updates'))
    expect(item).toMatchObject({ label: 'Check for Updates… (installed app only)', enabled: false })
    expect(item?.click).toBeUndefined()
    expect(checkForUpdates).not.toHaveBeenCalled()
  })

  it('keeps the standard macOS app menu roles around the update item', () => {
    const appMenu = build({ isMac: true }).template[0]
    const roles = (appMenu?.submenu as MenuItemConstructorOptions[]).map((item) => item.role).filter(Boolean)
    expect(roles).toEqual(['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit'])
  })
})
