import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test'
import type { OutpostBridge } from '../../src/shared/ipc-contract'

const repoRoot = resolve(__dirname, '../..')
const mainEntry = join(repoRoot, 'out/main/index.js')

/**
 * The Electron binary's path, resolved the way node_modules/electron/index.js does it, but without
 * requiring that module: when the binary is missing, require('electron') starts a network download.
 */
function findElectronBinary(): { path: string } | { missing: string } {
  try {
    const packageDir = dirname(require.resolve('electron/package.json'))
    const pathFile = join(packageDir, 'path.txt')
    const relativePath = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : ''
    const overrideDist = process.env.ELECTRON_OVERRIDE_DIST_PATH
    if (overrideDist) return check(join(overrideDist, relativePath || 'electron'))
    if (!relativePath) return { missing: 'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD); skipping tests/electron' }
    return check(join(packageDir, 'dist', relativePath))
  } catch (error) {
    return { missing: `electron package not resolvable (${error instanceof Error ? error.message : String(error)}); skipping tests/electron` }
  }
}

function check(binary: string): { path: string } | { missing: string } {
  return existsSync(binary)
    ? { path: binary }
    : { missing: `Electron binary not installed at ${binary} (ELECTRON_SKIP_BINARY_DOWNLOAD); skipping tests/electron` }
}

const binary = findElectronBinary()
const skipReason =
  'missing' in binary ? binary.missing : existsSync(mainEntry) ? undefined : `${mainEntry} not built (run npm run build); skipping tests/electron`
if (skipReason) console.log(skipReason)
test.skip(skipReason !== undefined, skipReason ?? '')

let app: ElectronApplication
let page: Page

test.beforeAll(async () => {
  if (!('path' in binary)) return
  app = await electron.launch({
    executablePath: binary.path,
    args: [mainEntry],
    // Never the dev server: the packaged-style file:// renderer is what ships.
    env: { ...process.env, ELECTRON_RENDERER_URL: '' },
  })
  page = await app.firstWindow()
  await page.waitForLoadState('domcontentloaded')
})

test.afterAll(async () => {
  await app?.close()
})

test('opens one window titled Outpost', async () => {
  await expect(page).toHaveTitle('Outpost')
  expect(app.windows()).toHaveLength(1)
})

test('exposes only the outpost bridge to the page, no Node', async () => {
  const globals = await page.evaluate(() => {
    const scope = globalThis as unknown as Record<string, unknown>
    const bridge = scope['outpost'] as Record<string, unknown> | undefined
    return {
      bridgeKeys: bridge ? Object.keys(bridge).sort() : null,
      require: typeof scope['require'],
      process: typeof scope['process'],
      module: typeof scope['module'],
      buffer: typeof scope['Buffer'],
    }
  })
  expect(globals).toEqual({ bridgeKeys: ['invoke', 'on'], require: 'undefined', process: 'undefined', module: 'undefined', buffer: 'undefined' })
})

test('the bridge answers contract calls and refuses others', async () => {
  // This project's tsconfig has no DOM lib, so the page's window is reached through globalThis.
  const info = await page.evaluate(() => (globalThis as unknown as { outpost: OutpostBridge }).outpost.invoke('app:get-info'))
  expect(info).toMatchObject({ name: 'Outpost' })
  const refused = await page.evaluate(() => {
    const bridge = (globalThis as unknown as { outpost: { invoke(channel: string): Promise<unknown> } }).outpost
    try {
      void bridge.invoke('fs:read-file')
      return 'allowed'
    } catch (error) {
      return error instanceof Error ? error.message : String(error)
    }
  })
  expect(refused).toMatch(/unknown channel/)
})

test('renders the contacts screen', async () => {
  await expect(page.getByRole('heading', { name: /contacts/i }).first()).toBeVisible()
})

test('a development run never checks for updates', async () => {
  const status = await page.evaluate(() => (globalThis as unknown as { outpost: OutpostBridge }).outpost.invoke('update:get-status'))
  expect(status).toEqual({ state: 'disabled', userInitiated: false })
})

test('outpost:// links from another launch (Windows, Linux) and from macOS open-url navigate the window', async () => {
  // The running instance's own handlers, fed as the OS would feed them.
  await app.evaluate(({ app: electronApp }) => {
    electronApp.emit('second-instance', {}, ['/opt/Outpost/outpost', '--some-switch', 'outpost://import'], '/')
  })
  await expect(page).toHaveURL(/#\/import$/)
  await app.evaluate(({ app: electronApp }) => {
    electronApp.emit('open-url', { preventDefault: () => undefined }, 'outpost://campaigns')
  })
  await expect(page).toHaveURL(/#\/campaigns$/)
  // Anything but the allowed forms is ignored.
  await app.evaluate(({ app: electronApp }) => {
    electronApp.emit('open-url', { preventDefault: () => undefined }, 'outpost://settings/../../etc')
  })
  await expect(page).toHaveURL(/#\/campaigns$/)
})
