// Packs the Linux app (`electron-builder --dir`, x64) with electron-builder.yml against a stub
// Electron distribution (no Electron download needed) and checks what would ship.
import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { extractFile, listPackage } from '@electron/asar'
import { Arch, build, Platform, type Configuration } from 'electron-builder'
import { electronVersionFromRange } from '../../scripts/electronVersion'
import { APP_ID } from '../../src/shared/app-id'

const root = resolve(__dirname, '../..')
const updateUrl = 'https://updates.packaging-test.example/outpost'

/**
 * Bound on app.asar. Measured 7.50 MiB (7,868,711 bytes): renderer bundle 3.91 MiB, zod 2.21 MiB,
 * electron-updater 0.19 MiB and its dependencies 0.87 MiB, preload 0.17 MiB, main 0.04 MiB.
 * 12 MiB lets the renderer grow by more than half, yet one stray dev dependency tree breaks it
 * (on disk rxdb is 19 MiB, typescript 24 MiB, react-dom 7.9 MiB).
 */
const maxAsarBytes = 12 * 1024 * 1024

type PackageJson = {
  main?: string
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  devDependencies?: Record<string, string>
}

function readPackageJson(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson
}

const rootPackage = readPackageJson(root)

/** Node's lookup: node_modules/<name> in this folder or the nearest ancestor that has it. */
function findInstalledPackage(name: string, fromDir: string): string | null {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name)
    if (existsSync(join(candidate, 'package.json'))) return candidate
    if (dirname(dir) === dir) return null
  }
}

/** Every package the app needs at run time: package.json's dependencies and theirs, as installed. */
function productionDependencyClosure(): Set<string> {
  const names = new Set<string>()
  const pending: Array<{ name: string; fromDir: string; optional: boolean }> = Object.keys(rootPackage.dependencies ?? {}).map((name) => ({ name, fromDir: root, optional: false }))
  const visited = new Set<string>()
  while (pending.length > 0) {
    const next = pending.pop()
    if (!next) break
    const dir = findInstalledPackage(next.name, next.fromDir)
    if (!dir) {
      if (next.optional) continue // optional and not installed on this platform
      throw new Error(`${next.name} (a production dependency) is not installed`)
    }
    names.add(next.name)
    if (visited.has(dir)) continue
    visited.add(dir)
    const manifest = readPackageJson(dir)
    for (const name of Object.keys(manifest.dependencies ?? {})) pending.push({ name, fromDir: dir, optional: false })
    for (const name of Object.keys(manifest.optionalDependencies ?? {})) pending.push({ name, fromDir: dir, optional: true })
  }
  return names
}

/** Package names anywhere in the asar's node_modules trees (nested copies included). */
function packagesInAsar(entries: readonly string[]): Set<string> {
  const names = new Set<string>()
  for (const entry of entries) {
    // A package's own manifest sits right under node_modules (a package.json deeper inside is not one).
    const name = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(entry)?.[1]
    if (name) names.add(name)
  }
  return names
}

/**
 * Always a fresh `npm run build` (about 3 s here), as `npm run package` does: a stale or
 * development out/ (inline source maps, older code) would make the checks below describe
 * something no installer ships.
 */
function buildApp(): void {
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
}

let workDir = ''
let appOutDir = ''
let asarPath = ''
let asarEntries: string[] = []
let packedConfig: Configuration | null = null

beforeAll(async () => {
  buildApp()
  workDir = mkdtempSync(join(tmpdir(), 'outpost-package-'))

  // For a Linux --dir build electron-builder copies the distribution and renames its `electron`
  // binary to the app's executable; it runs nothing, so a script stands in for Electron.
  const electronDist = join(workDir, 'electron-dist')
  mkdirSync(electronDist)
  writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\necho "stub Electron for the packaging test" >&2\nexit 1\n')
  chmodSync(join(electronDist, 'electron'), 0o755)

  const previousUpdateUrl = process.env.OUTPOST_UPDATE_URL
  process.env.OUTPOST_UPDATE_URL = updateUrl
  try {
    await build({
      projectDir: root,
      targets: Platform.LINUX.createTarget('dir', Arch.x64),
      // Merged over electron-builder.yml, which is loaded and validated as `npm run package` would.
      config: {
        electronDist,
        electronVersion: electronVersionFromRange(rootPackage.devDependencies?.electron),
        directories: { output: join(workDir, 'release') },
        afterPack: (context) => {
          packedConfig = context.packager.config
        },
      },
    })
  } finally {
    if (previousUpdateUrl === undefined) delete process.env.OUTPOST_UPDATE_URL
    else process.env.OUTPOST_UPDATE_URL = previousUpdateUrl
  }

  appOutDir = join(workDir, 'release', 'linux-unpacked')
  asarPath = join(appOutDir, 'resources', 'app.asar')
  asarEntries = listPackage(asarPath, { isPack: false })
})

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true })
})

