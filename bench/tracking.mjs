// Tracking benchmark: open pixel and click redirect requests per second of the real sync server
// (createApp on SQLite, durable batched recording), against a bare node:http server returning the
// same GIF, measured in the same run with autocannon (50 connections). Each server runs in its
// own child process (autocannon keeps this one busy). After the runs the app is closed (which
// flushes the recorder) and the rows in tracking_events are counted against the answered hits.
// Also reports each server's CPU time per answered request (steadier than req/s on a shared
// machine). Prints one JSON line. Usage: node --import tsx bench/tracking.mjs [--seconds 5]
// [--contacts 1000] [--cpu-prof <dir>] (writes a CPU profile of the app child there) (npm run bench:tracking)
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const args = process.argv.slice(2)
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback)
const SECONDS = Number(option('--seconds', 5))
const CONTACTS = Number(option('--contacts', 1000))
const CPU_PROF_DIR = option('--cpu-prof', '')
const CONNECTIONS = 50
const WARMUP_SECONDS = 1
const SECRET = 'bench-tracking-secret-0123456789abcdef'
const LINKS = ['https://example.com/spring-sale', 'https://example.com/blog/post?utm_source=outpost', 'https://example.com/unsubscribe-help']
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')
const USER_AGENT = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'
const log = (message) => process.stderr.write(`[bench:tracking] ${message}\n`)

// Child modes: serve, print one JSON line on stdout, on SIGUSR2 print the CPU time used so far
// ({ cpuMicros }), and on SIGTERM shut down and print another.

function reportCpuOnSignal() {
  process.on('SIGUSR2', () => {
    const { user, system } = process.cpuUsage()
    console.log(JSON.stringify({ cpuMicros: user + system }))
  })
}

async function serveBare() {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'image/gif', 'content-length': String(GIF.length), 'cache-control': 'no-store, no-cache, must-revalidate, max-age=0', expires: '0' })
    response.end(GIF)
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  reportCpuOnSignal()
  console.log(JSON.stringify({ port: server.address().port }))
  process.once('SIGTERM', () => server.close(() => (console.log(JSON.stringify({ closed: true })), process.exit(0))))
}

async function serveApp(dir) {
  const { newId } = await import('../src/core/ids.ts')
  const { openStorage } = await import('../sync-server/src/storage/index.ts')
  const { createApp } = await import('../sync-server/src/app.ts')
  const { BODY_LIMIT_BYTES, SESSION_TTL_MS } = await import('../sync-server/src/config.ts')
  const { campaignDoc, contactDoc } = await import('../sync-server/src/testing/docs.ts')
  const { signTrackingToken } = await import('../sync-server/src/tracking/trackingTokens.ts')

  const storage = await openStorage(`sqlite:${join(dir, 'outpost.sqlite')}`)
  const now = Date.now()
  const userId = newId()
  const workspaceId = newId()
  await storage.createUser({ id: userId, email: 'bench@example.test', name: 'Bench', passwordHash: 'x', createdAt: now })
  await storage.createWorkspace(
    { id: workspaceId, name: 'Bench', createdAt: now },
    { workspaceId, userId, role: 'owner', joinedAt: now },
    { id: userId, email: 'bench@example.test', name: 'Bench', role: 'owner', joinedAt: now, updatedAt: now, _clock: {}, _deleted: false },
  )
  const contacts = Array.from({ length: CONTACTS }, (_, index) => contactDoc({ email: `reader${index}@example.test` }))
  await storage.pushDocuments(workspaceId, 'contacts', contacts.map((c) => c.id), () => contacts.map((c) => ({ id: c.id, doc: c })))
  const campaign = campaignDoc({ status: 'sending' })
  await storage.pushDocuments(workspaceId, 'campaigns', [campaign.id], () => [{ id: campaign.id, doc: campaign }])
  await storage.sending.materializeCampaign({
    workspaceId,
    campaignId: campaign.id,
    links: LINKS,
    templateJson: '{}',
    recipients: contacts.map((c) => ({ contactId: c.id, email: c.email })),
    suppressed: 0,
    duplicates: 0,
    createdAt: now,
  })
  const issuedAt = now - 3_600_000
  const token = (kind, contactId, linkIndex) => signTrackingToken({ kind, workspaceId, campaignId: campaign.id, contactId, linkIndex, issuedAt }, SECRET)
  const openPaths = contacts.map((c) => `/t/o/${token('o', c.id, -1)}`)
  const clickPaths = contacts.map((c, index) => `/t/c/${token('c', c.id, index % LINKS.length)}`)

  const app = await createApp({
    config: { bodyLimitBytes: BODY_LIMIT_BYTES, sessionTtlMs: SESSION_TTL_MS, authRateLimitPerMinute: 1000, heartbeatMs: 60_000, secret: SECRET },
    storage,
    logger: false,
  })
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  reportCpuOnSignal()
  console.log(JSON.stringify({ port: Number(new URL(address).port), openPaths, clickPaths }))
  process.once('SIGTERM', async () => {
    await app.close()
    const eventsRecorded = await storage.tracking.countEvents(workspaceId)
    const [campaignStored] = (await storage.pull(workspaceId, 'campaigns', null, 1)).documents
    const stats = JSON.parse(campaignStored.json).stats ?? {}
    await storage.close()
    console.log(JSON.stringify({ eventsRecorded, statsOpens: (stats.opens ?? 0) + (stats.machineOpens ?? 0), statsClicks: (stats.clicks ?? 0) + (stats.machineClicks ?? 0) }))
    process.exit(0)
  })
}

