import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { formatStamp } from '../../src/core/hlc'
import { newId } from '../../src/core/ids'
import type { Contact, WorkflowGraph } from '../../src/core/schema'
import { startSmtpTestSink, type SmtpTestSink } from '../../sync-server/src/sending/smtpTestSink'
import { openStorage } from '../../sync-server/src/storage'
import { createTestDatabase, startEmbeddedPostgres, type EmbeddedPostgresServer } from '../../sync-server/src/testing/embeddedPostgres'
import { contactDoc } from '../../sync-server/src/testing/docs'
import { DEFAULT_OUTBOX_SETTINGS } from '../../sync-server/src/workflows/outboxDelivery'
import { startServerProcess, type ServerProcess } from './serverProcess'

// kill -9 the server while 2,000 contacts run email → tag → adjust score, start it again on the
// same database (SQLite, then PostgreSQL): every contact takes every step exactly once (one step
// record each, the tag, one score adjustment), every email arrives, and only emails in flight at
// the kill (accepted by the SMTP server, not yet marked sent: one per outbox lane) arrive twice.

const CONTACTS = 2_000
const PUSH_BATCH = 500
const ENROL_BATCH = 1_000
const KILL_AFTER_RECEIVED = 600
const IN_FLIGHT_WINDOW = DEFAULT_OUTBOX_SETTINGS.lanes
const SCORE_DELTA = 5

let dir: string
let postgres: EmbeddedPostgresServer | null = null

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outpost-workflow-kill-'))
  postgres = await startEmbeddedPostgres()
}, 120_000)
afterAll(async () => {
  await postgres?.stop()
  await rm(dir, { recursive: true, force: true })
})

