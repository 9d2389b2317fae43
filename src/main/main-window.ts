import { BrowserWindow, screen } from 'electron'
import type { AppOrigin } from './app-origin'
import { secureWebPreferences } from './security'
import { loadWindowState, minWindowSize, saveWindowState } from './window-state'

export function createMainWindow(options: { appOrigin: AppOrigin; preloadPath: string; windowStatePath: string }): BrowserWindow {
  const workAreas = screen.getAllDisplays().map((display) => display.workArea)
  const initial = loadWindowState(options.windowStatePath, workAreas)

  const window = new BrowserWindow({
    ...initial.bounds,
    minWidth: minWindowSize.width,
    minHeight: minWindowSize.height,
    title: 'Outpost',
    // Shown once painted, so the user never sees a blank white frame.
    show: false,
    backgroundColor: '#0f172a',
    webPreferences: secureWebPreferences(options.preloadPath),
  })
  if (initial.isMaximized) window.maximize()
  window.once('ready-to-show', () => window.show())

  window.on('close', () => {
    // Normal bounds, so un-maximizing after a restart returns to the size the user chose.
    const bounds = window.getNormalBounds()
    try {
      saveWindowState(options.windowStatePath, { ...bounds, isMaximized: window.isMaximized() })
    } catch (error) {
      // Losing the window position is not worth blocking the close.
      console.warn('Could not save window state', error)
    }
  })

  void window.loadURL(options.appOrigin.entryUrl)
  return window
}
