// `npm run security`: electronegativity over src/, failing (exit 1) on any HIGH or MEDIUM finding
// not justified in security/electronegativity-allowlist.json, and on allowlist entries that match
// nothing any more. Writes the SARIF report (with severities added) to test-results/.
//
// Electronegativity is called through its Node API (the same run() its CLI calls with
// `-i src -e <version> -r -o <file>.sarif`) because its SARIF has no severity: `level` is only
// "note" (manual review) or "warning". The API returns each finding's severity and confidence.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { electronVersionFromRange } from './electronVersion.ts'
import {
  annotateSarif,
  evaluateGate,
  findingsFromIssues,
  formatGateReport,
  gatePassed,
  parseAllowlist,
} from './securityGate.ts'

const root = resolve(import.meta.dirname, '..')
const scannedDir = 'src'
const allowlistPath = 'security/electronegativity-allowlist.json'
const sarifPath = join(root, 'test-results', 'electronegativity.sarif')

const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const electronVersion = electronVersionFromRange(packageJson.devDependencies?.electron)
const allowlist = parseAllowlist(JSON.parse(readFileSync(join(root, allowlistPath), 'utf8')))

const runElectronegativity = createRequire(import.meta.url)('@doyensec/electronegativity')
mkdirSync(dirname(sarifPath), { recursive: true })
rmSync(sarifPath, { force: true }) // so a report from an earlier run is never mistaken for this one's
const scan = await runElectronegativity(
  {
    input: join(root, scannedDir),
    output: sarifPath,
    isSarif: true,
    isRelative: true,
    customScan: [],
    // This check downloads Electron's release list (no timeout, no network in CI) and only applies
    // to a package.json, which src/ does not hold: the scan stays offline and deterministic.
    excludeFromScan: ['availablesecurityfixesglobalcheck'],
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  },
  false,
)

// A file electronegativity could not parse was not checked at all: that must not pass quietly.
const unscanned = scan.errors.filter((error) => !error.tolerable)
for (const error of scan.errors.filter((error) => error.tolerable)) console.warn(`electronegativity: ${error.file}: ${error.message}`, { cause: error })
if (unscanned.length > 0) {
  console.error(`electronegativity could not parse ${unscanned.length} file(s), so they were not checked:`)
  for (const error of unscanned) console.error(`  ${relative(root, error.file)}: ${error.message}`, { cause: error })
  process.exit(1)
}

/** run() starts writing the report with fs.writeFile and returns without waiting for it. */
async function readReportWhenWritten(path, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return JSON.parse(readFileSync(path, 'utf8'))
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`electronegativity did not write a complete ${relative(root, path)}: ${error.message}`, { cause: error })
      await new Promise((resolveLater) => setTimeout(resolveLater, 20))
    }
  }
}

const findings = findingsFromIssues(scan.issues, scannedDir)
const sarif = annotateSarif(await readReportWhenWritten(sarifPath, 10_000), findings, scannedDir)
writeFileSync(sarifPath, `${JSON.stringify(sarif, null, 2)}\n`)

const result = evaluateGate(findings, allowlist)
console.log(`electronegativity ${scan.globalChecks + scan.atomicChecks} checks over ${scannedDir}/ (Electron ${electronVersion}): ${findings.length} finding(s); SARIF in ${relative(root, sarifPath)}`)
console.log(formatGateReport(result, allowlistPath))
process.exit(gatePassed(result) ? 0 : 1)