describe('electron-builder.yml', () => {
  it('is accepted by electron-builder and packs an app named after the product', () => {
    // The id main gives Windows (AppUserModelID) must be the installer's, or notifications lose their app.
    expect(packedConfig?.appId).toBe(APP_ID)
    expect(packedConfig?.productName).toBe('Outpost')
    expect(readdirSync(appOutDir).sort()).toEqual(['outpost', 'resources'])
    expect(readdirSync(join(appOutDir, 'resources')).sort()).toEqual(['app-update.yml', 'app.asar', 'tray'])
  })

  it('puts the tray images beside app.asar, where the main process looks for them', () => {
    expect(readdirSync(join(appOutDir, 'resources', 'tray')).sort()).toEqual(readdirSync(join(root, 'resources', 'tray')).sort())
    expect(readdirSync(join(appOutDir, 'resources', 'tray'))).toEqual(expect.arrayContaining(['trayTemplate.png', 'trayTemplate@2x.png', 'tray.png', 'tray@2x.png', 'tray.ico']))
  })

  it('declares the outpost:// protocol the app registers for deep links', () => {
    const schemes = [packedConfig?.protocols ?? []].flat().flatMap((protocol) => protocol.schemes)
    expect(schemes).toContain('outpost')
  })

  it('targets AppImage and deb, a dmg (plus the zip the updater needs) for both Mac architectures, and a per-user NSIS installer', () => {
    expect(packedConfig?.linux?.target).toEqual(['AppImage', 'deb'])
    expect(packedConfig?.mac?.target).toEqual([
      { target: 'dmg', arch: ['x64', 'arm64'] },
      { target: 'zip', arch: ['x64', 'arm64'] },
    ])
    expect(packedConfig?.mac?.hardenedRuntime).toBe(true)
    expect(packedConfig?.win?.target).toEqual(['nsis'])
    expect(packedConfig?.nsis).toMatchObject({ perMachine: false, createDesktopShortcut: 'always', deleteAppDataOnUninstall: false })
  })

  it('points every platform at icons and entitlements that exist', () => {
    for (const path of [packedConfig?.mac?.icon, packedConfig?.win?.icon, packedConfig?.linux?.icon, packedConfig?.mac?.entitlements, packedConfig?.mac?.entitlementsInherit]) {
      expect(path, 'a configured resource path').toEqual(expect.any(String))
      expect(existsSync(join(root, path ?? '')), `${path} exists`).toBe(true)
    }
  })

  it('grants the macOS app and its helpers only the JIT entitlement', () => {
    const plist = readFileSync(join(root, packedConfig?.mac?.entitlements ?? ''), 'utf8')
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((match) => match[1])
    expect(keys).toEqual(['com.apple.security.cs.allow-jit'])
    expect(packedConfig?.mac?.entitlementsInherit).toBe(packedConfig?.mac?.entitlements)
  })
})

describe('resources/app-update.yml', () => {
  it('tells electron-updater to use the generic provider at OUTPOST_UPDATE_URL', () => {
    const lines = readFileSync(join(appOutDir, 'resources', 'app-update.yml'), 'utf8').split('\n')
    const fields = Object.fromEntries(lines.filter((line) => line.includes(': ')).map((line) => line.split(/: (.*)/s).slice(0, 2)))
    expect(fields).toMatchObject({ provider: 'generic', url: updateUrl })
  })
})

describe('app.asar', () => {
  it('holds the electron-vite output, package.json and node_modules, nothing else', () => {
    const topLevel = new Set(asarEntries.map((entry) => entry.split('/')[1]))
    expect([...topLevel].sort()).toEqual(['node_modules', 'out', 'package.json'])
    expect(asarEntries).toEqual(expect.arrayContaining(['/out/main/index.js', '/out/preload/index.js', '/out/renderer/index.html', '/package.json']))
    expect(new Set(asarEntries.filter((entry) => entry.startsWith('/out/')).map((entry) => entry.split('/')[2]))).toEqual(new Set(['main', 'preload', 'renderer']))
  })

  it('ships the production dependencies and exactly those', () => {
    const expected = productionDependencyClosure()
    expect(expected).toContain('zod')
    expect(expected).toContain('electron-updater')
    expect([...packagesInAsar(asarEntries)].sort()).toEqual([...expected].sort())
  })

  it('ships no dev dependency', () => {
    const production = productionDependencyClosure()
    const shipped = packagesInAsar(asarEntries)
    const devOnly = Object.keys(rootPackage.devDependencies ?? {}).filter((name) => !production.has(name))
    for (const name of ['react', 'react-dom', 'rxdb', 'dexie', 'vitest', 'typescript', 'electron', 'electron-builder']) expect(devOnly).toContain(name)
    expect(devOnly.filter((name) => shipped.has(name))).toEqual([])
  })

  it('ships no source maps, tests or sources', () => {
    expect(asarEntries.filter((entry) => entry.endsWith('.map'))).toEqual([])
    expect(asarEntries.filter((entry) => /\.(test|spec)\.[cm]?[jt]sx?$|\/__tests__\//.test(entry))).toEqual([])
    expect(asarEntries.filter((entry) => /^\/(src|tests|scripts|bench|sync-server)(\/|$)/.test(entry))).toEqual([])
    expect(asarEntries.filter((entry) => entry.startsWith('/out/') && /\.(ts|tsx)$/.test(entry))).toEqual([])
  })

  it('carries a package.json whose entry point is in the archive', () => {
    const manifest = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8')) as PackageJson
    expect(manifest.main).toBe('./out/main/index.js')
    expect(manifest.devDependencies).toBeUndefined()
  })

  it(`stays under ${maxAsarBytes / 1024 / 1024} MiB`, () => {
    const size = statSync(asarPath).size
    console.log(`app.asar: ${(size / 1024 / 1024).toFixed(2)} MiB (${size} bytes), bound ${maxAsarBytes / 1024 / 1024} MiB`)
    expect(size).toBeLessThan(maxAsarBytes)
  })
})
