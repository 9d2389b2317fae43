// Workflow engine benchmark (issue 8): 100,000 contacts enrolled in one active workflow
// (add tag → wait → adjust score, or with --email also a welcome email into a local SMTP sink),
// run by the real WorkflowService (claims, the pure engine's decisions, one commitStep
// transaction per step with its document writes, outbox delivery, stats) until every contact has
// completed, on SQLite and on an embedded PostgreSQL. Next to it, in the same run and on the same
// database: a plain loop inserting one row per transaction (the floor a one-commit-per-step engine
// stands on) and the same rows in one multi-row batch (for enrolment). Prints one JSON line.
// The engine run is bounded: it stops after --budget seconds per backend (default 240) and reports
// the steps recorded and the commits made in that time (a wait's arrival is a commit without a
// step record; `completed` tells how many contacts got through).
// Usage: node --import tsx bench/workflows.mjs [--contacts 100000] [--budget 240] [--email] [--only sqlite|postgres]
//        (npm run bench:workflows)
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

// tsx resolves the server's @core/* paths from the tsconfig in its working directory: run there.
const serverDir = fileURLToPath(new URL('../sync-server/', import.meta.url))
const args = process.argv.slice(2)
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback)
const CONTACTS = Number(option('--contacts', 100_000))
const WITH_EMAIL = args.includes('--email')
const ONLY = option('--only', '')
/** Rows of the plain-insert baseline (capped: it only needs to be long enough for a steady rate). */
const BASELINE_ROWS = Math.min(CONTACTS, 20_000)
/** Each backend's engine run stops after this (the figures are rates, measured over what ran). */
const BUDGET_MS = Number(option('--budget', 240)) * 1000
/** Waits last 1/TIME_SCALE of their time: the one-minute wait ends a millisecond later. */
const TIME_SCALE = 60_000
const ENROL_CHUNK = 1_000
/** The server modules, loaded in main() (after the working directory is right for tsx). */
let lib

function stamped(fields, at = Date.now()) {
  const stamp = lib.formatStamp({ wallMs: at, counter: 0, node: 'bench' })
  const clock = { _deleted: stamp }
  for (const key of Object.keys(fields)) clock[key] = stamp
  return { id: lib.newId(at), updatedAt: at, _deleted: false, _clock: clock, ...fields }
}

async function givenWorkspace(storage) {
  const workspaceId = lib.newId()
  const userId = lib.newId()
  await storage.createUser({ id: userId, email: `${userId.toLowerCase()}@example.com`, name: 'Bench', passwordHash: 'x', createdAt: 1 })
  await storage.createWorkspace(
    { id: workspaceId, name: 'Bench', createdAt: 1 },
    { workspaceId, userId, role: 'owner', joinedAt: 1 },
    { id: userId, email: 'bench@example.com', name: 'Bench', role: 'owner', joinedAt: 1, updatedAt: 1, _clock: {}, _deleted: false },
  )
  return { workspaceId, userId }
}

/** Wall-clock rate and this process's CPU per item of `work` (CPU stays meaningful on a busy machine). */
async function measure(items, work) {
  const cpu = process.cpuUsage()
  const started = performance.now()
  await work()
  const used = process.cpuUsage(cpu)
  return { perSecond: items / ((performance.now() - started) / 1000), cpuUs: (used.user + used.system) / items }
}

/** One row per transaction, `lanes` at a time (the engine's lanes), then the same rows in multi-row batches. */
async function plainInserts(kind, target, lanes) {
  const rows = Array.from({ length: BASELINE_ROWS }, (_, index) => [lib.newId(), index])
  let single
  let batched
  if (kind === 'sqlite') {
    const db = new lib.Database(target)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.exec('CREATE TABLE bench_plain (id TEXT PRIMARY KEY, n INTEGER NOT NULL); CREATE TABLE bench_batch (id TEXT PRIMARY KEY, n INTEGER NOT NULL)')
    const insert = db.prepare('INSERT INTO bench_plain (id, n) VALUES (?, ?)')
    single = await measure(BASELINE_ROWS, async () => {
      for (const row of rows) insert.run(...row)
    })
    const insertBatch = db.prepare('INSERT INTO bench_batch (id, n) VALUES (?, ?)')
    const batch = db.transaction((chunk) => {
      for (const row of chunk) insertBatch.run(...row)
    })
    batched = await measure(BASELINE_ROWS, async () => {
      for (let start = 0; start < rows.length; start += ENROL_CHUNK) batch.immediate(rows.slice(start, start + ENROL_CHUNK))
    })
    db.exec('DROP TABLE bench_plain; DROP TABLE bench_batch')
    db.close()
  } else {
    const pool = new lib.pg.Pool({ connectionString: target, max: lanes })
    await pool.query('CREATE TABLE bench_plain (id TEXT PRIMARY KEY, n INTEGER NOT NULL); CREATE TABLE bench_batch (id TEXT PRIMARY KEY, n INTEGER NOT NULL)')
    let next = 0
    const lane = async () => {
      while (next < rows.length) {
        const row = rows[next]
        next += 1
        await pool.query('INSERT INTO bench_plain (id, n) VALUES ($1, $2)', row)
      }
    }
    single = await measure(BASELINE_ROWS, () => Promise.all(Array.from({ length: lanes }, lane)))
    batched = await measure(BASELINE_ROWS, async () => {
      for (let start = 0; start < rows.length; start += ENROL_CHUNK) {
        const chunk = rows.slice(start, start + ENROL_CHUNK)
        await pool.query('INSERT INTO bench_batch (id, n) SELECT * FROM unnest($1::text[], $2::int[])', [chunk.map((row) => row[0]), chunk.map((row) => row[1])])
      }
    })
    await pool.query('DROP TABLE bench_plain; DROP TABLE bench_batch')
    await pool.end()
  }
  return { single, batched }
}

