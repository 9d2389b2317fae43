import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { formatStamp } from '../../src/core/hlc'
import { newId } from '../../src/core/ids'
import { DEFAULT_SENDER_SETTINGS } from '../../sync-server/src/sending/sendingService'
import { startSmtpTestSink, type SmtpTestSink } from '../../sync-server/src/sending/smtpTestSink'
import { campaignDoc, contactDoc } from '../../sync-server/src/testing/docs'
import { startServerProcess, type ServerProcess } from './serverProcess'

// kill -9 the server in the middle of a 5,000-recipient campaign, start it again on the same
// database: every recipient gets the message, and only messages in flight at the kill can arrive
// twice. In flight = accepted by the SMTP server but not yet recorded as sent: each sender lane
// records its message before taking the next, so at most `lanes` messages per campaign.

const RECIPIENTS = 5_000
const PUSH_BATCH = 500
const KILL_AFTER_RECEIVED = 1_500
/** The documented bound: one message per sender lane of the one campaign. */
const IN_FLIGHT_WINDOW = DEFAULT_SENDER_SETTINGS.lanes

let dir: string
let sink: SmtpTestSink
let server: ServerProcess | null = null

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outpost-crash-send-'))
  sink = await startSmtpTestSink({ parse: false })
})
afterAll(async () => {
  await server?.stop()
  await sink?.close()
  await rm(dir, { recursive: true, force: true })
})

function stamped(fields: Record<string, unknown>): Record<string, unknown> & { id: string } {
  const stamp = formatStamp({ wallMs: Date.now(), counter: 0, node: 'crashtest' })
  const clock: Record<string, string> = { _deleted: stamp }
  for (const key of Object.keys(fields)) clock[key] = stamp
  return { id: newId(), updatedAt: Date.now(), _deleted: false, _clock: clock, ...fields }
}

async function api(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<unknown> {
  if (server === null) throw new Error('no server')
  const response = await fetch(`${server.url}${path}`, { ...init, headers: { 'content-type': 'application/json', ...init.headers } })
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`)
  return response.json()
}

async function pushDocs(headers: Record<string, string>, collection: string, docs: readonly Record<string, unknown>[]): Promise<void> {
  const conflicts = await api(`/api/replication/${collection}/push`, {
    method: 'POST',
    headers,
    body: JSON.stringify(docs.map((doc) => ({ assumedMasterState: null, newDocumentState: doc }))),
  })
  expect(conflicts).toEqual([])
}

async function campaignStatus(headers: Record<string, string>, campaignId: string): Promise<string | undefined> {
  const page = (await api(`/api/replication/campaigns/pull?limit=100&checkpoint=null`, { headers })) as { documents: Array<Record<string, unknown>> }
  return page.documents.find((doc) => doc.id === campaignId)?.status as string | undefined
}

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (${sink.received()} messages received)`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

it('after a SIGKILL mid-campaign and a restart, everyone gets the message and duplicates stay within the in-flight window', async () => {
  const databaseUrl = `sqlite:${join(dir, 'outpost.sqlite')}`
  const env = { OUTPOST_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, OUTPOST_PUBLIC_URL: 'http://127.0.0.1:9' }
  server = await startServerProcess({ databaseUrl, env })
  const { token, workspaceId } = (await api('/api/auth/signup', {
    method: 'POST',
    body: JSON.stringify({ email: 'crash@example.com', password: 'kill-dash-nine', workspaceName: 'Crash' }),
  })) as { token: string; workspaceId: string }
  const headers = { authorization: `Bearer ${token}`, 'x-workspace-id': workspaceId }
  await api('/api/sending/settings', { method: 'PUT', headers, body: JSON.stringify({ mode: 'sink', ratePerSecond: 1_000 }) })

  const emails = Array.from({ length: RECIPIENTS }, (_, i) => `person${i}@crash.example`)
  for (let start = 0; start < RECIPIENTS; start += PUSH_BATCH) {
    await pushDocs(headers, 'contacts', emails.slice(start, start + PUSH_BATCH).map((email, i) => contactDoc({ email, firstName: `P${start + i}` }, Date.now(), 'crashtest')))
  }
  const segment = stamped({
    name: 'Everyone',
    kind: 'dynamic',
    rules: { match: 'all', groups: [{ id: newId(), match: 'all', conditions: [{ id: newId(), field: 'contact.email', operator: 'isNotEmpty', value: '', value2: '', values: [] }] }] },
    createdAt: 1,
  })
  const template = stamped({
    name: 'Crash',
    subject: 'Hello {{ contact.firstName }}',
    preheader: '',
    fromName: 'Crash Test',
    fromEmail: 'news@crash.example',
    html: '<p>Hi {{ contact.firstName }}, <a href="https://crash.example/offer">offer</a>. <a href="{{ unsubscribe_url }}">Unsubscribe</a></p>',
    createdAt: 1,
  })
  await pushDocs(headers, 'segments', [segment])
  await pushDocs(headers, 'templates', [template])
  const campaign = campaignDoc({ name: 'Crash campaign', status: 'scheduled', segmentId: segment.id, templateId: template.id, scheduledAt: Date.now() }, Date.now(), 'crashtest')
  await pushDocs(headers, 'campaigns', [campaign])

  await sink.waitFor(() => sink.received() >= KILL_AFTER_RECEIVED, 120_000)
  expect(await server.stop('SIGKILL')).toBe('SIGKILL')
  const receivedAtKill = sink.received()
  expect(receivedAtKill).toBeLessThan(RECIPIENTS)

  // Same database; the dead process's leases run out, then its claims are sent again.
  server = await startServerProcess({ databaseUrl, env })
  await waitFor(async () => (await campaignStatus(headers, campaign.id)) === 'sent', 180_000, 'the campaign to finish')

  const perRecipient = new Map<string, number>()
  for (const message of sink.messages) for (const to of message.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1)
  const missing = emails.filter((email) => !perRecipient.has(email))
  const duplicates = [...perRecipient.values()].reduce((sum, count) => sum + count - 1, 0)
  console.log(
    `crash-mid-send: ${RECIPIENTS} recipients, killed after ${receivedAtKill} received, ${sink.received()} messages in total, ` +
      `${duplicates} duplicate(s) (bound: in-flight window of ${IN_FLIGHT_WINDOW})`,
  )
  expect(missing).toEqual([])
  expect(perRecipient.size).toBe(RECIPIENTS)
  expect(duplicates).toBeLessThanOrEqual(IN_FLIGHT_WINDOW)
}, 300_000)