// Parent: start children, load them with autocannon, compare.

function startChild(mode, dir) {
  const profile = mode === 'app' && CPU_PROF_DIR !== '' ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROF_DIR] : []
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', fileURLToPath(import.meta.url), '--serve', mode, '--dir', dir ?? '', '--contacts', String(CONTACTS)], {
    // tsx resolves the server's @core/* paths from the tsconfig in its working directory.
    cwd: fileURLToPath(new URL('../sync-server/', import.meta.url)),
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const lines = createInterface({ input: child.stdout })
  const queue = []
  const waiting = []
  lines.on('line', (line) => (waiting.length > 0 ? waiting.shift()(line) : queue.push(line)))
  const nextLine = () =>
    new Promise((resolve, reject) => {
      if (queue.length > 0) return resolve(queue.shift())
      waiting.push(resolve)
      child.once('exit', (code) => reject(new Error(`${mode} server exited (${code}) before answering`)))
    })
  return {
    ready: nextLine().then(JSON.parse),
    /** CPU time the child has used so far (µs). */
    async cpuMicros() {
      child.kill('SIGUSR2')
      return JSON.parse(await nextLine()).cpuMicros
    },
    async stop() {
      child.kill('SIGTERM')
      return JSON.parse(await nextLine())
    },
  }
}

/** Loads the child and also reports its CPU time per answered request (µs; includes work deferred past the run only up to its end). */
async function load(port, paths, seconds, child) {
  const before = child === undefined ? 0 : await child.cpuMicros()
  const result = await loadOnly(port, paths, seconds)
  if (child === undefined) return result
  const used = (await child.cpuMicros()) - before
  return { ...result, cpuMicrosPerRequest: used / result.answered }
}

async function loadOnly(port, paths, seconds) {
  const { default: autocannon } = await import('autocannon')
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'user-agent': USER_AGENT },
    requests: paths.map((path) => ({ method: 'GET', path })),
  })
  if (result.errors > 0 || result.non2xx - result['3xx'] > 0) throw new Error(`unexpected answers: ${result.errors} errors, ${result.non2xx} non-2xx (${result['3xx']} 3xx)`)
  return { reqPerSec: result.requests.average, answered: result['2xx'] + result['3xx'] }
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'outpost-bench-tracking-'))
  try {
    // The bare server runs before and after the app; the better of its two runs is the baseline
    // (the machine is shared: a conservative ratio rather than a lucky one).
    log('bare node:http GIF server…')
    const bare = startChild('bare')
    const { port: barePort } = await bare.ready
    await load(barePort, ['/t/o/warmup'], WARMUP_SECONDS)
    const bareBefore = await load(barePort, ['/t/o/x'], SECONDS, bare)

    log(`app (SQLite, ${CONTACTS} recipients)…`)
    const app = startChild('app', dir)
    const { port, openPaths, clickPaths } = await app.ready
    const warm = await load(port, openPaths, WARMUP_SECONDS)
    const pixel = await load(port, openPaths, SECONDS, app)
    const click = await load(port, clickPaths, SECONDS, app)
    const { eventsRecorded, statsOpens, statsClicks } = await app.stop()
    log('bare node:http GIF server again…')
    const bareAfter = await load(barePort, ['/t/o/x'], SECONDS, bare)
    await bare.stop()
    const bareRun = bareBefore.reqPerSec >= bareAfter.reqPerSec ? bareBefore : bareAfter
    const answered = warm.answered + pixel.answered + click.answered

    console.log(
      JSON.stringify({
        pixelReqPerSec: Math.round(pixel.reqPerSec),
        clickReqPerSec: Math.round(click.reqPerSec),
        bareReqPerSec: Math.round(bareRun.reqPerSec),
        bareRunsReqPerSec: [Math.round(bareBefore.reqPerSec), Math.round(bareAfter.reqPerSec)],
        pixelRatio: Number((pixel.reqPerSec / bareRun.reqPerSec).toFixed(2)),
        clickRatio: Number((click.reqPerSec / bareRun.reqPerSec).toFixed(2)),
        // CPU time of the server process per answered request (µs): steadier than req/s on a
        // shared machine. bare / app is the throughput ratio the server would reach if CPU bound.
        cpuMicrosPerRequest: {
          bare: Number(Math.min(bareBefore.cpuMicrosPerRequest, bareAfter.cpuMicrosPerRequest).toFixed(1)),
          pixel: Number(pixel.cpuMicrosPerRequest.toFixed(1)),
          click: Number(click.cpuMicrosPerRequest.toFixed(1)),
        },
        pixelCpuRatio: Number((Math.min(bareBefore.cpuMicrosPerRequest, bareAfter.cpuMicrosPerRequest) / pixel.cpuMicrosPerRequest).toFixed(2)),
        clickCpuRatio: Number((Math.min(bareBefore.cpuMicrosPerRequest, bareAfter.cpuMicrosPerRequest) / click.cpuMicrosPerRequest).toFixed(2)),
        eventsRecorded,
        hitsAnswered: answered,
        allAnsweredHitsRecorded: eventsRecorded >= answered,
        campaignStatsMatch: statsOpens + statsClicks === eventsRecorded,
        connections: CONNECTIONS,
        seconds: SECONDS,
      }),
    )
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

if (args.includes('--serve')) {
  const mode = option('--serve', '')
  await (mode === 'bare' ? serveBare() : serveApp(option('--dir', '')))
} else {
  await main()
}
