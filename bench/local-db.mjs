// Local database benchmark, in browser mode (the production renderer in Chromium).
// Prints one JSON line: 100,000-contact insert (and its ratio to a raw Dexie bulkPut of the same
// number of rows measured in the same run), first list row after reload, a filtered query
// (tag + lifecycle stage + text), and the renderer's JS heap after load.
// Usage: node bench/local-db.mjs [--contacts 100000] [--no-build]
import { buildWeb, launchDevice, log, measureDexieBulkPut, startPreview } from './lib/browser.mjs'

const args = process.argv.slice(2)
const CONTACTS = Number(args[args.indexOf('--contacts') + 1] || 0) || 100_000
const PORT = 4174
const STEP_TIMEOUT_MS = 15 * 60_000

if (!args.includes('--no-build')) buildWeb()

const preview = await startPreview(PORT)
const BASE = preview.base
let device
try {
  device = await launchDevice()
  const { context, page } = device
  page.setDefaultTimeout(STEP_TIMEOUT_MS)

  log(`baseline: raw Dexie bulkPut of ${CONTACTS} rows…`)
  const dexieBulkPutMs = await measureDexieBulkPut(page, BASE, CONTACTS)

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
  await device?.close()
  preview.stop()
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
