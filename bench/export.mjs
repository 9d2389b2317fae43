// Export benchmark, in browser mode (the production renderer in Chromium), through the UI: a
// 100,000-contact workspace (Settings → Demo data), then Contacts → Export (CSV) and Settings →
// Privacy → Export JSON. Prints one JSON line: time from click to the saved file and rows per
// second for each, the file sizes, and the longest main-thread stall while each ran (Long Tasks
// API, and the longest gap between animation frames).
// Usage: node bench/export.mjs [--rows 100000] [--no-build]   (run it under the bench lock:
//   flock /tmp/outpost-heavy.lock node bench/export.mjs)
import { stat } from 'node:fs/promises'
import { buildWeb, installStallWatch, launchDevice, log, startPreview, startStallWatch, stopStallWatch } from './lib/browser.mjs'

const args = process.argv.slice(2)
const ROWS = Number(args[args.indexOf('--rows') + 1] || 0) || 100_000
const PORT = 4176
const STEP_TIMEOUT_MS = 15 * 60_000
const TARGETS = { longest_stall_ms: 100 }

if (!args.includes('--no-build')) buildWeb()

const preview = await startPreview(PORT)
let device
try {
  device = await launchDevice()
  const { page } = device
  page.setDefaultTimeout(STEP_TIMEOUT_MS)
  await installStallWatch(page)

  log(`demo data: ${ROWS} contacts…`)
  await page.goto(`${preview.base}/#/settings`)
  await page.getByLabel('Number of contacts').fill(String(ROWS))
  await page.getByRole('button', { name: 'Load demo data' }).click()
  await page.getByText(new RegExp(`Done\\. Added ${ROWS.toLocaleString('en-US')} contacts`)).waitFor()

  /** Clicks `start`, waits for the download, and measures it and the stalls meanwhile. */
  async function measured(start) {
    await startStallWatch(page)
    const started = Date.now()
    const [download] = await Promise.all([page.waitForEvent('download'), start()])
    const ms = Date.now() - started
    const stalls = await stopStallWatch(page)
    const bytes = (await stat(await download.path())).size
    return { ms, bytes, stalls }
  }

  log('CSV export of every contact…')
  await page.goto(`${preview.base}/#/contacts`)
  await page.getByRole('contentinfo').getByText(`${ROWS.toLocaleString('en-US')} contacts`, { exact: true }).waitFor()
  await page.getByRole('button', { name: 'Export', exact: true }).click()
  const exportButton = page.getByRole('dialog').getByRole('button', { name: `Export ${ROWS.toLocaleString('en-US')} contacts` })
  await exportButton.waitFor()
  const csv = await measured(() => exportButton.click())

  log('JSON export of the workspace…')
  await page.goto(`${preview.base}/#/settings/privacy`)
  const json = await measured(() => page.getByRole('button', { name: 'Export JSON' }).click())

  console.log(
    JSON.stringify({
      bench: 'export',
      rows: ROWS,
      csv_ms: csv.ms,
      csv_rows_per_s: Math.round(ROWS / (csv.ms / 1000)),
      csv_mb: Number((csv.bytes / 1e6).toFixed(1)),
      csv_longest_stall_ms: Math.round(csv.stalls.longest),
      csv_stalls_over_100ms: csv.stalls.over100,
      csv_longest_frame_gap_ms: Math.round(csv.stalls.frameGap),
      json_ms: json.ms,
      json_mb: Number((json.bytes / 1e6).toFixed(1)),
      json_longest_stall_ms: Math.round(json.stalls.longest),
      json_stalls_over_100ms: json.stalls.over100,
      json_longest_frame_gap_ms: Math.round(json.stalls.frameGap),
      targets: TARGETS,
    }),
  )
} finally {
  await device?.close()
  preview.stop()
}
