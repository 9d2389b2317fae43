// Sync benchmark: the real sync server (SQLite, then PostgreSQL) and the production renderer in
// Chromium. Prints one JSON line with, per backend:
// - push throughput: 100,000 contacts pushed over HTTP in batches of 1,000 (rows/s);
// - initial sync of those contacts to a fresh browser client, from "Log in" until all are stored
//   and listed (rows/s, and as a ratio to a raw Dexie bulkPut of as many rows in the same run);
// - edit-to-visible latency between two connected clients: a field edited in one app's UI until
//   it shows in the other's (p50, p95 over 20 edits);
// - on PostgreSQL, a second server instance: push through one, event on a stream from the other.
// Usage: node --import tsx bench/sync.mjs [--contacts 100000] [--edits 20] [--backends sqlite,postgres] [--no-build]
// (npm run bench:sync)
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTestDatabase, startEmbeddedPostgres } from '../sync-server/src/testing/embeddedPostgres.ts'
import { buildWeb, contactRow, launchDevice, log, measureDexieBulkPut, root, startPreview, waitForUrl } from './lib/browser.mjs'

const args = process.argv.slice(2)
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback)
const CONTACTS = Number(option('--contacts', 100_000))
const EDITS = Number(option('--edits', 20))
const BACKENDS = option('--backends', 'sqlite,postgres').split(',')
const PREVIEW_PORT = 4175
const PASSWORD = 'benchmark password'
const STEP_TIMEOUT_MS = 15 * 60_000

async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

