import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import {
  annotateSarif,
  evaluateGate,
  findingsFromIssues,
  formatGateReport,
  gatePassed,
  globToRegExp,
  parseAllowlist,
  type AllowlistEntry,
  type Finding,
} from '../../scripts/securityGate'

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    checkId: 'SANDBOX_JS_CHECK',
    file: 'src/main/main-window.ts',
    line: 10,
    column: 17,
    severity: 'MEDIUM',
    confidence: 'FIRM',
    manualReview: false,
    message: 'Use sandbox for untrusted origins',
    sample: 'const window = new BrowserWindow({',
    ...overrides,
  }
}

const justification = 'Preferences come from secureWebPreferences(), which sets sandbox: true.'

function entry(overrides: Partial<AllowlistEntry> = {}): AllowlistEntry {
  return { check: 'SANDBOX_JS_CHECK', file: 'src/main/main-window.ts', justification, ...overrides }
}

describe('evaluateGate', () => {
  it('blocks HIGH and MEDIUM findings that no entry justifies, and lets LOW ones through', () => {
    const high = finding({ checkId: 'CONTEXT_ISOLATION_JS_CHECK', severity: 'HIGH' })
    const medium = finding()
    const low = finding({ checkId: 'CSP_GLOBAL_CHECK', severity: 'LOW' })
    const info = finding({ checkId: 'CSP_GLOBAL_CHECK', severity: 'INFORMATIONAL' })

    const result = evaluateGate([high, medium, low, info], [])

    expect(result.blocking).toEqual([high, medium])
    expect(result.belowThreshold).toEqual([low, info])
    expect(gatePassed(result)).toBe(false)
  })

  it('passes when every blocking finding is justified, whatever line it moved to', () => {
    const moved = finding({ line: 240 })
    const result = evaluateGate([moved], [entry()])

    expect(result.blocking).toEqual([])
    expect(result.justified).toEqual([{ finding: moved, entry: entry() }])
    expect(gatePassed(result)).toBe(true)
  })

  it('matches an entry by check id and file: the same check elsewhere, or another check here, still blocks', () => {
    const otherFile = finding({ file: 'src/main/settings-window.ts' })
    const otherCheck = finding({ checkId: 'NODE_INTEGRATION_JS_CHECK' })

    const result = evaluateGate([finding(), otherFile, otherCheck], [entry()])

    expect(result.blocking).toEqual([otherFile, otherCheck])
  })

  it('with a pattern, only findings whose flagged text contains it are justified', () => {
    const validated = finding({ checkId: 'OPEN_EXTERNAL_JS_CHECK', file: 'src/main/open-external.ts', sample: 'await shell.openExternal(checked.url)' })
    const raw = finding({ checkId: 'OPEN_EXTERNAL_JS_CHECK', file: 'src/main/open-external.ts', sample: 'await shell.openExternal(url)' })
    const allowlist = [entry({ check: 'OPEN_EXTERNAL_JS_CHECK', file: 'src/main/open-external.ts', pattern: 'shell.openExternal(checked.url)' })]

    const result = evaluateGate([validated, raw], allowlist)

    expect(result.justified.map((item) => item.finding)).toEqual([validated])
    expect(result.blocking).toEqual([raw])
  })

  it('matches file globs: ** across folders, * within one', () => {
    const deep = finding({ file: 'src/renderer/src/features/companies/CompanyDetailPage.tsx' })
    const main = finding({ file: 'src/main/index.ts' })

    expect(evaluateGate([deep, main], [entry({ file: 'src/renderer/**' })]).blocking).toEqual([main])
    expect(evaluateGate([deep, main], [entry({ file: 'src/*/index.ts' })]).blocking).toEqual([deep])
  })

  it('reports entries that match no finding as stale, which fails the gate', () => {
    const stale = entry({ file: 'src/main/removed-window.ts' })
    const result = evaluateGate([finding()], [entry(), stale])

    expect(result.blocking).toEqual([])
    expect(result.stale).toEqual([stale])
    expect(gatePassed(result)).toBe(false)
  })

  it('does not call an entry stale when its finding is now rated below the threshold', () => {
    const result = evaluateGate([finding({ severity: 'LOW' })], [entry()])

    expect(result.stale).toEqual([])
    expect(gatePassed(result)).toBe(true)
  })
})

describe('globToRegExp', () => {
  it('treats regex characters in paths literally', () => {
    expect(globToRegExp('src/main/index.ts').test('src/main/indexXts')).toBe(false)
    expect(globToRegExp('src/(a)/b+c.ts').test('src/(a)/b+c.ts')).toBe(true)
  })

  it('lets **/ match no folder at all', () => {
    expect(globToRegExp('src/**/index.ts').test('src/index.ts')).toBe(true)
    expect(globToRegExp('src/**/index.ts').test('src/main/deep/index.ts')).toBe(true)
    expect(globToRegExp('src/*.ts').test('src/main/index.ts')).toBe(false)
  })
})

