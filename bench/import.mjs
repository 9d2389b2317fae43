// CSV import benchmark, in browser mode (the production renderer in Chromium), through the UI:
// Import contacts → choose a 100,000-row CSV → Start import → wait for the summary.
// Prints one JSON line: rows per second, the longest main-thread stall while importing (Long
// Tasks API, and the longest gap between animation frames), and a raw Dexie bulkPut of the same
// number of rows measured in the same run, with the ratio between the two.
// Usage: node bench/import.mjs [--rows 100000] [--no-build]   (run it under the bench lock:
//   flock /tmp/outpost-heavy.lock npm run bench:import)
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import { contactsCsvLines } from '../tests/fixtures/contactsCsv.mjs'
import { buildWeb, installStallWatch, launchDevice, log, measureDexieBulkPut, startPreview, startStallWatch, stopStallWatch } from './lib/browser.mjs'

const args = process.argv.slice(2)
const ROWS = Number(args[args.indexOf('--rows') + 1] || 0) || 100_000
const PORT = 4175
const STEP_TIMEOUT_MS = 15 * 60_000
const TARGETS = { rows_per_s: 5_000, longest_stall_ms: 100 }

if (!args.includes('--no-build')) buildWeb()

const dir = await mkdtemp(join(tmpdir(), 'outpost-import-bench-'))
const csvPath = join(dir, `contacts-${ROWS}.csv`)
const out = createWriteStream(csvPath)
for (const line of contactsCsvLines(ROWS)) if (!out.write(line)) await new Promise((resolve) => out.once('drain', resolve))
out.end()
await finished(out)

const preview = await startPreview(PORT)
let device
try {
  device = await launchDevice()
  const { page } = device
  page.setDefaultTimeout(STEP_TIMEOUT_MS)

  log(`baseline: raw Dexie bulkPut of ${ROWS} rows…`)
  const dexieBulkPutMs = await measureDexieBulkPut(page, preview.base, ROWS)

  // Stalls are counted only between start and finish.
  await installStallWatch(page)
  await page.goto(`${preview.base}/#/import`)
  log(`app: importing ${ROWS} rows through the import screen…`)
  await page.getByLabel('CSV file').setInputFiles(csvPath)
  const start = page.getByRole('button', { name: 'Start import' })
  await start.waitFor()
  await startStallWatch(page)
  const started = Date.now()
  await start.click()
  const status = page.getByRole('status').filter({ hasText: /^Import (finished|cancelled|stopped)/ })
  await status.waitFor()
  const importMs = Date.now() - started
  const stalls = await stopStallWatch(page)
  const summary = await status.textContent()
  if (!summary?.startsWith(`Import finished: ${ROWS.toLocaleString('en-US')} created`)) throw new Error(`unexpected summary: ${summary}`)
  await page.getByRole('contentinfo').getByText(`${ROWS.toLocaleString('en-US')} contacts`, { exact: true }).waitFor()

  const batches = await page.evaluate(() =>
    performance.getEntriesByName('outpost:import-batch').map((entry) => ({ ms: entry.duration, contacts: entry.detail.contacts, next: entry.detail.nextBatchSize })),
  )
  const rowsPerS = Math.round(ROWS / (importMs / 1000))
  const dexieRowsPerS = Math.round(ROWS / (dexieBulkPutMs / 1000))
  console.log(
    JSON.stringify({
      bench: 'import',
      rows: ROWS,
      import_ms: importMs,
      rows_per_s: rowsPerS,
      longest_stall_ms: Math.round(stalls.longest),
      stalls_over_100ms: stalls.over100,
      longest_frame_gap_ms: Math.round(stalls.frameGap),
      batches: batches.length,
      batch_size_last: batches.at(-1)?.next ?? null,
      batch_size_range: batches.length > 0 ? [Math.min(...batches.map((b) => b.contacts)), Math.max(...batches.map((b) => b.contacts))] : null,
      batch_write_ms_max: Math.round(Math.max(0, ...batches.map((b) => b.ms))),
      dexie_bulkput_ms: Math.round(dexieBulkPutMs),
      dexie_bulkput_rows_per_s: dexieRowsPerS,
      import_vs_raw_dexie: Number((rowsPerS / dexieRowsPerS).toFixed(2)),
      targets: TARGETS,
    }),
  )
} finally {
  await device?.close()
  preview.stop()
  await rm(dir, { recursive: true, force: true })
}
