// Shared by the browser-mode benchmarks: the production renderer build served by vite preview,
// Debian's Chromium (Playwright's own elsewhere), and the raw-IndexedDB baseline every
// figure is compared with in the same run.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from '@playwright/test'

export const root = resolve(import.meta.dirname, '../..')

export function log(message) {
  process.stderr.write(`[bench] ${message}\n`)
}

export function buildWeb() {
  log('building browser mode…')
  execFileSync('npx', ['vite', 'build', '--config', 'vite.web.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' })
}

export async function waitForUrl(url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`)
}

/** `vite preview` of dist-web on `port`; returns its base URL and a stop function. */
export async function startPreview(port) {
  const server = spawn('npx', ['vite', 'preview', '--config', 'vite.web.config.ts', '--port', String(port), '--strictPort'], {
    cwd: root,
    stdio: 'ignore',
    detached: true,
  })
  const stop = () => {
    try {
      process.kill(-server.pid, 'SIGTERM')
    } catch {
      /* already gone */
    }
  }
  process.on('exit', stop)
  const base = `http://127.0.0.1:${port}`
  await waitForUrl(base)
  return { base, stop }
}

/** A Chromium with its own fresh profile (so its own IndexedDB): one "device". */
export async function launchDevice() {
  const profile = await mkdtemp(join(tmpdir(), 'outpost-bench-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
  const page = context.pages()[0] ?? (await context.newPage())
  return {
    context,
    page,
    async close() {
      await context.close()
      await rm(profile, { recursive: true, force: true })
    },
  }
}

export function contactRow(i, stamp) {
  return {
    id: `01BENCH${String(i).padStart(19, '0')}`,
    email: `person${i}@example${i % 997}.com`,
    firstName: `First${i % 151}`,
    lastName: `Last${i % 149}`,
    phone: '+1 555 0100',
    title: 'Marketing Manager',
    companyId: '',
    tags: ['newsletter', 'webinar'],
    lifecycleStage: 'lead',
    customFields: { plan: 'Pro', seats: 5 },
    createdAt: 1_790_000_000_000,
    updatedAt: 1_790_000_000_000,
    _clock: Object.fromEntries(['email', 'firstName', 'lastName', 'phone', 'title', 'companyId', 'tags', 'lifecycleStage', 'customFields', 'createdAt', '_deleted'].map((k) => [k, stamp])),
    _deleted: false,
  }
}

/**
 * Baseline: raw Dexie bulkPut of `count` contact-shaped rows in chunks of 5,000, in this browser,
 * on a blank page of the app's origin (the app's CSP rightly refuses injected scripts).
 */
export async function measureDexieBulkPut(page, base, count) {
  await page.route(`${base}/__baseline.html`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>baseline</title>' }))
  await page.goto(`${base}/__baseline.html`)
  await page.addScriptTag({ path: join(root, 'node_modules/dexie/dist/dexie.js') })
  await page.addScriptTag({ content: `globalThis.__contactRow = ${contactRow.toString()}` })
  return page.evaluate(async (total) => {
    const db = new globalThis.Dexie('bench-baseline')
    db.version(1).stores({ contacts: 'id, updatedAt, email, lifecycleStage, companyId' })
    await db.open()
    const stamp = `${String(Date.now()).padStart(15, '0')}-00000-bench`
    const started = performance.now()
    for (let offset = 0; offset < total; offset += 5_000) {
      const rows = []
      for (let i = offset; i < Math.min(total, offset + 5_000); i++) rows.push(globalThis.__contactRow(i, stamp))
      await db.contacts.bulkPut(rows)
    }
    const elapsed = performance.now() - started
    db.close()
    await globalThis.Dexie.delete('bench-baseline')
    return elapsed
  }, count)
}

/**
 * Watches main-thread stalls in every page the context loads: long tasks (Long Tasks API) and the
 * longest gap between two animation frames, which also catches a busy frame that is not one
 * task. Counting happens only between startStallWatch and stopStallWatch.
 */
export async function installStallWatch(page) {
  await page.addInitScript(() => {
    const watch = { on: false, longest: 0, over100: 0, frameGap: 0, last: 0 }
    globalThis.__stalls = watch
    new PerformanceObserver((list) => {
      if (!watch.on) return
      for (const entry of list.getEntries()) {
        watch.longest = Math.max(watch.longest, entry.duration)
        if (entry.duration > 100) watch.over100++
      }
    }).observe({ type: 'longtask', buffered: false })
    const frame = (time) => {
      if (watch.on && watch.last > 0) watch.frameGap = Math.max(watch.frameGap, time - watch.last)
      watch.last = time
      requestAnimationFrame(frame)
    }
    requestAnimationFrame(frame)
  })
}

/** Starts counting stalls afresh. */
export async function startStallWatch(page) {
  await page.evaluate(() => Object.assign(globalThis.__stalls, { on: true, last: 0, longest: 0, over100: 0, frameGap: 0 }))
}

/** Stops counting; returns { longest, over100, frameGap } in ms. */
export async function stopStallWatch(page) {
  return page.evaluate(() => {
    const { longest, over100, frameGap } = Object.assign(globalThis.__stalls, { on: false })
    return { longest, over100, frameGap }
  })
}
