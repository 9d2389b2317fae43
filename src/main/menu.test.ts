import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import type { MenuCommand } from '../shared/ipc-contract'
import { buildAppMenuTemplate } from './menu'

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])])
}

function build(options: { isMac?: boolean; isPackaged?: boolean } = {}) {
  const sendCommand = vi.fn<(command: MenuCommand) => void>()
  const template = buildAppMenuTemplate({ isMac: options.isMac ?? false, isPackaged: options.isPackaged ?? true, sendCommand })
  const items = flatten(template)
  const click = (label: string) => {
    const item = items.find((candidate) => candidate.label === label)
    if (!item?.click) throw new Error(`no clickable item ${label}`)
    ;(item.click as () => void)()
  }
  return { template, items, click, sendCommand }
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
})