function stamped(fields: Record<string, unknown>): Record<string, unknown> & { id: string } {
  const stamp = formatStamp({ wallMs: Date.now(), counter: 0, node: 'killtest' })
  const clock: Record<string, string> = { _deleted: stamp }
  for (const key of Object.keys(fields)) clock[key] = stamp
  return { id: newId(), updatedAt: Date.now(), _deleted: false, _clock: clock, ...fields }
}

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe.each(['sqlite', 'postgres'] as const)('workflow engine killed mid-run on %s', (kind) => {
  let sink: SmtpTestSink
  let server: ServerProcess | null = null

  afterAll(async () => {
    await server?.stop()
    await sink?.close()
  })

  it('takes every step exactly once per contact and delivers every email, duplicates within the in-flight window', async () => {
    sink = await startSmtpTestSink({ parse: false })
    const databaseUrl = kind === 'sqlite' ? `sqlite:${join(dir, 'outpost.sqlite')}` : await createTestDatabase(postgres?.url ?? '')
    const env = { OUTPOST_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, OUTPOST_PUBLIC_URL: 'http://127.0.0.1:9' }
    server = await startServerProcess({ databaseUrl, env })
    const api = async (path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<unknown> => {
      if (server === null) throw new Error('no server')
      const response = await fetch(`${server.url}${path}`, { ...init, headers: { 'content-type': 'application/json', ...init.headers } })
      if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`)
      return response.json()
    }
    const signup = (await api('/api/auth/signup', {
      method: 'POST',
      body: JSON.stringify({ email: `kill-${kind}@example.com`, password: 'kill-dash-nine', workspaceName: 'Kill' }),
    })) as { token: string; workspaceId: string; user: { id: string } }
    const headers = { authorization: `Bearer ${signup.token}`, 'x-workspace-id': signup.workspaceId }
    const push = async (collection: string, docs: readonly Record<string, unknown>[]): Promise<void> => {
      const conflicts = await api(`/api/replication/${collection}/push`, {
        method: 'POST',
        headers,
        body: JSON.stringify(docs.map((doc) => ({ assumedMasterState: null, newDocumentState: doc }))),
      })
      expect(conflicts).toEqual([])
    }
    await api('/api/sending/settings', { method: 'PUT', headers, body: JSON.stringify({ mode: 'sink', ratePerSecond: 1_000 }) })

    const emails = Array.from({ length: CONTACTS }, (_, i) => `person${i}@kill.example`)
    const contactIds: string[] = []
    for (let start = 0; start < CONTACTS; start += PUSH_BATCH) {
      const docs = emails.slice(start, start + PUSH_BATCH).map((email, i) => contactDoc({ email, firstName: `P${start + i}` }, Date.now(), 'killtest'))
      contactIds.push(...docs.map((doc) => doc.id))
      await push('contacts', docs)
    }
    const template = stamped({
      name: 'Welcome',
      subject: 'Welcome {{ contact.firstName }}',
      preheader: '',
      fromName: 'Kill Test',
      fromEmail: 'hello@kill.example',
      html: '<p>Hi {{ contact.firstName }}</p><a href="https://kill.example/start">Start</a> <a href="{{ unsubscribe_url }}">Unsubscribe</a>',
      createdAt: 1,
    })
    await push('templates', [template])
    const graph: WorkflowGraph = {
      trigger: { type: 'manual' },
      entryStepId: 'email',
      steps: [
        { id: 'email', type: 'send_email', next: 'tag', templateId: template.id },
        { id: 'tag', type: 'add_tag', next: 'score', tag: 'welcomed' },
        { id: 'score', type: 'adjust_score', next: '', scoreDelta: SCORE_DELTA },
      ],
    }
    const settings = { reenrol: 'never', exitOnUnsubscribe: true }
    const workflow = stamped({
      name: 'Welcome',
      description: '',
      kind: 'workflow',
      status: 'active',
      graph,
      settings,
      published: { version: 1, graph, settings, publishedAt: Date.now() - 1_000, publishedBy: signup.user.id },
      createdAt: 1,
    })
    await push('workflows', [workflow])
    for (let start = 0; start < CONTACTS; start += ENROL_BATCH) {
      const answer = (await api(`/api/workflows/${workflow.id}/enrol`, { method: 'POST', headers, body: JSON.stringify({ contactIds: contactIds.slice(start, start + ENROL_BATCH) }) })) as {
        enrolled: number
      }
      expect(answer.enrolled).toBe(Math.min(ENROL_BATCH, CONTACTS - start))
    }

    await sink.waitFor(() => sink.received() >= KILL_AFTER_RECEIVED, 120_000)
    expect(await server.stop('SIGKILL')).toBe('SIGKILL')
    const receivedAtKill = sink.received()
    expect(receivedAtKill).toBeLessThan(CONTACTS)

    // Same database: the dead process's claims and outbox leases run out, then the work resumes.
    server = await startServerProcess({ databaseUrl, env })
    const restartedAt = Date.now()
    await waitFor(
      async () => {
        const page = (await api('/api/replication/workflows/pull?limit=10&checkpoint=null', { headers })) as { documents: Array<Record<string, unknown>> }
        const stats = page.documents.find((doc) => doc.id === workflow.id)?.stats as { completed?: number } | undefined
        return stats?.completed === CONTACTS && sink.received() >= CONTACTS
      },
      // Generous: the 2-core test machine runs other suites at the same time.
      420_000,
      'every contact to finish the workflow',
    )
    const resumeSeconds = (Date.now() - restartedAt) / 1_000
    await server.stop()
    server = null

    const storage = await openStorage(databaseUrl)
    try {
      const workspaceId = signup.workspaceId
      const contacts = await storage.sending.getDocuments(workspaceId, 'contacts', contactIds)
      let wrongPaths = 0
      for (const contactId of contactIds) {
        const path = await storage.workflows.listStepRecords(workspaceId, workflow.id, contactId)
        if (path.map((record) => `${record.stepId}:${record.outcome}`).join(',') !== 'email:done,tag:done,score:done') wrongPaths += 1
      }
      const untagged = contactIds.filter((id) => !((contacts.get(id) as Contact | undefined)?.tags ?? []).includes('welcomed'))
      const wrongScore = contactIds.filter((id) => (contacts.get(id) as Contact | undefined)?.scoreAdjustment !== SCORE_DELTA)
      const outcome = await storage.workflows.countByStep(workspaceId, workflow.id)

      const perRecipient = new Map<string, number>()
      for (const message of sink.messages) for (const to of message.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1)
      const missing = emails.filter((email) => !perRecipient.has(email))
      const duplicates = [...perRecipient.values()].reduce((sum, count) => sum + count - 1, 0)
      console.log(
        `workflow-kill (${kind}): ${CONTACTS} contacts, killed after ${receivedAtKill} emails, ${sink.received()} emails in total, ` +
          `${duplicates} duplicate(s) (bound: in-flight window of ${IN_FLIGHT_WINDOW}), finished ${resumeSeconds.toFixed(1)} s after the restart`,
      )
      expect(wrongPaths).toBe(0)
      expect(untagged).toEqual([])
      expect(wrongScore).toEqual([])
      expect(outcome).toEqual([{ version: 1, stepId: '', status: 'completed', count: CONTACTS }])
      expect(missing).toEqual([])
      expect(duplicates).toBeLessThanOrEqual(IN_FLIGHT_WINDOW)
    } finally {
      await storage.close()
    }
  }, 660_000)
})