async function startSyncServer(databaseUrl) {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: join(root, 'sync-server'),
    env: { ...process.env, PORT: String(port), OUTPOST_DATABASE_URL: databaseUrl, OUTPOST_SECRET: 'bench-secret-0123456789abcdef0123456789', OUTPOST_AUTH_RATE_LIMIT: '100000', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  await waitForUrl(`${url}/healthz`, 30_000)
  return { url, stop: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGTERM')))) }
}

async function api(url, path, { method = 'GET', headers = {}, body } = {}) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
  return response.status === 204 ? null : response.json()
}

async function signUp(url, email) {
  const { token, workspaceId } = await api(url, '/api/auth/signup', { method: 'POST', body: { email, password: PASSWORD, name: 'Bench', workspaceName: 'Bench' } })
  return { email, headers: { authorization: `Bearer ${token}`, 'x-workspace-id': workspaceId } }
}

async function pushContacts(url, account, count, idOffset = 0) {
  const stamp = `${String(Date.now()).padStart(15, '0')}-00000-benchseed`
  const started = performance.now()
  for (let offset = 0; offset < count; offset += 1000) {
    const rows = []
    for (let i = offset; i < Math.min(count, offset + 1000); i++) rows.push({ newDocumentState: contactRow(idOffset + i, stamp) })
    await api(url, '/api/replication/contacts/push', { method: 'POST', headers: account.headers, body: rows })
  }
  return performance.now() - started
}

async function logIn(page, base, serverUrl, email) {
  await page.goto(`${base}/#/settings`)
  await page.getByLabel('Server URL').fill(serverUrl)
  await page.getByLabel('Email', { exact: true }).fill(email)
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
  await page.getByRole('button', { name: 'Log in' }).click()
}

function synced(page) {
  return page.locator('[data-sync-phase="synced"]').waitFor()
}

async function initialSync(base, serverUrl, account) {
  const device = await launchDevice()
  try {
    device.page.setDefaultTimeout(STEP_TIMEOUT_MS)
    const started = Date.now()
    await logIn(device.page, base, serverUrl, account.email)
    await device.page.getByRole('contentinfo').getByText(`${CONTACTS.toLocaleString('en-US')} contacts`, { exact: true }).waitFor()
    await synced(device.page)
    return Date.now() - started
  } finally {
    await device.close()
  }
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

async function editLatency(base, serverUrl) {
  const account = await signUp(serverUrl, `latency-${Date.now()}@bench.example`)
  await pushContacts(serverUrl, account, 20, 500_000)
  const [a, b] = [await launchDevice(), await launchDevice()]
  try {
    for (const device of [a, b]) {
      await logIn(device.page, base, serverUrl, account.email)
      await synced(device.page)
      await device.page.goto(`${base}/#/contacts`)
      await device.page.getByTestId('contact-row').first().click()
      await device.page.getByRole('heading', { level: 1 }).waitFor()
    }
    const samples = []
    for (let i = 0; i < EDITS; i++) {
      const value = `Edit ${i} ${Date.now()}`
      const seen = b.page.evaluate(
        (expected) =>
          new Promise((resolve) => {
            const check = () => {
              if (document.body.innerText.includes(expected)) {
                observer.disconnect()
                resolve(Date.now())
              }
            }
            const observer = new MutationObserver(check)
            observer.observe(document.body, { subtree: true, childList: true, characterData: true })
            check()
          }),
        value,
      )
      await a.page.getByRole('button', { name: /^Job title/ }).click()
      const input = a.page.getByRole('textbox', { name: 'Job title', exact: true })
      await input.fill(value)
      const editedAt = await a.page.evaluate(() => Date.now())
      await input.press('Enter')
      samples.push((await seen) - editedAt)
    }
    return { p50: percentile(samples, 50), p95: percentile(samples, 95), samples: samples.length }
  } finally {
    await a.close()
    await b.close()
  }
}

async function crossInstanceLatency(databaseUrl, primaryUrl, account) {
  const second = await startSyncServer(databaseUrl)
  const controller = new AbortController()
  try {
    const response = await fetch(`${second.url}/api/replication/stream?collections=contacts`, { headers: account.headers, signal: controller.signal })
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
    const nextData = async () => {
      let buffer = ''
      for (;;) {
        const { value } = await reader.read()
        buffer += value
        const match = /data: ([^\n]*)\n\n/.exec(buffer)
        if (match) return match[1]
      }
    }
    if ((await nextData()) !== 'RESYNC') throw new Error('stream did not start with RESYNC')
    const samples = []
    for (let i = 0; i < EDITS; i++) {
      const stamp = `${String(Date.now()).padStart(15, '0')}-00000-crossinst`
      const started = performance.now()
      await api(primaryUrl, '/api/replication/contacts/push', { method: 'POST', headers: account.headers, body: [{ newDocumentState: contactRow(900_000 + i, stamp) }] })
      await nextData()
      samples.push(Math.round(performance.now() - started))
    }
    return { p50: percentile(samples, 50), p95: percentile(samples, 95) }
  } finally {
    controller.abort()
    await second.stop()
  }
}

if (!args.includes('--no-build')) buildWeb()
const preview = await startPreview(PREVIEW_PORT)
const results = { bench: 'sync', contacts: CONTACTS, edits: EDITS }
let postgres = null
const scratch = await mkdtemp(join(tmpdir(), 'outpost-bench-sync-'))
try {
  log(`baseline: raw Dexie bulkPut of ${CONTACTS} rows…`)
  const baselineDevice = await launchDevice()
  results.dexie_bulkput_ms = Math.round(await measureDexieBulkPut(baselineDevice.page, preview.base, CONTACTS))
  await baselineDevice.close()

  for (const backend of BACKENDS) {
    let databaseUrl
    if (backend === 'postgres') {
      postgres = await startEmbeddedPostgres()
      databaseUrl = await createTestDatabase(postgres.url)
    } else {
      databaseUrl = `sqlite:${join(scratch, 'outpost.sqlite')}`
    }
    const server = await startSyncServer(databaseUrl)
    try {
      const account = await signUp(server.url, `bench-${backend}@bench.example`)
      log(`${backend}: pushing ${CONTACTS} contacts…`)
      const pushMs = await pushContacts(server.url, account, CONTACTS)
      log(`${backend}: initial sync to a fresh browser…`)
      const syncMs = await initialSync(preview.base, server.url, account)
      log(`${backend}: edit-to-visible latency between two clients…`)
      const latency = await editLatency(preview.base, server.url)
      results[backend] = {
        push_rows_per_s: Math.round(CONTACTS / (pushMs / 1000)),
        initial_sync_ms: syncMs,
        initial_sync_rows_per_s: Math.round(CONTACTS / (syncMs / 1000)),
        initial_sync_vs_raw_dexie: Number((results.dexie_bulkput_ms / syncMs).toFixed(2)),
        edit_to_visible_p50_ms: latency.p50,
        edit_to_visible_p95_ms: latency.p95,
      }
      if (backend === 'postgres') {
        log('postgres: cross-instance stream latency…')
        const cross = await crossInstanceLatency(databaseUrl, server.url, account)
        results[backend].cross_instance_p50_ms = cross.p50
        results[backend].cross_instance_p95_ms = cross.p95
      }
    } finally {
      await server.stop()
    }
  }
  results.targets = { initial_sync_rows_per_s: 20_000, edit_to_visible_p95_ms: 500, cross_instance_ms: 1000 }
  console.log(JSON.stringify(results))
} finally {
  preview.stop()
  await postgres?.stop()
  await rm(scratch, { recursive: true, force: true })
}
