import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { app, BrowserWindow, clipboard, ipcMain, Menu, nativeImage, Notification, safeStorage, session, Tray, type NativeImage } from 'electron'
import { autoUpdater } from 'electron-updater'
import { deepLinkRoute, parseDeepLink, type DeepLinkTarget } from '../shared/deep-link'
import { resolveAppOrigin } from './app-origin'
import { createBadge, overlayDotBitmap } from './badge'
import { findDeepLinkInArgv, protocolClientArgs } from './deep-links'
import { createInvokeHandlers } from './invoke-handlers'
import { createSenderGuard, registerInvokeHandlers, sendToRenderer } from './ipc'
import { createMainWindow } from './main-window'
import { buildAppMenuTemplate } from './menu'
import { createNotifier } from './notifications'
import { openExternalSafely } from './open-external'
import { createRendererInbox } from './renderer-inbox'
import { denyAllPermissions, hardenWebContents, installContentSecurityPolicy } from './security'
import { createSessionStore } from './session-store'
import { createTrayController, resolveTrayIcon, type TrayController } from './tray'
import { createUpdater, PERIODIC_UPDATE_CHECK_MS } from './updater'
import { APP_ID } from '../shared/app-id'

// Every renderer sandboxed, including any a future module forgets to configure.
app.enableSandbox()

const appOrigin = resolveAppOrigin({
  // A packaged app ignores the variable: it must never be pointed at another page by its environment.
  devServerUrl: app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL,
  rendererIndexPath: join(__dirname, '../renderer/index.html'),
})
const preloadPath = join(__dirname, '../preload/index.js')

let mainWindow: BrowserWindow | null = null
let startupUpdateCheckScheduled = false

const getMainWebContents = () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null)

const inbox = createRendererInbox({
  sendRoute: (route) => {
    const contents = getMainWebContents()
    if (contents) sendToRenderer(contents, 'app:navigate', { route })
  },
  sendCommand: (command) => {
    const contents = getMainWebContents()
    if (contents) sendToRenderer(contents, 'menu:command', { command })
  },
  // Before ready (macOS open-url at launch) the window comes with start().
  focus: () => {
    if (app.isReady()) showMainWindow()
  },
})

// Never in development: electron-updater is not even created there.
const updater = createUpdater({
  engine: app.isPackaged ? autoUpdater : null,
  publish: (status) => {
    const contents = getMainWebContents()
    if (contents) sendToRenderer(contents, 'update:status', status)
  },
  log: (message, error) => console.warn(message, error),
})

let overlayIcon: NativeImage | null = null
const badge = createBadge({
  platform: process.platform,
  setBadgeCount: (count) => app.setBadgeCount(count),
  setWindowsOverlay: (description) => {
    if (!mainWindow || mainWindow.isDestroyed()) return
    overlayIcon ??= nativeImage.createFromBitmap(overlayDotBitmap(16), { width: 16, height: 16 })
    mainWindow.setOverlayIcon(description ? overlayIcon : null, description ?? '')
  },
})

function openDeepLink(target: DeepLinkTarget | null): void {
  if (target) inbox.navigate(deepLinkRoute(target))
}

function showMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    const window = createMainWindow({ appOrigin, preloadPath, windowStatePath: join(app.getPath('userData'), 'window-state.json') })
    mainWindow = window
    // A (re)loading page has no listener yet: deep links and commands wait for app:renderer-ready.
    window.webContents.on('did-start-loading', () => inbox.rendererGone())
    window.once('ready-to-show', () => {
      badge.reapply()
      if (!startupUpdateCheckScheduled) {
        startupUpdateCheckScheduled = true
        void updater.check({ userInitiated: false })
        updater.checkPeriodically(PERIODIC_UPDATE_CHECK_MS)
      }
    })
    window.on('closed', () => {
      inbox.rendererGone()
      if (mainWindow === window) mainWindow = null
    })
    return
  }
  if (mainWindow.isMinimized()) mainWindow.restore()
  mainWindow.show()
  mainWindow.focus()
}

function createTray(): TrayController | null {
  const icon = resolveTrayIcon({
    platform: process.platform,
    // Installed: next to app.asar (extraResources); development: the repository's resources/.
    resourceDirs: [process.resourcesPath, join(app.getAppPath(), 'resources')],
    exists: existsSync,
  })
  if (!icon) {
    console.warn('No tray image found: Outpost runs without a tray icon')
    return null
  }
  let image = nativeImage.createFromPath(icon.path)
  if (image.isEmpty()) return null
  if (icon.isFallback) image = image.resize({ width: 16, height: 16 })
  try {
    return createTrayController({
      tray: new Tray(image),
      buildMenu: (template) => Menu.buildFromTemplate(template),
      platform: process.platform,
      actions: {
        open: showMainWindow,
        newContact: () => inbox.command('new-contact'),
        syncNow: () => inbox.command('sync-now'),
        quit: () => app.quit(),
      },
    })
  } catch (error) {
    // Some Linux desktops have no status area; the app works without it.
    console.warn('Could not create the tray icon', error)
    return null
  }
}

function start(): void {
  installContentSecurityPolicy(session.defaultSession, appOrigin)
  denyAllPermissions(session.defaultSession)

  const tray = createTray()
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
      inbox,
      updater,
      tray,
      notifier: createNotifier({
        isSupported: () => Notification.isSupported(),
        create: (options) => new Notification(options),
        open: (route) => (route ? inbox.navigate(route) : showMainWindow()),
      }),
      badge,
    }),
    createSenderGuard(getMainWebContents, appOrigin),
  )

  const menu = buildAppMenuTemplate({
    isMac: process.platform === 'darwin',
    isPackaged: app.isPackaged,
    sendCommand: (command) => inbox.command(command),
    updates: { enabled: updater.enabled, check: () => void updater.check({ userInitiated: true }) },
  })
  Menu.setApplicationMenu(Menu.buildFromTemplate(menu))

  showMainWindow()
}

// One Outpost per user: a second launch only brings the running window forward (with its deep link).
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  // Windows needs the installer's AppUserModelID for notifications; a development run uses the Electron binary's.
  if (process.platform === 'win32') app.setAppUserModelId(app.isPackaged ? APP_ID : process.execPath)

  const protocolClient = protocolClientArgs({ isPackaged: app.isPackaged, platform: process.platform, execPath: process.execPath, argv: process.argv })
  if (protocolClient) app.setAsDefaultProtocolClient(protocolClient.scheme, protocolClient.path, protocolClient.args)

  // macOS hands links over as events, possibly before ready (the link launched the app); they wait in the inbox.
  app.on('open-url', (event, url) => {
    event.preventDefault()
    openDeepLink(parseDeepLink(url))
  })
  // Windows and Linux pass the link on the command line, to the first instance and to later launches.
  openDeepLink(findDeepLinkInArgv(process.argv))

  app.on('second-instance', (_event, argv) => {
    const target = findDeepLinkInArgv(argv)
    // The inbox shows the window (once ready) and holds the link until the page listens.
    if (target) openDeepLink(target)
    else if (app.isReady()) showMainWindow()
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
