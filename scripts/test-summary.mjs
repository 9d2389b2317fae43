// Adds up the vitest (unit, packaging) and Playwright JSON reports into the one line CI reads:
// "N passed, N failed, N skipped".
import { existsSync, readFileSync } from 'node:fs'

const [, , exitCodeArg = '0'] = process.argv
const exitCode = Number(exitCodeArg)
let passed = 0
let failed = 0
let skipped = 0

// test:unit writes vitest.json, test:package (its own vitest config) vitest-package.json.
for (const vitestReport of ['test-results/vitest.json', 'test-results/vitest-package.json']) {
  if (!existsSync(vitestReport)) continue
  const report = JSON.parse(readFileSync(vitestReport, 'utf8'))
  passed += report.numPassedTests ?? 0
  failed += report.numFailedTests ?? 0
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
}

const playwrightReport = 'test-results/playwright.json'
if (existsSync(playwrightReport)) {
  const stats = JSON.parse(readFileSync(playwrightReport, 'utf8')).stats ?? {}
  passed += (stats.expected ?? 0) + (stats.flaky ?? 0)
  failed += stats.unexpected ?? 0
  skipped += stats.skipped ?? 0
}

// A failing typecheck, lint or build stops `npm test` before (some) tests run: count it as a failure.
if (exitCode !== 0 && failed === 0) failed = 1

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
