import { afterEach, beforeEach, expect, it } from 'vitest'
import { formatStamp, HlcClock } from '@core/hlc'
import { newId } from '@core/ids'
import type { Contact, WorkflowGraph } from '@core/schema'
import { SERVER_NODE } from '../auth/memberDocs'
import { startSmtpTestSink } from '../sending/smtpTestSink'
import type { SmtpTestSink } from '../sending/smtpTestSink'
import { ServerDocuments } from '../serverDocuments'
import { contactDoc } from '../testing/docs'
import { createTestApp, signUp, TEST_TRACKING_SECRET } from '../testing/testApp'
import type { TestAccount, TestApp } from '../testing/testApp'
import { graphOf, step } from './workflowFixture'
import { WorkflowService } from './workflowService'

// A workflow email's links go through the real tracking endpoints: the click redirect finds the
// link stored under the email key, the click drives "branch on click" and email_clicked triggers,
// and the unsubscribe link unsubscribes.

const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36'
const PUBLIC_URL = 'https://mail.outpost.test'

let t: TestApp
let owner: TestAccount
let sink: SmtpTestSink
let service: WorkflowService
const clock = { now: Date.now() }

beforeEach(async () => {
  t = await createTestApp({ tracking: { machineWindowSeconds: 0 } })
  owner = await signUp(t.app)
  sink = await startSmtpTestSink()
  clock.now = Date.now()
  const now = (): number => clock.now
  service = new WorkflowService({
    storage: t.storage,
    documents: new ServerDocuments(t.storage, new HlcClock(SERVER_NODE, now), now),
    configSource: { forWorkspace: async () => ({ transport: { kind: 'sink', host: '127.0.0.1', port: sink.port }, fromIdentities: [], dkim: null, ratePerSecond: 1_000 }) },
    publicUrl: PUBLIC_URL,
    secret: TEST_TRACKING_SECRET,
    logger: { info: () => undefined, error: (details, message) => console.error(message, details) },
    now,
    statsIntervalMs: 0,
  })
})
afterEach(async () => {
  await service.stop()
  await sink.close()
  await t.close()
})

type Doc = Record<string, unknown> & { id: string }

function stamped(fields: Record<string, unknown>): Doc {
  const stamp = formatStamp({ wallMs: clock.now, counter: 0, node: 'deviceA' })
  const stamps: Record<string, string> = { _deleted: stamp }
  for (const key of Object.keys(fields)) stamps[key] = stamp
  return { id: newId(), updatedAt: clock.now, _deleted: false, _clock: stamps, ...fields }
}

async function push(collection: string, docs: readonly Doc[]): Promise<void> {
  await t.storage.pushDocuments(owner.workspaceId, collection, docs.map((doc) => doc.id), () => docs.map((doc) => ({ id: doc.id, doc })))
}

async function addWorkflow(graph: WorkflowGraph): Promise<string> {
  const settings = { reenrol: 'never', exitOnUnsubscribe: true }
  const doc = stamped({ name: 'Welcome', description: '', kind: 'workflow', status: 'active', graph, settings, createdAt: 1, published: { version: 1, graph, settings, publishedAt: clock.now - 1_000, publishedBy: owner.userId } })
  await push('workflows', [doc])
  return doc.id
}

async function contact(id: string): Promise<Contact> {
  return (await t.storage.sending.getDocuments(owner.workspaceId, 'contacts', [id])).get(id) as unknown as Contact
}

it('a click on a workflow email redirects, takes the "clicked" branch and enrols email_clicked workflows; its unsubscribe link unsubscribes', async () => {
  const template = stamped({
    name: 'Welcome',
    subject: 'Welcome',
    preheader: '',
    fromName: 'Acme',
    fromEmail: 'hello@acme.test',
    html: '<p>Hi</p><a href="https://acme.test/start">Start</a> <a href="{{ unsubscribe_url }}">Unsubscribe</a>',
    createdAt: 1,
  })
  await push('templates', [template])
  const welcome = await addWorkflow(
    graphOf({ type: 'contact_created' }, [
      step('email', 'send_email', 'pause', { templateId: template.id }),
      step('pause', 'wait', 'clicked', { waitKind: 'duration', waitMinutes: 60 }),
      step('clicked', 'branch', 'yes', { branchKind: 'clicked', emailStepId: 'email', elseNext: 'no' }),
      step('yes', 'add_tag', '', { tag: 'clicked' }),
      step('no', 'add_tag', '', { tag: 'ignored' }),
    ]),
  )
  const followUp = await addWorkflow(graphOf({ type: 'email_clicked', campaignId: '' }, [step('mark', 'add_tag', '', { tag: 'engaged' })]))
  await service.idle()
  const ada = contactDoc({ email: 'ada@example.com', createdAt: clock.now }, clock.now) as Contact & Doc
  await push('contacts', [ada])
  await service.idle()

  const html = String(sink.messages[0]?.parsed?.html)
  const clickPath = /https:\/\/mail\.outpost\.test(\/t\/c\/[^"]+)"/.exec(html)?.[1] ?? ''
  const click = await t.app.inject({ method: 'GET', url: clickPath, headers: { 'user-agent': CHROME } })
  expect(click.statusCode).toBe(302)
  expect(click.headers.location).toBe('https://acme.test/start')
  await t.tracking.recorder.settle()

  clock.now += 60 * 60_000
  await service.idle()
  expect((await contact(ada.id)).tags.sort()).toEqual(['clicked', 'engaged'])
  expect(await t.storage.workflows.getEnrolments(owner.workspaceId, followUp, ada.id)).toHaveLength(1)
  expect((await t.storage.workflows.getEnrolments(owner.workspaceId, welcome, ada.id))[0]?.status).toBe('completed')

  const unsubscribePath = /https:\/\/mail\.outpost\.test(\/u\/[^"]+)"/.exec(html)?.[1] ?? ''
  const unsubscribe = await t.app.inject({ method: 'POST', url: unsubscribePath, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' })
  expect(unsubscribe.statusCode).toBe(200)
  expect((await contact(ada.id)).unsubscribed).toBe(true)
  expect(await t.storage.sending.isSuppressed(owner.workspaceId, 'ada@example.com')).toBe(true)
})
