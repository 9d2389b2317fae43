import type { ActionResult, UpdateStatus } from '../shared/ipc-contract'

/** The part of electron-updater's autoUpdater Outpost uses (injected, so tests drive a fake one). */
export interface UpdateEngine {
  autoDownload: boolean
  autoInstallOnAppQuit: boolean
  checkForUpdates(): Promise<{ downloadPromise?: Promise<unknown> | null } | null>
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void
  on(event: 'checking-for-update', listener: () => void): unknown
  on(event: 'update-available' | 'update-not-available' | 'update-downloaded', listener: (info: { version: string }) => void): unknown
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown
  on(event: 'error', listener: (error: Error, message?: string) => void): unknown
}

export interface Updater {
  /** False in development: nothing is ever checked or downloaded there. */
  readonly enabled: boolean
  getStatus(): UpdateStatus
  /** Checks, and downloads what it finds; `userInitiated` makes the UI report "up to date" and errors. */
  check(options: { userInitiated: boolean }): Promise<ActionResult>
  /** Quits and installs a downloaded update. */
  install(): ActionResult
  /**
   * Checks quietly every `everyMs` while the app runs (laptops stay open for days); skipped while a
   * check or download runs or an update waits for a restart. Returns the stop function.
   */
  checkPeriodically(everyMs: number, timers?: IntervalTimers): () => void
}

/** setInterval/clearInterval, injected so tests can use fake timers. */
export interface IntervalTimers {
  setInterval(callback: () => void, ms: number): unknown
  clearInterval(handle: unknown): void
}

const realTimers: IntervalTimers = {
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
}

/** How often a running app looks for updates after the start-up check. */
export const PERIODIC_UPDATE_CHECK_MS = 4 * 60 * 60_000

export interface UpdaterOptions {
  /** Null in development (`!app.isPackaged`): the engine is not even created there. */
  engine: UpdateEngine | null
  /** Every status change, for the renderer. */
  publish(status: UpdateStatus): void
  log?: (message: string, error?: unknown) => void
}

export const UPDATES_DISABLED_MESSAGE = 'Updates are checked only in the installed app, not in development.'

/** electron-updater's messages carry stack traces and server bodies; the user gets one sentence. */
export function describeUpdateError(error: unknown): string {
  const text = error instanceof Error ? `${(error as Error & { code?: unknown }).code ?? ''} ${error.message}` : String(error)
  if (/ERR_UPDATER_CHANNEL_FILE_NOT_FOUND|ERR_UPDATER_LATEST_VERSION_NOT_FOUND|\b404\b/.test(text)) {
    return 'The update server has no release information for this version of Outpost yet.'
  }
  if (/net::ERR_|ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|getaddrinfo|socket hang up/i.test(text)) {
    return 'Could not reach the update server. Check your internet connection and try again.'
  }
  if (/sha512 checksum mismatch|signature|not signed|code sign/i.test(text)) {
    return 'The downloaded update failed its integrity check and was discarded. Try again later.'
  }
  if (/ENOSPC/.test(text)) return 'There is not enough disk space to download the update.'
  const firstLine = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.trim() || 'unknown error'
  return `The update failed: ${firstLine.slice(0, 200)}`
}

/**
 * Auto-update through electron-updater: downloads on its own when it finds an update, reports
 * progress, and installs when the user chooses "Restart now" (or at the next quit).
 */
export function createUpdater({ engine, publish, log = () => undefined }: UpdaterOptions): Updater {
  let status: UpdateStatus = engine ? { state: 'idle', userInitiated: false } : { state: 'disabled', userInitiated: false }
  // A manual check while a start-up check runs adopts it, so its outcome is reported.
  let userInitiated = false

  const set = (next: Omit<UpdateStatus, 'userInitiated'>): void => {
    status = { ...next, userInitiated }
    publish(status)
  }

  if (engine) {
    engine.autoDownload = true
    engine.autoInstallOnAppQuit = true
    engine.on('checking-for-update', () => set({ state: 'checking' }))
    engine.on('update-available', (info) => set({ state: 'available', version: info.version }))
    engine.on('update-not-available', (info) => set({ state: 'not-available', version: info.version }))
    engine.on('download-progress', (progress) => {
      const percent = Math.min(100, Math.max(0, Number.isFinite(progress.percent) ? progress.percent : 0))
      set({ state: 'downloading', percent, ...(status.version ? { version: status.version } : {}) })
    })
    engine.on('update-downloaded', (info) => set({ state: 'downloaded', version: info.version }))
    engine.on('error', (error) => {
      log('Auto-update failed', error)
      // A version on an error means an update had been found: the UI reports that failure even after a quiet check.
      const found = status.state === 'available' || status.state === 'downloading'
      set({ state: 'error', message: describeUpdateError(error), ...(found && status.version ? { version: status.version } : {}) })
    })
  }

  const busy = (): boolean => status.state === 'checking' || status.state === 'available' || status.state === 'downloading'

  const api: Updater = {
    enabled: engine !== null,
    getStatus: () => status,
    async check(options) {
      if (!engine) return { ok: false, error: UPDATES_DISABLED_MESSAGE }
      if (options.userInitiated) userInitiated = true
      if (status.state === 'downloaded') {
        // Nothing to fetch: show the "Restart to update" choice again.
        set({ state: 'downloaded', ...(status.version ? { version: status.version } : {}) })
        return { ok: true }
      }
      if (busy()) {
        if (options.userInitiated) set({ ...status })
        return { ok: true }
      }
      userInitiated = options.userInitiated
      try {
        const result = await engine.checkForUpdates()
        // The download's failure arrives as an 'error' event; the promise must not go unhandled.
        result?.downloadPromise?.catch(() => undefined)
        return { ok: true }
      } catch (error) {
        // Normally reported through 'error' already; make sure the UI leaves "checking".
        if (status.state !== 'error') set({ state: 'error', message: describeUpdateError(error) })
        return { ok: false, error: describeUpdateError(error) }
      }
    },
    install() {
      if (!engine) return { ok: false, error: UPDATES_DISABLED_MESSAGE }
      if (status.state !== 'downloaded') return { ok: false, error: 'No update has been downloaded yet.' }
      // isSilent false: the Windows installer shows its progress; isForceRunAfter true: Outpost reopens.
      engine.quitAndInstall(false, true)
      return { ok: true }
    },
    checkPeriodically(everyMs, timers = realTimers) {
      if (!engine) return () => undefined
      const handle = timers.setInterval(() => {
        if (busy() || status.state === 'downloaded') return
        void api.check({ userInitiated: false })
      }, everyMs)
      return () => timers.clearInterval(handle)
    },
  }
  return api
}
