// Local database benchmark, in browser mode (the production renderer in Chromium).
// Prints one JSON line: 100,000-contact insert (and its ratio to a raw Dexie bulkPut of the same
// number of rows measured in the same run), first list row after reload, a filtered query
// (tag + lifecycle stage + text), and the renderer's JS heap after load.
// Usage: node bench/local-db.mjs [--contacts 100000] [--no-build]
import { spawn, execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from '@playwright/test'

const root = resolve(import.meta.dirname, '..')
const args = process.argv.slice(2)
const CONTACTS = Number(args[args.indexOf('--contacts') + 1] || 0) || 100_000
const PORT = 4174
const BASE = `http://127.0.0.1:${PORT}`
const STEP_TIMEOUT_MS = 15 * 60_000

function log(message) {
  process.stderr.write(`[bench] ${message}\n`)
}

if (!args.includes('--no-build')) {
  log('building browser mode…')
  execFileSync('npx', ['vite', 'build', '--config', 'vite.web.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' })
}

const server = spawn('npx', ['vite', 'preview', '--config', 'vite.web.config.ts', '--port', String(PORT), '--strictPort'], {
  cwd: root,
  stdio: 'ignore',
  detached: true,
})
const stopServer = () => {
  try {
    process.kill(-server.pid, 'SIGTERM')
  } catch {
    /* already gone */
  }
}
process.on('exit', stopServer)

async function waitForServer() {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    try {
      if ((await fetch(BASE)).ok) return
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error('vite preview did not start')
}

const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined
const profile = await mkdtemp(join(tmpdir(), 'outpost-bench-'))
let context
try {
  await waitForServer()
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
  const page = context.pages()[0] ?? (await context.newPage())
  page.setDefaultTimeout(STEP_TIMEOUT_MS)

  // Baseline: raw Dexie bulkPut of the same number of contact-shaped rows, same browser, same run.
  // A blank page on the app's origin (the app's CSP rightly refuses injected scripts).
  await page.route(`${BASE}/__baseline.html`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>baseline</title>' }))
  await page.goto(`${BASE}/__baseline.html`)
  await page.addScriptTag({ path: join(root, 'node_modules/dexie/dist/dexie.js') })
  log(`baseline: raw Dexie bulkPut of ${CONTACTS} rows…`)
  const dexieBulkPutMs = await page.evaluate(async (count) => {
    const db = new globalThis.Dexie('bench-baseline')
    db.version(1).stores({ contacts: 'id, updatedAt, email, lifecycleStage, companyId' })
    await db.open()
    const stamp = `${String(Date.now()).padStart(15, '0')}-00000-bench`
    const started = performance.now()
    for (let offset = 0; offset < count; offset += 5_000) {
      const rows = []
      for (let i = offset; i < Math.min(count, offset + 5_000); i++) {
        rows.push({
          id: `01BENCH${String(i).padStart(19, '0')}`,
          email: `person${i}@example${i % 997}.com`,
          firstName: `First${i % 151}`,
          lastName: `Last${i % 149}`,
          phone: '+1 555 0100',
          title: 'Marketing Manager',
          companyId: `01BENCHCOMPANY${String(i % 5000).padStart(12, '0')}`,
          tags: ['newsletter', 'webinar'],
          lifecycleStage: 'lead',
          customFields: { plan: 'Pro', seats: 5 },
          createdAt: Date.now(),
          updatedAt: Date.now(),
          _clock: Object.fromEntries(['email', 'firstName', 'lastName', 'phone', 'title', 'companyId', 'tags', 'lifecycleStage', 'customFields', 'createdAt', '_deleted'].map((k) => [k, stamp])),
          _deleted: false,
        })
      }
      await db.contacts.bulkPut(rows)
    }
    const elapsed = performance.now() - started
    db.close()
    await globalThis.Dexie.delete('bench-baseline')
    return elapsed
  }, CONTACTS)

  // The app: Settings → Demo data → Load, as a user would.
  await page.goto(`${BASE}/#/settings`)
  log(`app: loading ${CONTACTS} demo contacts through the UI…`)
  await page.locator('#demo-count').fill(String(CONTACTS))
  const insertStarted = Date.now()
  await page.getByRole('button', { name: 'Load demo data' }).click()
  await page.getByRole('status').filter({ hasText: /^Done\./ }).waitFor()
  const insertMs = Date.now() - insertStarted

  // Reload straight into the list: time from navigation start to the first rendered row.
  await page.addInitScript(() => {
    const observer = new MutationObserver(() => {
      if (document.querySelector('[data-testid="contact-row"]')) {
        globalThis.__firstRowMs = performance.now()
        observer.disconnect()
      }
    })
    observer.observe(document, { childList: true, subtree: true })
  })
  log('reload → first row…')
  await page.goto(`${BASE}/?reloaded=1#/contacts`) // a new document, not a hash change
  await page.locator('[data-testid="contact-row"]').first().waitFor()
  const firstRowMs = await page.evaluate(() => globalThis.__firstRowMs)
  await page.getByRole('contentinfo').getByText(`${CONTACTS.toLocaleString('en-US')} contacts`, { exact: true }).waitFor()
  const fullIndexMs = await page.evaluate(() => performance.now())

  log('filtered query…')
  const filter = await applyFilters(page)

  const cdp = await context.newCDPSession(page)
  await cdp.send('HeapProfiler.collectGarbage')
  const heap = await cdp.send('Runtime.getHeapUsage')

  console.log(
    JSON.stringify({
      bench: 'local-db',
      contacts: CONTACTS,
      insert_ms: insertMs,
      insert_rows_per_s: Math.round(CONTACTS / (insertMs / 1000)),
      dexie_bulkput_ms: Math.round(dexieBulkPutMs),
      insert_vs_raw_dexie: Number((dexieBulkPutMs / insertMs).toFixed(2)),
      first_row_after_reload_ms: Math.round(firstRowMs),
      full_index_after_reload_ms: Math.round(fullIndexMs),
      filtered_query_ms: filter.queryMs,
      filtered_query_to_paint_ms: filter.toPaintMs,
      filtered_matches: filter.matches,
      heap_used_mb: Number((heap.usedSize / 2 ** 20).toFixed(1)),
      targets: { first_row_ms: 1000, filtered_query_ms: 200, heap_mb: 300 },
    }),
  )
} finally {
  await context?.close()
  stopServer()
  await rm(profile, { recursive: true, force: true })
}

/** Tag + lifecycle stage through the filter controls, then text typed into search. */
async function applyFilters(page) {
  await selectFilters(page)
  await page.locator('#contact-search').fill('an')
  // One keystroke, timed inside the page: input event → React render → two frames painted.
  const toPaintMs = await page.evaluate(async () => {
    const input = document.getElementById('contact-search')
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set
    const started = performance.now()
    setValue.call(input, 'ann')
    input.dispatchEvent(new Event('input', { bubbles: true }))
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
    return performance.now() - started
  })
  await page.waitForTimeout(200)
  const measure = await page.evaluate(() => {
    const entry = performance.getEntriesByName('outpost:contact-query').at(-1)
    return entry ? { duration: entry.duration, matches: entry.detail?.matches } : null
  })
  return { queryMs: measure ? Number(measure.duration.toFixed(1)) : null, toPaintMs: Math.round(toPaintMs), matches: measure?.matches ?? null }
}

async function selectFilters(page) {
  for (const [filter, option] of [
    ['Tag', 'newsletter'],
    ['Stage', 'Lead'],
  ]) {
    await page.getByRole('button', { name: new RegExp(`^${filter} filter`) }).click()
    await page.getByRole('listbox', { name: filter }).getByRole('option', { name: option, exact: true }).click()
    await page.keyboard.press('Escape')
  }
}
