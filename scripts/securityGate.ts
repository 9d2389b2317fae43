// The security gate's decisions, kept pure so tests can pin them: which electronegativity findings
// block CI, which the checked-in allowlist justifies, and which allowlist entries went stale.
// scripts/security-gate.mjs does the I/O (running the scan, reading files, printing, exit code).
import { z } from 'zod'

export const severities = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'] as const
export type Severity = (typeof severities)[number]

/** Issue 6: CI fails on any finding rated HIGH or MEDIUM that the allowlist does not justify. */
export const blockingSeverities: readonly Severity[] = ['HIGH', 'MEDIUM']

export type Finding = {
  checkId: string
  /** Relative to the repository root, with forward slashes (e.g. src/main/main-window.ts). */
  file: string
  line: number
  column: number
  severity: Severity
  confidence: string
  manualReview: boolean
  message: string
  /** The flagged source text (electronegativity's `sample`); empty when the check has none. */
  sample: string
}

const allowlistEntrySchema = z.strictObject({
  check: z.string().regex(/^[A-Z0-9_]+$/, 'check must be an electronegativity check id such as SANDBOX_JS_CHECK'),
  file: z.string().min(1),
  pattern: z.string().min(1).optional(),
  justification: z.string().trim().min(30, 'justification must say why the finding is safe (30 characters at least)'),
})
export type AllowlistEntry = z.infer<typeof allowlistEntrySchema>

const allowlistSchema = z.object({ entries: z.array(allowlistEntrySchema) })

/** Validates the allowlist file's JSON; a malformed allowlist must stop the gate, not silently allow. */
export function parseAllowlist(json: unknown): AllowlistEntry[] {
  const parsed = allowlistSchema.safeParse(json)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    throw new Error(`The electronegativity allowlist is not valid:\n  ${problems.join('\n  ')}`)
  }
  return parsed.data.entries
}

// The shape electronegativity's run() returns per issue (location and sample are absent on some global checks).
const issueSchema = z.object({
  id: z.string(),
  file: z.string(),
  description: z.string(),
  severity: z.object({ name: z.enum(severities) }),
  confidence: z.object({ name: z.string() }),
  manualReview: z.boolean().optional(),
  location: z.object({ line: z.number(), column: z.number() }).optional(),
  sample: z.string().optional(),
})

/** Electronegativity's issues (paths relative to the scanned directory) as findings relative to the repo root. */
export function findingsFromIssues(issues: readonly unknown[], scannedDir: string): Finding[] {
  const prefix = scannedDir.replace(/\\/g, '/').replace(/\/+$/, '')
  return issues.map((raw, index) => {
    const parsed = issueSchema.safeParse(raw)
    if (!parsed.success) throw new Error(`electronegativity issue #${index} has an unexpected shape: ${parsed.error.message}`)
    const issue = parsed.data
    return {
      checkId: issue.id,
      file: `${prefix}/${issue.file.replace(/\\/g, '/')}`,
      line: issue.location?.line ?? 0,
      column: issue.location?.column ?? 0,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      manualReview: issue.manualReview ?? false,
      message: issue.description,
      sample: issue.sample?.trim() ?? '',
    }
  })
}

/** `*` matches within one path segment, `**` across segments; everything else is literal. */
export function globToRegExp(glob: string): RegExp {
  let source = ''
  for (let i = 0; i < glob.length; i++) {
    const char = glob.charAt(i)
    if (char === '*' && glob.charAt(i + 1) === '*') {
      const slashFollows = glob.charAt(i + 2) === '/'
      source += slashFollows ? '(?:.*/)?' : '.*'
      i += slashFollows ? 2 : 1
    } else if (char === '*') {
      source += '[^/]*'
    } else {
      source += char.replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    }
  }
  return new RegExp(`^${source}$`)
}

/** Line numbers move with every edit, so an entry matches by check, file and (optionally) the flagged text. */
export function entryMatches(entry: AllowlistEntry, finding: Finding): boolean {
  if (entry.check !== finding.checkId) return false
  if (!globToRegExp(entry.file).test(finding.file)) return false
  return entry.pattern === undefined || finding.sample.includes(entry.pattern)
}

export type GateResult = {
  /** HIGH/MEDIUM findings no allowlist entry justifies: these fail the gate. */
  blocking: Finding[]
  /** HIGH/MEDIUM findings with the entry that justifies them. */
  justified: Array<{ finding: Finding; entry: AllowlistEntry }>
  /** LOW/INFORMATIONAL findings: reported, never blocking. */
  belowThreshold: Finding[]
  /** Entries that match no finding at all: the code they excused changed, so they must go (they fail the gate). */
  stale: AllowlistEntry[]
}

