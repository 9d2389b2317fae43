import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { formatStamp } from '@core/hlc'
import { newId } from '@core/ids'
import type { Contact, WorkflowGraph } from '@core/schema'
import { contactDoc } from '../testing/docs'
import { storageBackends } from '../testing/storageBackends'
import { createTestApp, signUp, TEST_TRACKING_SECRET } from '../testing/testApp'
import type { TestAccount, TestApp } from '../testing/testApp'
import { inboundKey } from './inboundKey'
import { graphOf, step } from './workflowFixture'

// /api/workflows and the public form endpoint on a real app (SQLite and PostgreSQL): answers, isolation between
// workspaces, bad input refused with nothing changed, the form key checked.

let t: TestApp
let owner: TestAccount
let stranger: TestAccount

type Doc = Record<string, unknown> & { id: string }

async function push(account: TestAccount, collection: string, docs: readonly Doc[]): Promise<void> {
  await t.storage.pushDocuments(account.workspaceId, collection, docs.map((doc) => doc.id), () => docs.map((doc) => ({ id: doc.id, doc })))
}

async function givenContact(account: TestAccount, email: string): Promise<Contact & Doc> {
  const contact = contactDoc({ email }) as Contact & Doc
  await push(account, 'contacts', [contact])
  return contact
}

async function givenWorkflow(account: TestAccount, graph: WorkflowGraph, status: 'active' | 'draft' = 'active'): Promise<string> {
  const at = Date.now()
  const stamp = formatStamp({ wallMs: at, counter: 0, node: 'deviceA' })
  const settings = { reenrol: 'never' as const, exitOnUnsubscribe: true }
  const fields: Record<string, unknown> = {
    name: 'Onboarding',
    description: '',
    kind: 'workflow',
    status,
    graph,
    settings,
    createdAt: at,
    ...(status === 'active' ? { published: { version: 1, graph, settings, publishedAt: at - 1_000, publishedBy: account.userId } } : {}),
  }
  const clock: Record<string, string> = { _deleted: stamp }
  for (const key of Object.keys(fields)) clock[key] = stamp
  const id = newId()
  await push(account, 'workflows', [{ id, updatedAt: at, _deleted: false, _clock: clock, ...fields }])
  return id
}

const waitGraph = graphOf({ type: 'manual' }, [step('pause', 'wait', 'tag', { waitKind: 'duration', waitMinutes: 60 }), step('tag', 'add_tag', '', { tag: 'x' })])

async function call(account: TestAccount | null, method: 'GET' | 'POST', url: string, payload?: unknown) {
  return t.app.inject({ method, url, headers: account?.headers ?? {}, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) })
}

