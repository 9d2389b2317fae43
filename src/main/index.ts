import { join } from 'node:path'
import { app, BrowserWindow, clipboard, ipcMain, Menu, safeStorage, session } from 'electron'
import { resolveAppOrigin } from './app-origin'
import { createInvokeHandlers } from './invoke-handlers'
import { createSenderGuard, registerInvokeHandlers, sendToRenderer } from './ipc'
import { createMainWindow } from './main-window'
import { buildAppMenuTemplate } from './menu'
import { openExternalSafely } from './open-external'
import { denyAllPermissions, hardenWebContents, installContentSecurityPolicy } from './security'
import { createSessionStore } from './session-store'

// Every renderer sandboxed, including any a future module forgets to configure.
app.enableSandbox()

const appOrigin = resolveAppOrigin({
  // A packaged app ignores the variable: it must never be pointed at another page by its environment.
  devServerUrl: app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL,
  rendererIndexPath: join(__dirname, '../renderer/index.html'),
})
const preloadPath = join(__dirname, '../preload/index.js')

let mainWindow: BrowserWindow | null = null

function showMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    mainWindow = createMainWindow({ appOrigin, preloadPath, windowStatePath: join(app.getPath('userData'), 'window-state.json') })
    mainWindow.on('closed', () => {
      mainWindow = null
    })
    return
  }
  if (mainWindow.isMinimized()) mainWindow.restore()
  mainWindow.show()
  mainWindow.focus()
}

function start(): void {
  installContentSecurityPolicy(session.defaultSession, appOrigin)
  denyAllPermissions(session.defaultSession)

  const getMainWebContents = () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null)
  registerInvokeHandlers(
    ipcMain,
    createInvokeHandlers({
      getName: () => app.getName(),
      getVersion: () => app.getVersion(),
      platform: process.platform,
      openExternal: openExternalSafely,
      // Created after ready: on Linux the keyring is known only then.
      sessions: createSessionStore({ cipher: safeStorage, filePath: join(app.getPath('userData'), 'sync-session.bin') }),
      writeClipboardText: (text) => clipboard.writeText(text),
    }),
    createSenderGuard(getMainWebContents, appOrigin),
  )

  const menu = buildAppMenuTemplate({
    isMac: process.platform === 'darwin',
    isPackaged: app.isPackaged,
    sendCommand: (command) => {
      const contents = getMainWebContents()
      if (contents) sendToRenderer(contents, 'menu:command', { command })
    },
  })
  Menu.setApplicationMenu(Menu.buildFromTemplate(menu))

  showMainWindow()
}

// One Outpost per user: a second launch only brings the running window forward.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (app.isReady()) showMainWindow()
  })

  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, appOrigin, openExternalSafely)
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) showMainWindow()
  })

  app.whenReady().then(start, (error: unknown) => {
    console.error('Outpost failed to start', error)
    app.exit(1)
  })
}
