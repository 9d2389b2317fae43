// Segment benchmark: a live segment count over 100,000 contacts with the core evaluator (the one
// the app's rule builder and the server's send-time materialization use), against a hand-written
// JS filter of the same simple rule over the same objects, measured in the same run.
// Prints one JSON line. Target: a count in < 200 ms (the builder recounts on every edit).
// Usage: node --import tsx bench/segments.mjs [--contacts 100000] [--runs 7]   (npm run bench:segments)
import { generateDemoWorkspace } from '../src/core/demo/demoWorkspace.ts'
import { buildEngagementIndex, compileSegment } from '../src/core/segments/evaluateSegment.ts'

const args = process.argv.slice(2)
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback)
const CONTACTS = Number(option('--contacts', 100_000))
const RUNS = Number(option('--runs', 7))
const NOW = Date.UTC(2026, 10, 30)
const DAY = 86_400_000

const workspace = generateDemoWorkspace({ contacts: CONTACTS, now: NOW, nodeId: 'bench' })
// Contacts as the evaluator meets them: parsed from stored JSON (the server reads its documents
// table, the app structured-clones out of IndexedDB), not the generator's own objects, whose
// concatenated strings and shapes are several times slower to read and hash.
const contacts = []
for (const batch of workspace.contactBatches) contacts.push(...JSON.parse(JSON.stringify(batch)))
const companiesById = new Map(workspace.companies.map((company) => [company.id, company]))

// Engagement: a fifth of the contacts opened one of 10 campaigns in the last 60 days, some clicked.
const campaigns = Array.from({ length: 10 }, (_, index) => `CAMPAIGN${String(index).padStart(18, '0')}`)
const events = []
contacts.forEach((contact, index) => {
  if (index % 5 !== 0) return
  const campaignId = campaigns[index % campaigns.length]
  events.push({ type: 'open', contactId: contact.id, campaignId, at: NOW - (index % 60) * DAY, machine: false })
  if (index % 15 === 0) events.push({ type: 'click', contactId: contact.id, campaignId, at: NOW - (index % 60) * DAY, machine: false })
})

const condition = (id, field, operator, value = '', value2 = '', values = []) => ({ id, field, operator, value, value2, values })
const SIMPLE = {
  match: 'all',
  groups: [{ id: 'g1', match: 'all', conditions: [condition('c1', 'contact.lifecycleStage', 'equals', 'lead'), condition('c2', 'contact.tags', 'hasAny', '', '', ['vip', 'newsletter'])] }],
}
const COMPLEX = {
  match: 'all',
  groups: [
    { id: 'g1', match: 'any', conditions: [condition('c1', 'contact.email', 'contains', '.io'), condition('c2', 'company.industry', 'equals', 'Software'), condition('c3', 'contact.title', 'startsWith', 'Head')] },
    { id: 'g2', match: 'all', conditions: [condition('c4', 'engagement.opened', 'opened', '', '30'), condition('c5', 'contact.createdAt', 'withinLastDays', '365'), condition('c6', 'engagement.unsubscribed', 'isFalse')] },
  ],
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

function time(run) {
  const samples = []
  let result = 0
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    result = run()
    samples.push(performance.now() - start)
  }
  return { ms: Math.round(median(samples) * 10) / 10, result }
}

const engagementBuild = time(() => buildEngagementIndex(events).size)
// Built once per change of the events collection, not per rule edit.
const engagement = buildEngagementIndex(events)

function countWith(rules) {
  // What the app does on an edit: compile the rules, then one pass over every contact.
  const matches = compileSegment(rules, { companiesById, engagement, now: NOW })
  let count = 0
  for (const contact of contacts) if (matches(contact)) count++
  return count
}

const baseline = time(() => {
  let count = 0
  for (const contact of contacts) if (contact.lifecycleStage === 'lead' && (contact.tags.includes('vip') || contact.tags.includes('newsletter'))) count++
  return count
})
const simple = time(() => countWith(SIMPLE))
const complex = time(() => countWith(COMPLEX))
if (simple.result !== baseline.result) throw new Error(`segment count ${simple.result} differs from the hand-written filter's ${baseline.result}`)

console.log(
  JSON.stringify({
    bench: 'segments',
    contacts: contacts.length,
    events: events.length,
    runs: RUNS,
    baselineFilterMs: baseline.ms,
    simpleSegmentMs: simple.ms,
    simpleMatches: simple.result,
    complexSegmentMs: complex.ms,
    engagementIndexMs: engagementBuild.ms,
    complexMatches: complex.result,
    simpleVsBaseline: Math.round((simple.ms / Math.max(baseline.ms, 0.1)) * 100) / 100,
    targetMs: 200,
    met: complex.ms < 200 && simple.ms < 200,
  }),
)