function benchGraph(templateId) {
  const steps = [
    { id: 'tag', type: 'add_tag', tag: 'welcomed', next: 'wait' },
    { id: 'wait', type: 'wait', waitKind: 'duration', waitMinutes: 1, next: 'score' },
    { id: 'score', type: 'adjust_score', scoreDelta: 5, next: templateId === null ? '' : 'email' },
  ]
  if (templateId !== null) steps.push({ id: 'email', type: 'send_email', templateId, next: '' })
  return { trigger: { type: 'manual' }, entryStepId: 'tag', steps }
}

async function engineRun(kind, storage, sinkPort, lanes) {
  const { workspaceId, userId } = await givenWorkspace(storage)
  const push = (collection, docs) => storage.pushDocuments(workspaceId, collection, docs.map((doc) => doc.id), () => docs.map((doc) => ({ id: doc.id, doc })))
  const contactIds = []
  for (let start = 0; start < CONTACTS; start += 1_000) {
    const batch = []
    for (let i = start; i < Math.min(CONTACTS, start + 1_000); i += 1) batch.push(lib.contactDoc({ email: `person${i}@example.com`, firstName: `First${i}`, lastName: 'Bench' }))
    await push('contacts', batch)
    for (const contact of batch) contactIds.push(contact.id)
  }
  let templateId = null
  if (WITH_EMAIL) {
    const template = stamped({ name: 'Welcome', subject: 'Welcome {{ contact.firstName }}', preheader: '', fromName: 'Bench', fromEmail: 'hello@bench.test', html: '<p>Hi {{ contact.firstName }}</p><a href="https://bench.test/start">Start</a> <a href="{{ unsubscribe_url }}">Unsubscribe</a>', createdAt: 1 })
    await push('templates', [template])
    templateId = template.id
  }
  const graph = benchGraph(templateId)
  const settings = { reenrol: 'never', exitOnUnsubscribe: true }
  const workflow = stamped({ name: 'Bench welcome', description: '', kind: 'workflow', status: 'active', graph, settings, published: { version: 1, graph, settings, publishedAt: Date.now() - 60_000, publishedBy: userId }, createdAt: 1 })
  await push('workflows', [workflow])

  const errors = []
  const service = new lib.WorkflowService({
    storage,
    documents: new lib.ServerDocuments(storage, new lib.HlcClock(lib.SERVER_NODE)),
    configSource: { forWorkspace: async () => ({ transport: { kind: 'sink', host: '127.0.0.1', port: sinkPort ?? 1 }, fromIdentities: [], dkim: null, ratePerSecond: 1_000_000 }) },
    publicUrl: 'https://mail.outpost.bench',
    secret: 'bench-secret-0123456789abcdef0123456789',
    logger: { info: () => undefined, error: (details, message) => errors.push(`${message}: ${String(details.err)}`) },
    timeScale: TIME_SCALE,
    emailCapPerDay: 0,
    claim: { lanes },
  })
  // The first pass stores the version and takes the trigger feed's baseline of every contact.
  await service.tick()

  const runnable = lib.runnableWorkflow(workspaceId, (await storage.sending.getDocuments(workspaceId, 'workflows', [workflow.id])).get(workflow.id))
  let enrolled = 0
  const enrolment = await measure(CONTACTS, async () => {
    for (let start = 0; start < contactIds.length; start += ENROL_CHUNK) {
      const now = Date.now()
      const chunk = contactIds.slice(start, start + ENROL_CHUNK).map((contactId) => lib.newEnrolment(runnable, contactId, 'bench', now))
      enrolled += (await storage.workflows.enrol(chunk, 'never')).length
    }
  })
  if (enrolled !== CONTACTS) throw new Error(`enrolled ${enrolled} of ${CONTACTS}`)

  // Every commit counts: a wait's arrival moves the enrolment without a step record. The engine
  // takes due steps oldest first, so a bounded run is mostly first steps and wait arrivals.
  let commits = 0
  const commitStep = storage.workflows.commitStep.bind(storage.workflows)
  storage.workflows.commitStep = async (commit) => {
    const moved = await commitStep(commit)
    if (moved) commits += 1
    return moved
  }
  const cpu = process.cpuUsage()
  const started = performance.now()
  const deadline = Date.now() + BUDGET_MS
  let completed
  for (;;) {
    await service.tick()
    const counts = await storage.workflows.countByStep(workspaceId, workflow.id)
    completed = counts.filter((count) => count.status === 'completed').reduce((sum, count) => sum + count.count, 0)
    if (completed === CONTACTS) break
    if (errors.length > 0) throw new Error(`engine errors: ${errors.slice(0, 3).join('; ')}`)
    if (Date.now() > deadline) break
  }
  const seconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  await service.stop()
  const passed = await storage.workflows.countPassed(workspaceId, workflow.id)
  const steps = [...passed.values()].reduce((sum, count) => sum + count, 0)
  if (completed === CONTACTS && steps !== CONTACTS * graph.steps.length) throw new Error(`${steps} step records, expected ${CONTACTS * graph.steps.length}`)
  return {
    completed,
    steps,
    commits,
    seconds: Number(seconds.toFixed(1)),
    stepsPerSecond: Math.round(steps / seconds),
    commitsPerSecond: Math.round(commits / seconds),
    enrolPerSecond: Math.round(enrolment.perSecond),
    cpuUsPerEnrolment: Number(enrolment.cpuUs.toFixed(1)),
    cpuUsPerCommit: Math.round((used.user + used.system) / commits),
  }
}

