import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import type { UpdateStatus } from '../shared/ipc-contract'
import { createUpdater, describeUpdateError, UPDATES_DISABLED_MESSAGE, type UpdateEngine } from './updater'

/** A stand-in for electron-updater's autoUpdater: the test emits its events. */
class FakeAutoUpdater extends EventEmitter implements UpdateEngine {
  autoDownload = false
  autoInstallOnAppQuit = false
  checkForUpdates = vi.fn<UpdateEngine['checkForUpdates']>(async () => {
    this.emit('checking-for-update')
    return { downloadPromise: null }
  })
  quitAndInstall = vi.fn<UpdateEngine['quitAndInstall']>()
}

function setup(engine: FakeAutoUpdater | null = new FakeAutoUpdater()) {
  const published: UpdateStatus[] = []
  const log = vi.fn()
  const updater = createUpdater({ engine, publish: (status) => published.push(status), log })
  return { engine, updater, published, log, states: () => published.map((status) => status.state) }
}

describe('updater', () => {
  it('downloads on its own and installs on quit', () => {
    const { engine } = setup()
    expect(engine?.autoDownload).toBe(true)
    expect(engine?.autoInstallOnAppQuit).toBe(true)
  })

  it('reports checking, available, download progress and downloaded, in order', async () => {
    const { engine, updater, published } = setup()
    await updater.check({ userInitiated: false })
    engine?.emit('update-available', { version: '1.2.0' })
    engine?.emit('download-progress', { percent: 12.5, bytesPerSecond: 1, transferred: 1, total: 8 })
    engine?.emit('download-progress', { percent: 100, bytesPerSecond: 1, transferred: 8, total: 8 })
    engine?.emit('update-downloaded', { version: '1.2.0', downloadedFile: '/tmp/x' })
    expect(published).toEqual([
      { state: 'checking', userInitiated: false },
      { state: 'available', version: '1.2.0', userInitiated: false },
      { state: 'downloading', version: '1.2.0', percent: 12.5, userInitiated: false },
      { state: 'downloading', version: '1.2.0', percent: 100, userInitiated: false },
      { state: 'downloaded', version: '1.2.0', userInitiated: false },
    ])
    expect(updater.getStatus()).toEqual({ state: 'downloaded', version: '1.2.0', userInitiated: false })
  })

  it('says "up to date" to a user who asked', async () => {
    const { engine, updater, published } = setup()
    await updater.check({ userInitiated: true })
    engine?.emit('update-not-available', { version: '0.1.0' })
    expect(published.at(-1)).toEqual({ state: 'not-available', version: '0.1.0', userInitiated: true })
  })

  it('turns an error into one sentence for the user and logs the original', async () => {
    const { engine, updater, log } = setup()
    await updater.check({ userInitiated: true })
    const error = Object.assign(new Error('net::ERR_INTERNET_DISCONNECTED\n    at stack'), {})
    engine?.emit('error', error, error.stack)
    expect(updater.getStatus()).toEqual({
      state: 'error',
      message: 'Could not reach the update server. Check your internet connection and try again.',
      userInitiated: true,
    })
    expect(log).toHaveBeenCalledWith('Auto-update failed', error)
  })

  it('marks a download failure with the version found, so even a quiet check reports it', async () => {
    const { engine, updater } = setup()
    await updater.check({ userInitiated: false })
    engine?.emit('update-available', { version: '1.2.0' })
    engine?.emit('download-progress', { percent: 40 })
    engine?.emit('error', new Error('sha512 checksum mismatch, expected abc'))
    expect(updater.getStatus()).toMatchObject({ state: 'error', version: '1.2.0', userInitiated: false })
    expect(updater.getStatus().message).toMatch(/integrity check/)
  })

  it('a quiet check that fails to connect carries no version (the UI stays quiet)', async () => {
    const { engine, updater } = setup()
    await updater.check({ userInitiated: false })
    engine?.emit('update-not-available', { version: '0.1.0' })
    await updater.check({ userInitiated: false })
    engine?.emit('error', new Error('getaddrinfo ENOTFOUND updates.example.com'))
    expect(updater.getStatus()).toEqual({ state: 'error', message: expect.stringMatching(/reach the update server/), userInitiated: false })
  })

  it('leaves "checking" when checkForUpdates rejects without an error event', async () => {
    const engine = new FakeAutoUpdater()
    engine.checkForUpdates.mockRejectedValueOnce(new Error('boom'))
    const { updater } = setup(engine)
    await expect(updater.check({ userInitiated: true })).resolves.toEqual({ ok: false, error: 'The update failed: boom' })
    expect(updater.getStatus().state).toBe('error')
  })

  it('does not leave a failed download promise unhandled', async () => {
    const engine = new FakeAutoUpdater()
    const failedDownload = Promise.reject(new Error('download failed'))
    engine.checkForUpdates.mockResolvedValueOnce({ downloadPromise: failedDownload })
    const unhandled = vi.fn()
    process.on('unhandledRejection', unhandled)
    try {
      const { updater } = setup(engine)
      await expect(updater.check({ userInitiated: false })).resolves.toEqual({ ok: true })
      await new Promise((resolve) => setImmediate(resolve))
      expect(unhandled).not.toHaveBeenCalled()
    } finally {
      process.off('unhandledRejection', unhandled)
    }
  })

  it('does not start a second check while one runs, but adopts it for a user who asks', async () => {
    const { engine, updater, published } = setup()
    await updater.check({ userInitiated: false })
    engine?.emit('update-available', { version: '2.0.0' })
    await updater.check({ userInitiated: true })
    expect(engine?.checkForUpdates).toHaveBeenCalledTimes(1)
    expect(published.at(-1)).toEqual({ state: 'available', version: '2.0.0', userInitiated: true })
  })

  it('offers the downloaded update again instead of checking once more', async () => {
    const { engine, updater, published } = setup()
    await updater.check({ userInitiated: false })
    engine?.emit('update-downloaded', { version: '1.2.0' })
    await updater.check({ userInitiated: true })
    expect(engine?.checkForUpdates).toHaveBeenCalledTimes(1)
    expect(published.at(-1)).toEqual({ state: 'downloaded', version: '1.2.0', userInitiated: true })
  })

  it('installs only a downloaded update, restarting the app', async () => {
    const { engine, updater } = setup()
    expect(updater.install()).toEqual({ ok: false, error: 'No update has been downloaded yet.' })
    expect(engine?.quitAndInstall).not.toHaveBeenCalled()
    await updater.check({ userInitiated: false })
    engine?.emit('update-downloaded', { version: '1.2.0' })
    expect(updater.install()).toEqual({ ok: true })
    expect(engine?.quitAndInstall).toHaveBeenCalledWith(false, true)
  })

  it('checks quietly at each interval while the app runs, not while a download runs or an update waits', async () => {
    vi.useFakeTimers()
    try {
      const { engine, updater, published } = setup()
      const stop = updater.checkPeriodically(60_000)
      expect(engine?.checkForUpdates).not.toHaveBeenCalled()
      await vi.advanceTimersByTimeAsync(60_000)
      expect(engine?.checkForUpdates).toHaveBeenCalledTimes(1)
      expect(published.at(-1)).toEqual({ state: 'checking', userInitiated: false })
      engine?.emit('update-available', { version: '1.2.0' })
      await vi.advanceTimersByTimeAsync(60_000)
      expect(engine?.checkForUpdates).toHaveBeenCalledTimes(1)
      engine?.emit('update-downloaded', { version: '1.2.0' })
      const publishedBefore = published.length
      await vi.advanceTimersByTimeAsync(60_000)
      // A waiting update is not announced again (the "Restart to update" dialog stays closed).
      expect(engine?.checkForUpdates).toHaveBeenCalledTimes(1)
      expect(published).toHaveLength(publishedBefore)
      stop()
    } finally {
      vi.useRealTimers()
    }
  })

  it('stops checking when asked, and never schedules in development', async () => {
    vi.useFakeTimers()
    try {
      const { engine, updater } = setup()
      updater.checkPeriodically(60_000)()
      await vi.advanceTimersByTimeAsync(180_000)
      expect(engine?.checkForUpdates).not.toHaveBeenCalled()
      const development = setup(null)
      development.updater.checkPeriodically(60_000)
      expect(vi.getTimerCount()).toBe(0)
    } finally {
      vi.useRealTimers()
    }
  })

  it('never checks in development', async () => {
    const { updater, published } = setup(null)
    expect(updater.enabled).toBe(false)
    expect(updater.getStatus()).toEqual({ state: 'disabled', userInitiated: false })
    await expect(updater.check({ userInitiated: true })).resolves.toEqual({ ok: false, error: UPDATES_DISABLED_MESSAGE })
    expect(updater.install()).toEqual({ ok: false, error: UPDATES_DISABLED_MESSAGE })
    expect(published).toEqual([])
  })
})

describe('describeUpdateError', () => {
  it.each([
    [Object.assign(new Error('Cannot find channel "latest.yml" update info: HttpError: 404'), { code: 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND' }), /no release information/],
    [new Error('connect ECONNREFUSED 127.0.0.1:443'), /reach the update server/],
    [new Error('New version 1.2.0 is not signed by the application owner'), /integrity check/],
    [new Error('ENOSPC: no space left on device'), /disk space/],
    [new Error('Something odd\nat line 2\nat line 3'), /^The update failed: Something odd$/],
    ['a string', /^The update failed: a string$/],
  ])('explains %s', (error, expected) => {
    expect(describeUpdateError(error)).toMatch(expected)
  })

  it('keeps the message short', () => {
    expect(describeUpdateError(new Error('x'.repeat(5000))).length).toBeLessThanOrEqual(220)
  })
})