export function evaluateGate(findings: readonly Finding[], allowlist: readonly AllowlistEntry[]): GateResult {
  const used = new Set<AllowlistEntry>()
  const result: GateResult = { blocking: [], justified: [], belowThreshold: [], stale: [] }
  for (const finding of findings) {
    // Matched even below the threshold, so an entry for a finding that is now LOW is not called stale.
    const entry = allowlist.find((candidate) => entryMatches(candidate, finding))
    if (entry) used.add(entry)
    if (!blockingSeverities.includes(finding.severity)) result.belowThreshold.push(finding)
    else if (entry) result.justified.push({ finding, entry })
    else result.blocking.push(finding)
  }
  result.stale = allowlist.filter((entry) => !used.has(entry))
  return result
}

export function gatePassed(result: GateResult): boolean {
  return result.blocking.length === 0 && result.stale.length === 0
}

function findingLine(finding: Finding): string {
  const where = `${finding.file}:${finding.line}`
  const sample = finding.sample ? `\n      ${finding.sample.length > 120 ? `${finding.sample.slice(0, 117)}...` : finding.sample}` : ''
  return `  ${finding.checkId}  ${where}  ${finding.severity} (confidence ${finding.confidence})  ${finding.message}${sample}`
}

/** The listing CI prints: blocking findings and stale entries first, then what was let through and why. */
export function formatGateReport(result: GateResult, allowlistPath: string): string {
  const lines: string[] = []
  if (result.blocking.length > 0) {
    lines.push(`${result.blocking.length} HIGH/MEDIUM finding(s) not justified in ${allowlistPath}:`)
    for (const finding of result.blocking) lines.push(findingLine(finding))
    lines.push(`Fix the code, or if it is safe add an entry { check, file, pattern?, justification } to ${allowlistPath}.`)
  }
  if (result.stale.length > 0) {
    lines.push(`${result.stale.length} allowlist entr${result.stale.length === 1 ? 'y matches' : 'ies match'} no finding any more (remove ${result.stale.length === 1 ? 'it' : 'them'} from ${allowlistPath}):`)
    for (const entry of result.stale) lines.push(`  ${entry.check}  ${entry.file}${entry.pattern ? `  pattern ${JSON.stringify(entry.pattern)}` : ''}`)
  }
  if (result.justified.length > 0) {
    lines.push(`${result.justified.length} HIGH/MEDIUM finding(s) justified in the allowlist:`)
    for (const { finding, entry } of result.justified) lines.push(`${findingLine(finding)}\n      why: ${entry.justification}`)
  }
  if (result.belowThreshold.length > 0) {
    lines.push(`${result.belowThreshold.length} LOW/INFORMATIONAL finding(s), not gated:`)
    for (const finding of result.belowThreshold) lines.push(findingLine(finding))
  }
  lines.push(gatePassed(result) ? 'Security gate passed.' : 'Security gate FAILED.')
  return lines.join('\n')
}

type SarifResult = {
  ruleId?: string
  locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }>
  properties?: Record<string, unknown>
}
type Sarif = { runs?: Array<{ results?: SarifResult[] }> }

/**
 * Electronegativity's SARIF carries no severity (its `level` only says whether manual review is
 * needed), so the gate copies severity and confidence from the same run into each result's
 * properties. Results come in the same order as the issues; any mismatch means the file is not
 * the complete report of this run, which is an error.
 */
export function annotateSarif(sarif: Sarif, findings: readonly Finding[], scannedDir: string): Sarif {
  const results = sarif.runs?.[0]?.results
  if (!results || sarif.runs?.length !== 1) throw new Error('SARIF report has no single run with results')
  if (results.length !== findings.length) {
    throw new Error(`SARIF report lists ${results.length} result(s) but the scan found ${findings.length}: the report is incomplete`)
  }
  const prefix = `${scannedDir.replace(/\\/g, '/').replace(/\/+$/, '')}/`
  const annotated = results.map((result, index) => {
    const finding = findings[index]
    const location = result.locations?.[0]?.physicalLocation
    const uri = location?.artifactLocation?.uri ?? ''
    const expectedLine = Math.max(finding?.line ?? 0, 1) // SARIF lines start at 1; electronegativity writes 0 as 1
    if (!finding || result.ruleId !== finding.checkId || `${prefix}${uri}` !== finding.file || location?.region?.startLine !== expectedLine) {
      throw new Error(`SARIF result #${index} (${result.ruleId} ${uri}) does not match the scan's finding (${finding?.checkId} ${finding?.file}:${finding?.line})`)
    }
    return { ...result, properties: { ...result.properties, severity: finding.severity, confidence: finding.confidence } }
  })
  return { ...sarif, runs: [{ ...sarif.runs[0], results: annotated }] }
}
