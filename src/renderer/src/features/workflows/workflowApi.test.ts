import { requestJson, type FetchLike } from '../../data/sync/syncHttp'
import { createWorkflowApi, inBatches, WORKFLOW_BATCH_LIMIT, workflowFailureMessage } from './workflowApi'

// The API against a stubbed fetch: what goes out (path, method, body, auth) and how answers and failures come back.

interface Sent {
  url: string
  method: string
  headers: Record<string, string>
  body: unknown
}

function server(reply: (sent: Sent) => { status: number; body: unknown } | 'network-error') {
  const sent: Sent[] = []
  const fetch: FetchLike = async (url, init) => {
    const request = { url, method: init?.method ?? 'GET', headers: init?.headers ?? {}, body: init?.body ? JSON.parse(init.body) : undefined }
    sent.push(request)
    const answer = reply(request)
    if (answer === 'network-error') throw new TypeError('Failed to fetch')
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'Content-Type': 'application/json' } })
  }
  const api = createWorkflowApi((request) => requestJson(fetch, { serverUrl: 'http://sync.test', token: 'tok', workspaceId: 'W1' }, request))
  return { api, sent }
}

const enrolment = { id: 'EN1', workflowId: 'WF1', version: 2, contactId: 'C1', status: 'active', stepId: 'S2', visit: 1, dueAt: 5, waitUntil: 5, triggerKey: 'm:1', enrolledAt: 1, updatedAt: 2, endedAt: null, exitReason: '' }
const record = { enrolmentId: 'EN1', workflowId: 'WF1', version: 2, contactId: 'C1', visit: 0, stepId: 'S1', stepType: 'send_email', outcome: 'done', detail: 'sent Welcome', at: 1 }

describe('workflowApi', () => {
  it("reads a contact's path as the signed-in member of the workspace", async () => {
    const { api, sent } = server(() => ({ status: 200, body: { enrolments: [enrolment], steps: [record] } }))
    const answer = await api.contactPath('WF1', 'C1')
    expect(answer).toMatchObject({ ok: true, value: { enrolments: [{ id: 'EN1', stepId: 'S2', waitUntil: 5 }], steps: [{ detail: 'sent Welcome' }] } })
    expect(sent[0]).toMatchObject({ url: 'http://sync.test/api/workflows/WF1/contacts/C1', method: 'GET' })
    expect(sent[0]?.headers).toMatchObject({ Authorization: 'Bearer tok', 'X-Workspace-Id': 'W1' })
  })

  it('asks who is at a step with the step and limit in the query', async () => {
    const { api, sent } = server(() => ({ status: 200, body: { contacts: [enrolment] } }))
    const answer = await api.contactsAtStep('WF1', 'S2', 50)
    expect(answer.ok && answer.value.contacts.map((entry) => entry.contactId)).toEqual(['C1'])
    expect(sent[0]?.url).toBe('http://sync.test/api/workflows/WF1/contacts?stepId=S2&limit=50')
  })

  it('posts enrol and remove with the contact ids', async () => {
    const { api, sent } = server((request) => ({ status: 200, body: request.url.endsWith('/enrol') ? { enrolled: 1, skipped: 1 } : { removed: 2 } }))
    expect(await api.enrol('WF1', ['C1', 'C2'])).toEqual({ ok: true, value: { enrolled: 1 } })
    expect(await api.remove('WF1', ['C1', 'C2'])).toEqual({ ok: true, value: { removed: 2 } })
    expect(sent.map((request) => [request.method, request.url, request.body])).toEqual([
      ['POST', 'http://sync.test/api/workflows/WF1/enrol', { contactIds: ['C1', 'C2'] }],
      ['POST', 'http://sync.test/api/workflows/WF1/remove', { contactIds: ['C1', 'C2'] }],
    ])
  })

  it('offline: a network failure, told as "Connect to the sync server to …"', async () => {
    const { api } = server(() => 'network-error')
    const answer = await api.contactPath('WF1', 'C1')
    expect(answer.ok).toBe(false)
    if (answer.ok) return
    expect(answer.error.kind).toBe('network')
    expect(workflowFailureMessage(answer.error, "see this contact's path")).toBe("Connect to the sync server to see this contact's path.")
  })

  it('an answer of the wrong shape is an error, not a crash', async () => {
    const { api } = server(() => ({ status: 200, body: { enrolments: 'nope' } }))
    const answer = await api.contactPath('WF1', 'C1')
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_response' } })
  })

  it("passes the server's refusal on, and says 404 means the server does not know the workflow yet", async () => {
    const refused = server(() => ({ status: 400, body: { error: 'invalid_request', message: 'activate the workflow before enrolling contacts' } }))
    const answer = await refused.api.enrol('WF1', ['C1'])
    expect(!answer.ok && workflowFailureMessage(answer.error, 'add contacts')).toBe('activate the workflow before enrolling contacts')
    const missing = server(() => ({ status: 404, body: { error: 'not_found', message: 'workflow not found' } }))
    const gone = await missing.api.remove('WF1', ['C1'])
    expect(!gone.ok && workflowFailureMessage(gone.error, 'remove contacts')).toMatch(/does not know this workflow yet/)
  })

  it('sends many contacts in batches of the server limit, with progress, and stops at the first failure', async () => {
    const ids = Array.from({ length: WORKFLOW_BATCH_LIMIT * 2 + 5 }, (_, index) => `C${index}`)
    const progress: number[] = []
    let calls = 0
    const result = await inBatches(
      async (batch) => {
        calls++
        expect(batch.length).toBeLessThanOrEqual(WORKFLOW_BATCH_LIMIT)
        return calls === 3 ? { ok: false, error: { kind: 'network', message: 'down' } } : { ok: true, value: batch.length - 1 }
      },
      ids,
      (done) => progress.push(done),
    )
    expect(progress).toEqual([WORKFLOW_BATCH_LIMIT, WORKFLOW_BATCH_LIMIT * 2])
    expect(result).toEqual({ changed: (WORKFLOW_BATCH_LIMIT - 1) * 2, done: WORKFLOW_BATCH_LIMIT * 2, failure: { kind: 'network', message: 'down' } })
  })
})
