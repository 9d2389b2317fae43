import { join } from 'node:path'
import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { createTrayController, resolveTrayIcon, trayMenuTemplate, type TrayActions, type TrayLike } from './tray'

function fakeActions() {
  return { open: vi.fn<() => void>(), newContact: vi.fn<() => void>(), syncNow: vi.fn<() => void>(), quit: vi.fn<() => void>() } satisfies TrayActions
}

function fakeTray() {
  const clickListeners: Array<() => void> = []
  const tray = {
    setToolTip: vi.fn<(text: string) => void>(),
    setContextMenu: vi.fn<(menu: MenuItemConstructorOptions[] | null) => void>(),
    on: vi.fn((_event: 'click', listener: () => void) => clickListeners.push(listener)),
    destroy: vi.fn(),
  } satisfies TrayLike<MenuItemConstructorOptions[]>
  return { tray, click: () => clickListeners.forEach((listener) => listener()) }
}

function setup(platform: NodeJS.Platform = 'linux') {
  const { tray, click } = fakeTray()
  const actions = fakeActions()
  // The "built" menu is the template itself, so the test can read and click it.
  const controller = createTrayController({ tray, buildMenu: (template) => template, actions, platform })
  const menu = () => tray.setContextMenu.mock.calls.at(-1)?.[0] ?? []
  const item = (label: string) => {
    const found = menu().find((candidate) => candidate.label === label)
    if (!found) throw new Error(`no tray item ${label}`)
    return found
  }
  return { tray, click, actions, controller, menu, item }
}

describe('tray', () => {
  it.each([
    ['Open Outpost', 'open'],
    ['New Contact', 'newContact'],
    ['Sync Now', 'syncNow'],
    ['Quit Outpost', 'quit'],
  ] as const)('%s runs %s', (label, action) => {
    const { controller, item, actions } = setup()
    controller.setSyncState({ phase: 'synced', label: 'Synced just now' })
    ;(item(label).click as () => void)()
    expect(actions[action]).toHaveBeenCalledTimes(1)
  })

  it('shows the sync status in the tooltip and as the first, inert menu line', () => {
    const { controller, tray, menu } = setup()
    expect(tray.setToolTip).toHaveBeenLastCalledWith('Outpost')
    controller.setSyncState({ phase: 'error', label: 'Sync problem: server unreachable' })
    expect(tray.setToolTip).toHaveBeenLastCalledWith('Outpost — Sync problem: server unreachable')
    expect(menu()[0]).toEqual({ label: 'Sync problem: server unreachable', enabled: false })
  })

  it('offers Sync Now only with an account to sync', () => {
    const actions = fakeActions()
    const syncNow = (phase: 'local-only' | 'offline' | 'synced' | null) =>
      trayMenuTemplate(phase ? { phase, label: 'x' } : null, actions).find((item) => item.label === 'Sync Now')?.enabled
    expect(syncNow(null)).toBe(false)
    expect(syncNow('local-only')).toBe(false)
    expect(syncNow('offline')).toBe(true)
    expect(syncNow('synced')).toBe(true)
  })

  it('rebuilds the menu only when the status changes', () => {
    const { controller, tray } = setup()
    controller.setSyncState({ phase: 'synced', label: 'Synced just now' })
    controller.setSyncState({ phase: 'synced', label: 'Synced just now' })
    expect(tray.setContextMenu).toHaveBeenCalledTimes(2)
    controller.setSyncState({ phase: 'synced', label: 'Synced 1 min ago' })
    expect(tray.setContextMenu).toHaveBeenCalledTimes(3)
  })

  it('opens the window on an icon click on Windows and Linux; macOS shows the menu instead', () => {
    const windows = setup('win32')
    windows.click()
    expect(windows.actions.open).toHaveBeenCalledTimes(1)
    const mac = setup('darwin')
    expect(mac.tray.on).not.toHaveBeenCalled()
  })

  it('destroys the tray icon', () => {
    const { controller, tray } = setup()
    controller.destroy()
    expect(tray.destroy).toHaveBeenCalled()
  })
})

describe('resolveTrayIcon', () => {
  const dirs = ['/app/resources', '/repo/resources']

  it("uses the platform's tray image where it exists", () => {
    const exists = (path: string) => path === join('/repo/resources', 'tray', 'trayTemplate.png')
    expect(resolveTrayIcon({ platform: 'darwin', resourceDirs: dirs, exists })).toEqual({ path: join('/repo/resources', 'tray', 'trayTemplate.png'), isFallback: false })
  })

  it('falls back to the app icon when the tray images are missing', () => {
    const exists = (path: string) => path.endsWith('32x32.png')
    expect(resolveTrayIcon({ platform: 'win32', resourceDirs: dirs, exists })).toEqual({ path: join('/app/resources', 'icons', '32x32.png'), isFallback: true })
  })

  it('returns null when there is no image at all', () => {
    expect(resolveTrayIcon({ platform: 'linux', resourceDirs: dirs, exists: () => false })).toBeNull()
  })
})
