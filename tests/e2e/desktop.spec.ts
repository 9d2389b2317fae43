import { expect, test, type Page } from '@playwright/test'

/**
 * The renderer's desktop features in browser mode, against a stand-in for the preload bridge
 * (window.outpost): the same page Electron loads, driven by the events main would send. Main's
 * side (electron-updater, Tray, Notification, protocol handling) is unit-tested in src/main.
 */

interface FakeBridgeWindow {
  __bridgeCalls: { channel: string; payload: unknown }[]
  __emit(channel: string, payload: unknown): void
}

async function openWithFakeBridge(page: Page, hash = '#/contacts'): Promise<void> {
  await page.addInitScript(() => {
    const calls: { channel: string; payload: unknown }[] = []
    const listeners = new Map<string, Set<(payload: unknown) => void>>()
    const answers: Record<string, unknown> = {
      'app:get-info': { name: 'Outpost', version: '0.1.0', platform: 'linux' },
      'session:get': { session: null, persisted: true },
      'session:clear': { ok: true },
      'app:renderer-ready': { route: null, command: null },
      'update:get-status': { state: 'idle', userInitiated: false },
      'update:check': { ok: true },
      'update:install': { ok: true },
      'desktop:sync-state': { ok: true },
      'desktop:notify': { shown: true },
      'desktop:badge': { ok: true },
    }
    const scope = globalThis as unknown as FakeBridgeWindow & { outpost: unknown }
    scope.__bridgeCalls = calls
    scope.__emit = (channel, payload) => listeners.get(channel)?.forEach((listener) => listener(payload))
    scope.outpost = {
      invoke: async (channel: string, payload?: unknown) => {
        calls.push({ channel, payload })
        if (!(channel in answers)) throw new Error(`fake bridge: no answer for ${channel}`)
        return answers[channel]
      },
      on: (channel: string, listener: (payload: unknown) => void) => {
        const set = listeners.get(channel) ?? new Set()
        set.add(listener)
        listeners.set(channel, set)
        return () => set.delete(listener)
      },
    }
  })
  await page.goto(`/${hash}`)
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible()
  // Listening once the app asked main for what waited for it.
  await expect.poll(() => calls(page, 'app:renderer-ready')).toHaveLength(1)
}

function emit(page: Page, channel: string, payload: unknown): Promise<void> {
  return page.evaluate(([name, body]) => (globalThis as unknown as FakeBridgeWindow).__emit(name as string, body), [channel, payload] as const)
}

function calls(page: Page, channel: string): Promise<unknown[]> {
  return page.evaluate(
    (name) => (globalThis as unknown as FakeBridgeWindow).__bridgeCalls.filter((call) => call.channel === name).map((call) => call.payload),
    channel,
  )
}

test('auto-update: quiet progress in the sidebar, then "Restart to update"', async ({ page }) => {
  await openWithFakeBridge(page)
  const nav = page.getByRole('navigation', { name: 'Main' })
  await emit(page, 'update:status', { state: 'downloading', version: '1.2.0', percent: 37.4, userInitiated: false })
  const notice = nav.getByRole('status', { name: 'Update' })
  await expect(notice).toContainText('Downloading update…')
  await expect(notice).toContainText('37%')
  await expect(notice.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '37')
  await page.screenshot({ path: 'test-results/screenshots/update-downloading.png' })

  await emit(page, 'update:status', { state: 'downloaded', version: '1.2.0', userInitiated: false })
  const dialog = page.getByRole('dialog', { name: 'Restart to update' })
  await expect(dialog).toContainText('Outpost 1.2.0 has been downloaded.')
  await expect(dialog.getByRole('button', { name: 'Restart now' })).toBeFocused()
  await page.screenshot({ path: 'test-results/screenshots/update-dialog.png' })

  await dialog.getByRole('button', { name: 'Later' }).click()
  await expect(dialog).toBeHidden()
  await expect(notice).toContainText('Outpost 1.2.0 is ready')
  await notice.getByRole('button', { name: 'Restart to update…' }).click()
  await page.getByRole('dialog', { name: 'Restart to update' }).getByRole('button', { name: 'Restart now' }).click()
  await expect.poll(() => calls(page, 'update:install')).toHaveLength(1)
})

test('a failed update the user asked about is explained, with Try again', async ({ page }) => {
  await openWithFakeBridge(page)
  await emit(page, 'update:status', {
    state: 'error',
    message: 'Could not reach the update server. Check your internet connection and try again.',
    userInitiated: true,
  })
  const notice = page.getByRole('navigation', { name: 'Main' }).getByRole('status', { name: 'Update' })
  await expect(notice).toContainText('Update failed')
  await expect(notice).toContainText('Could not reach the update server.')
  await page.screenshot({ path: 'test-results/screenshots/update-error.png' })
  await notice.getByRole('button', { name: 'Try again' }).click()
  await expect.poll(() => calls(page, 'update:check')).toHaveLength(1)
})

test('deep links and notification clicks navigate; the tray hears the sync line; Sync Now without an account shows sign-in', async ({ page }) => {
  await openWithFakeBridge(page)
  await expect.poll(() => calls(page, 'desktop:sync-state')).toContainEqual({ phase: 'local-only', label: 'Local only' })
  await expect.poll(() => calls(page, 'desktop:badge')).toContainEqual({ count: 0 })

  await emit(page, 'app:navigate', { route: '#/import' })
  await expect(page).toHaveURL(/#\/import$/)
  await emit(page, 'app:navigate', { route: '#/campaigns' })
  await expect(page).toHaveURL(/#\/campaigns$/)

  await emit(page, 'menu:command', { command: 'sync-now' })
  await expect(page).toHaveURL(/#\/settings\/sync$/)
  await expect(page.getByText('Sign in to a sync server to sync this workspace.')).toBeVisible()
})