describe.each(storageBackends('workflow-routes'))('workflow routes on $kind', (backend) => {
  beforeAll(() => backend.setUp(), 120_000)
  afterAll(() => backend.tearDown())
  beforeEach(async () => {
    t = await createTestApp({ databaseUrl: await backend.freshDatabaseUrl() })
    owner = await signUp(t.app)
    stranger = await signUp(t.app)
  })
  afterEach(async () => {
    await t.close()
  })

  it('enrols by hand, lists who is at a step, shows one contact’s path and removes by hand', async () => {
    const workflowId = await givenWorkflow(owner, waitGraph)
    const ada = await givenContact(owner, 'ada@example.com')
    const grace = await givenContact(owner, 'grace@example.com')

    const enrol = await call(owner, 'POST', `/api/workflows/${workflowId}/enrol`, { contactIds: [ada.id, grace.id, ada.id] })
    expect(enrol.statusCode).toBe(200)
    expect(enrol.json()).toEqual({ enrolled: 2, skipped: 0 })
    // Already inside: nobody enrolled twice.
    expect((await call(owner, 'POST', `/api/workflows/${workflowId}/enrol`, { contactIds: [ada.id] })).json()).toEqual({ enrolled: 0, skipped: 1 })

    const atStep = await call(owner, 'GET', `/api/workflows/${workflowId}/contacts?stepId=pause&limit=10`)
    expect(atStep.statusCode).toBe(200)
    const contacts = (atStep.json() as { contacts: Array<Record<string, unknown>> }).contacts
    expect(contacts.map((enrolment) => enrolment.contactId).sort()).toEqual([ada.id, grace.id].sort())
    expect(contacts[0]).not.toHaveProperty('workspaceId')
    expect((await call(owner, 'GET', `/api/workflows/${workflowId}/contacts?stepId=tag`)).json()).toEqual({ contacts: [] })

    const path = (await call(owner, 'GET', `/api/workflows/${workflowId}/contacts/${ada.id}`)).json() as { enrolments: Array<Record<string, unknown>>; steps: unknown[] }
    expect(path.enrolments).toHaveLength(1)
    expect(path.enrolments[0]).toMatchObject({ workflowId, contactId: ada.id, status: 'active', stepId: 'pause', version: 1 })
    expect(path.steps).toEqual([])

    expect((await call(owner, 'POST', `/api/workflows/${workflowId}/remove`, { contactIds: [ada.id] })).json()).toEqual({ removed: 1 })
    const [removed] = await t.storage.workflows.getEnrolments(owner.workspaceId, workflowId, ada.id)
    expect(removed).toMatchObject({ status: 'exited', exitReason: 'removed' })
    expect((await call(owner, 'POST', `/api/workflows/${workflowId}/remove`, { contactIds: [ada.id] })).json()).toEqual({ removed: 0 })
  })

  it('answers 404 for another workspace’s workflow and refuses its contacts, changing nothing', async () => {
    const workflowId = await givenWorkflow(owner, waitGraph)
    const theirs = await givenContact(stranger, 'them@example.com')
    const mine = await givenContact(owner, 'me@example.com')
    for (const [method, url, payload] of [
      ['GET', `/api/workflows/${workflowId}/contacts`, undefined],
      ['GET', `/api/workflows/${workflowId}/contacts/${mine.id}`, undefined],
      ['POST', `/api/workflows/${workflowId}/enrol`, { contactIds: [mine.id] }],
      ['POST', `/api/workflows/${workflowId}/remove`, { contactIds: [mine.id] }],
    ] as const) {
      const response = await call(stranger, method, url, payload)
      expect(response.statusCode, `${method} ${url}`).toBe(404)
    }
    const foreign = await call(owner, 'POST', `/api/workflows/${workflowId}/enrol`, { contactIds: [mine.id, theirs.id] })
    expect(foreign.statusCode).toBe(400)
    expect(foreign.json().message).toContain(theirs.id)
    expect(await t.storage.workflows.getEnrolments(owner.workspaceId, workflowId, mine.id)).toEqual([])
    expect((await call(null, 'GET', `/api/workflows/${workflowId}/contacts`)).statusCode).toBe(401)
  })

  it('refuses bad input with a clear 400', async () => {
    const workflowId = await givenWorkflow(owner, waitGraph)
    const draftId = await givenWorkflow(owner, waitGraph, 'draft')
    const ada = await givenContact(owner, 'ada@example.com')
    const cases: Array<[string, unknown, string]> = [
      [`/api/workflows/${workflowId}/enrol`, { contactIds: [] }, 'at least one contact'],
      [`/api/workflows/${workflowId}/enrol`, { contactIds: Array.from({ length: 1_001 }, () => newId()) }, 'at most 1000'],
      [`/api/workflows/${workflowId}/enrol`, { contactIds: ['not an id!'] }, 'not an id'],
      [`/api/workflows/${draftId}/enrol`, { contactIds: [ada.id] }, 'activate the workflow'],
      ['/api/workflows/events', { eventName: 'x', email: 'ada@example.com', contactId: ada.id }, 'either email or contactId'],
      ['/api/workflows/events', { eventName: '', email: 'ada@example.com' }, 'eventName'],
      ['/api/workflows/events', { eventName: 'x', email: 'nope' }, 'not an email'],
    ]
    for (const [url, payload, message] of cases) {
      const response = await call(owner, 'POST', url, payload)
      expect(response.statusCode, url).toBe(400)
      expect(response.json().message).toContain(message)
    }
    expect((await call(owner, 'GET', `/api/workflows/${workflowId}/contacts?limit=0`)).statusCode).toBe(400)
    expect(await t.storage.workflows.getEnrolments(owner.workspaceId, workflowId, ada.id)).toEqual([])
  })

  it('enrols a contact named by email or id in the workflows listening for an API event', async () => {
    const signedUp = await givenWorkflow(owner, graphOf({ type: 'api_event', eventName: 'signed_up' }, [step('tag', 'add_tag', '', { tag: 'trial' })]))
    const other = await givenWorkflow(owner, graphOf({ type: 'api_event', eventName: 'churned' }, [step('tag', 'add_tag', '', { tag: 'gone' })]))
    const ada = await givenContact(owner, 'ada@example.com')

    const byEmail = await call(owner, 'POST', '/api/workflows/events', { eventName: 'Signed_Up', email: 'ADA@example.com', data: { plan: 'pro' } })
    expect(byEmail.statusCode).toBe(200)
    expect(byEmail.json()).toEqual({ contactId: ada.id, enrolled: 1, workflowIds: [signedUp] })
    expect(await t.storage.workflows.getEnrolments(owner.workspaceId, other, ada.id)).toEqual([])
    // Still inside: a second event enrols nobody twice.
    expect((await call(owner, 'POST', '/api/workflows/events', { eventName: 'signed_up', contactId: ada.id })).json()).toMatchObject({ enrolled: 0 })
    expect((await call(owner, 'POST', '/api/workflows/events', { eventName: 'signed_up', email: 'nobody@example.com' })).statusCode).toBe(404)
    // Another workspace's contact is not found from here.
    const theirs = await givenContact(stranger, 'them@example.com')
    expect((await call(owner, 'POST', '/api/workflows/events', { eventName: 'signed_up', contactId: theirs.id })).statusCode).toBe(404)
  })

  it('takes form posts at the workspace’s secret URL, creating the contact when new, and refuses a forged key', async () => {
    const formWorkflow = await givenWorkflow(owner, graphOf({ type: 'api_event', eventName: 'form' }, [step('tag', 'add_tag', '', { tag: 'lead-form' })]))
    const inbound = (await call(owner, 'GET', '/api/workflows/inbound')).json() as { url: string }
    const key = inboundKey(TEST_TRACKING_SECRET, owner.workspaceId)
    expect(inbound.url).toMatch(new RegExp(`/in/${owner.workspaceId}/${key}$`))
    const path = new URL(inbound.url).pathname

    const json = await t.app.inject({ method: 'POST', url: path, payload: { email: 'New@Example.com', firstName: 'Nia' } })
    expect(json.statusCode).toBe(200)
    expect(json.json()).toEqual({ ok: true, created: true, enrolled: 1 })
    const form = await t.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=new%40example.com&event=newsletter',
    })
    expect(form.statusCode).toBe(200)
    expect(form.headers['content-type']).toContain('text/html')

    const contacts = (await t.storage.pull(owner.workspaceId, 'contacts', null, 100)).documents.map((stored) => JSON.parse(stored.json) as Contact)
    expect(contacts.map((contact) => [contact.email, contact.firstName])).toEqual([['new@example.com', 'Nia']])
    const created = contacts[0]
    expect(await t.storage.workflows.getEnrolments(owner.workspaceId, formWorkflow, created?.id ?? '')).toHaveLength(1)

    const strangerKey = inboundKey(TEST_TRACKING_SECRET, stranger.workspaceId)
    for (const url of [`/in/${owner.workspaceId}/${key.slice(0, -2)}xx`, `/in/${owner.workspaceId}/${strangerKey}`, `/in/${newId()}/${key}`]) {
      const forged = await t.app.inject({ method: 'POST', url, payload: { email: 'forged@example.com' } })
      expect(forged.statusCode, url).toBe(404)
    }
    const bad = await t.app.inject({ method: 'POST', url: path, payload: { email: 'not-an-email' } })
    expect(bad.statusCode).toBe(400)
    expect((await t.storage.pull(owner.workspaceId, 'contacts', null, 100)).documents).toHaveLength(1)
    expect((await t.storage.pull(stranger.workspaceId, 'contacts', null, 100)).documents).toHaveLength(0)
  })
})