async function runBackend(kind, sinkPort) {
  const lanes = 4
  if (kind === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'outpost-bench-workflows-'))
    const file = join(dir, 'outpost.sqlite')
    const storage = await lib.openStorage(`sqlite:${file}`)
    try {
      const baseline = await plainInserts('sqlite', file, lanes)
      return { ...(await engineRun(kind, storage, sinkPort, lanes)), baseline }
    } finally {
      await storage.close()
      await rm(dir, { recursive: true, force: true })
    }
  }
  const server = await lib.startEmbeddedPostgres()
  try {
    const url = await lib.createTestDatabase(server.url)
    const storage = await lib.openStorage(url)
    try {
      const baseline = await plainInserts('postgres', url, lanes)
      return { ...(await engineRun(kind, storage, sinkPort, lanes)), baseline }
    } finally {
      await storage.close()
    }
  } finally {
    await server.stop()
  }
}

function summary(result) {
  if (result === undefined) return undefined
  const { baseline, ...engine } = result
  return {
    ...engine,
    plainInsertRowsPerSecond: Math.round(baseline.single.perSecond),
    plainInsertCpuUsPerRow: Number(baseline.single.cpuUs.toFixed(1)),
    batchInsertRowsPerSecond: Math.round(baseline.batched.perSecond),
    batchInsertCpuUsPerRow: Number(baseline.batched.cpuUs.toFixed(1)),
    // Step commits (each with its reads, decision and document writes) against bare one-row transactions.
    commitsVsPlainInsert: Number((engine.commitsPerSecond / baseline.single.perSecond).toFixed(3)),
    cpuPerCommitVsPlainInsert: Number((engine.cpuUsPerCommit / baseline.single.cpuUs).toFixed(1)),
    // Enrolment (deduplicating inserts, 1,000 a call) against plain multi-row inserts of a two-column row.
    enrolVsBatchInsert: Number((engine.enrolPerSecond / baseline.batched.perSecond).toFixed(3)),
  }
}

async function main() {
  const { HlcClock, formatStamp } = await import('../src/core/hlc.ts')
  const { newId } = await import('../src/core/ids.ts')
  const { SERVER_NODE } = await import('../sync-server/src/auth/memberDocs.ts')
  const { ServerDocuments } = await import('../sync-server/src/serverDocuments.ts')
  const { openStorage } = await import('../sync-server/src/storage/index.ts')
  const { contactDoc } = await import('../sync-server/src/testing/docs.ts')
  const { startEmbeddedPostgres, createTestDatabase } = await import('../sync-server/src/testing/embeddedPostgres.ts')
  const { WorkflowService } = await import('../sync-server/src/workflows/workflowService.ts')
  const { runnableWorkflow, newEnrolment } = await import('../sync-server/src/workflows/runnableWorkflow.ts')
  const { startSmtpTestSink } = await import('../sync-server/src/sending/smtpTestSink.ts')
  const { default: Database } = await import('better-sqlite3')
  const { default: pg } = await import('pg')
  lib = { HlcClock, formatStamp, newId, SERVER_NODE, ServerDocuments, openStorage, contactDoc, startEmbeddedPostgres, createTestDatabase, WorkflowService, runnableWorkflow, newEnrolment, Database, pg }

  const sink = WITH_EMAIL ? await startSmtpTestSink({ parse: false }) : null
  try {
    const results = {}
    for (const kind of ['sqlite', 'postgres']) {
      if (ONLY !== '' && ONLY !== kind) continue
      results[kind] = await runBackend(kind, sink?.port ?? null)
    }
    const stepsPerContact = WITH_EMAIL ? 4 : 3
    console.log(JSON.stringify({ contacts: CONTACTS, stepsPerContact, budgetSeconds: BUDGET_MS / 1000, email: WITH_EMAIL, sqlite: summary(results.sqlite), postgres: summary(results.postgres) }))
  } finally {
    await sink?.close()
  }
}

if (resolve(process.cwd()) !== resolve(serverDir)) {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { cwd: serverDir, stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 1))
} else {
  await main()
}