describe('parseAllowlist', () => {
  it('accepts entries with check, file, optional pattern and a justification', () => {
    const entries = [entry(), entry({ pattern: 'new BrowserWindow(' })]
    expect(parseAllowlist({ entries })).toEqual(entries)
  })

  it.each([
    ['no justification', { check: 'SANDBOX_JS_CHECK', file: 'src/main/main-window.ts' }],
    ['a token justification', { check: 'SANDBOX_JS_CHECK', file: 'src/main/main-window.ts', justification: 'fine' }],
    ['a lower-case check id', { check: 'sandbox', file: 'src/main/main-window.ts', justification }],
    ['an unknown key', { check: 'SANDBOX_JS_CHECK', file: 'src/main/main-window.ts', justification, line: 10 }],
  ])('refuses an entry with %s, naming the problem', (_name, bad) => {
    expect(() => parseAllowlist({ entries: [bad] })).toThrow(/entries\.0/)
  })

  it('refuses a file without an entries list', () => {
    expect(() => parseAllowlist([entry()])).toThrow(/not valid/)
  })

  it('reads the checked-in allowlist', () => {
    const json: unknown = JSON.parse(readFileSync(resolve(__dirname, '../../security/electronegativity-allowlist.json'), 'utf8'))
    expect(parseAllowlist(json).length).toBeGreaterThan(0)
  })
})

// The shape electronegativity's run() returns (taken from a real scan of this repo).
const rawIssue = {
  file: 'main/main-window.ts',
  location: { line: 10, column: 17 },
  id: 'CONTEXT_ISOLATION_JS_CHECK',
  description: 'Review the use of the contextIsolation option',
  severity: { value: 3, name: 'HIGH', format: () => 'HIGH' },
  confidence: { value: 1, name: 'FIRM', format: () => 'FIRM' },
  manualReview: false,
  sample: '  const window = new BrowserWindow({ ',
}
const rawGlobalIssue = {
  file: 'main/security.ts',
  location: { line: 34, column: 4 },
  id: 'CSP_GLOBAL_CHECK',
  description: 'Failed to parse CSP, it may not be valid.',
  severity: { value: 1, name: 'LOW' },
  confidence: { value: 0, name: 'TENTATIVE' },
  manualReview: true,
}

describe('findingsFromIssues', () => {
  it('puts paths under the scanned folder and keeps severity, confidence and the flagged text', () => {
    expect(findingsFromIssues([rawIssue, rawGlobalIssue], 'src')).toEqual([
      {
        checkId: 'CONTEXT_ISOLATION_JS_CHECK',
        file: 'src/main/main-window.ts',
        line: 10,
        column: 17,
        severity: 'HIGH',
        confidence: 'FIRM',
        manualReview: false,
        message: 'Review the use of the contextIsolation option',
        sample: 'const window = new BrowserWindow({',
      },
      expect.objectContaining({ checkId: 'CSP_GLOBAL_CHECK', file: 'src/main/security.ts', severity: 'LOW', manualReview: true, sample: '' }),
    ])
  })

  it('refuses an issue without a known severity instead of guessing', () => {
    expect(() => findingsFromIssues([{ ...rawIssue, severity: { name: 'CRITICAL' } }], 'src')).toThrow(/issue #0/)
  })
})

function sarifResult(ruleId: string, uri: string, startLine: number) {
  return { ruleId, level: 'warning', message: { text: '…' }, locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine, startColumn: 1 } } }] }
}

describe('annotateSarif', () => {
  const findings = findingsFromIssues([rawIssue, { ...rawGlobalIssue, location: { line: 0, column: 0 } }], 'src')

  it('adds each finding’s severity and confidence to its SARIF result', () => {
    const sarif = { version: '2.1.0', runs: [{ results: [sarifResult('CONTEXT_ISOLATION_JS_CHECK', 'main/main-window.ts', 10), sarifResult('CSP_GLOBAL_CHECK', 'main/security.ts', 1)] }] }

    const annotated = annotateSarif(sarif, findings, 'src')

    expect(annotated.runs?.[0]?.results?.map((result) => result.properties)).toEqual([
      { severity: 'HIGH', confidence: 'FIRM' },
      { severity: 'LOW', confidence: 'TENTATIVE' },
    ])
  })

  it('refuses a report that is missing results or lists other ones', () => {
    const short = { runs: [{ results: [sarifResult('CONTEXT_ISOLATION_JS_CHECK', 'main/main-window.ts', 10)] }] }
    const other = { runs: [{ results: [sarifResult('SANDBOX_JS_CHECK', 'main/main-window.ts', 10), sarifResult('CSP_GLOBAL_CHECK', 'main/security.ts', 1)] }] }

    expect(() => annotateSarif(short, findings, 'src')).toThrow(/incomplete/)
    expect(() => annotateSarif(other, findings, 'src')).toThrow(/does not match/)
  })
})

describe('formatGateReport', () => {
  it('lists each blocking finding with check id, file:line, severity and message, then the stale entries', () => {
    const report = formatGateReport(evaluateGate([finding({ line: 12 })], [entry({ file: 'src/gone.ts' })]), 'security/allowlist.json')

    expect(report).toContain('SANDBOX_JS_CHECK  src/main/main-window.ts:12  MEDIUM (confidence FIRM)  Use sandbox for untrusted origins')
    expect(report).toMatch(/1 allowlist entry matches no finding any more[\s\S]*SANDBOX_JS_CHECK {2}src\/gone\.ts/)
    expect(report.split('\n').at(-1)).toBe('Security gate FAILED.')
  })
})
