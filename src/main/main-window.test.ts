import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

const electron = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events')
  class FakeBrowserWindow extends EventEmitter {
    static created: FakeBrowserWindow[] = []
    maximized = false
    normalBounds = { x: 0, y: 0, width: 0, height: 0 }
    loadURL = vi.fn(async (_url: string) => undefined)
    show = vi.fn()
    constructor(readonly options: Record<string, unknown>) {
      super()
      FakeBrowserWindow.created.push(this)
    }
    maximize(): void {
      this.maximized = true
    }
    isMaximized(): boolean {
      return this.maximized
    }
    getNormalBounds() {
      return this.normalBounds
    }
  }
  return {
    BrowserWindow: FakeBrowserWindow,
    screen: { getAllDisplays: vi.fn(() => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]) },
  }
})
vi.mock('electron', () => electron)

const { createMainWindow } = await import('./main-window')
const { resolveAppOrigin } = await import('./app-origin')

const appOrigin = resolveAppOrigin({ devServerUrl: undefined, rendererIndexPath: '/opt/Outpost/out/renderer/index.html' })
let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'outpost-main-window-'))
  electron.BrowserWindow.created.length = 0
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function open() {
  createMainWindow({ appOrigin, preloadPath: '/opt/Outpost/out/preload/index.js', windowStatePath: join(dir, 'window-state.json') })
  const window = electron.BrowserWindow.created.at(-1)
  if (!window) throw new Error('no window created')
  return window
}

describe('createMainWindow', () => {
  it('creates the window with the security baseline and the preload', () => {
    const window = open()
    expect(window.options.webPreferences).toEqual({
      preload: '/opt/Outpost/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    })
    expect(window.loadURL).toHaveBeenCalledWith('file:///opt/Outpost/out/renderer/index.html')
  })

  it('remembers size, position and maximized state across restarts', () => {
    const first = open()
    expect(first.options).toMatchObject({ width: 1280, height: 800 })
    expect(first.options).not.toHaveProperty('x')
    first.normalBounds = { x: 40, y: 60, width: 1500, height: 950 }
    first.maximize()
    first.emit('close')

    const second = open()
    expect(second.options).toMatchObject({ x: 40, y: 60, width: 1500, height: 950 })
    expect(second.isMaximized()).toBe(true)
  })

  it('opens with default bounds when the saved position is on a display that is gone', () => {
    const first = open()
    first.normalBounds = { x: 3000, y: 200, width: 1200, height: 800 }
    first.emit('close')

    const second = open()
    expect(second.options).toMatchObject({ width: 1280, height: 800 })
    expect(second.options).not.toHaveProperty('x')
  })

  it('shows the window only once it has painted', () => {
    const window = open()
    expect(window.show).not.toHaveBeenCalled()
    window.emit('ready-to-show')
    expect(window.show).toHaveBeenCalledTimes(1)
  })
})
