import { contactDoc } from '../testing/docs'
import { createTestApp, signUp, type TestAccount, type TestApp } from '../testing/testApp'

// Tenant isolation on every route: a token for workspace A never reads, writes or learns of B.

let t: TestApp
let alice: TestAccount
let bob: TestAccount
let bobsContact: ReturnType<typeof contactDoc>

beforeAll(async () => {
  t = await createTestApp()
  alice = await signUp(t.app, { workspaceName: 'Alice Co' })
  bob = await signUp(t.app, { workspaceName: 'Bob Ltd' })
  bobsContact = contactDoc({ email: 'secret@bob.example' })
  const push = await t.app.inject({ method: 'POST', url: '/api/replication/contacts/push', headers: bob.headers, payload: [{ newDocumentState: bobsContact }] })
  expect(push.json()).toEqual([])
})
afterAll(async () => {
  await t.close()
})

/** Alice's token aimed at Bob's workspace. */
function aliceInBob(): Record<string, string> {
  return { authorization: `Bearer ${alice.token}`, 'x-workspace-id': bob.workspaceId }
}

async function snapshotOfBob() {
  const response = await t.app.inject({ method: 'GET', url: '/api/replication/contacts/pull?limit=1000', headers: bob.headers })
  const members = await t.app.inject({ method: 'GET', url: '/api/workspace/members', headers: bob.headers })
  return { contacts: response.body, members: members.body }
}

const workspaceRoutes: Array<{ name: string; method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: () => string; payload?: () => unknown }> = [
  { name: 'GET /api/replication/contacts/pull', method: 'GET', url: () => '/api/replication/contacts/pull' },
  { name: 'GET /api/replication/members/pull', method: 'GET', url: () => '/api/replication/members/pull' },
  { name: 'POST /api/replication/contacts/push', method: 'POST', url: () => '/api/replication/contacts/push', payload: () => [{ newDocumentState: contactDoc() }] },
  { name: 'GET /api/replication/contacts/stream', method: 'GET', url: () => '/api/replication/contacts/stream' },
  { name: 'GET /api/replication/stream', method: 'GET', url: () => '/api/replication/stream' },
  { name: 'GET /api/workspace/members', method: 'GET', url: () => '/api/workspace/members' },
  { name: 'POST /api/workspace/invites', method: 'POST', url: () => '/api/workspace/invites', payload: () => ({ role: 'member' }) },
  { name: 'PATCH /api/workspace/members/:userId', method: 'PATCH', url: () => `/api/workspace/members/${bob.userId}`, payload: () => ({ role: 'member' }) },
  { name: 'DELETE /api/workspace/members/:userId', method: 'DELETE', url: () => `/api/workspace/members/${bob.userId}` },
  { name: 'DELETE /api/workspace', method: 'DELETE', url: () => '/api/workspace' },
]

describe('tenant isolation', () => {
  it.each(workspaceRoutes.map((route) => [route.name, route] as const))(
    '%s with another workspace id is 404 and changes nothing',
    async (_name, route) => {
      const before = await snapshotOfBob()
      const response = await t.app.inject({
        method: route.method,
        url: route.url(),
        headers: aliceInBob(),
        ...(route.payload ? { payload: route.payload() as object } : {}),
      })
      expect(response.statusCode).toBe(404)
      expect(response.json()).toEqual({ error: 'not_found', message: 'workspace not found' })
      expect(await snapshotOfBob()).toEqual(before)
    },
  )

  it('answers a workspace that does not exist exactly like one that is not yours', async () => {
    const missing = await t.app.inject({
      method: 'GET',
      url: '/api/replication/contacts/pull',
      headers: { authorization: `Bearer ${alice.token}`, 'x-workspace-id': '01HZZZZZZZZZZZZZZZZZZZZZZZ' },
    })
    const foreign = await t.app.inject({ method: 'GET', url: '/api/replication/contacts/pull', headers: aliceInBob() })
    expect(missing.statusCode).toBe(foreign.statusCode)
    expect(missing.body).toBe(foreign.body)
  })

  it("never returns another workspace's documents in a pull", async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/replication/contacts/pull?limit=1000', headers: alice.headers })
    expect(response.statusCode).toBe(200)
    expect(response.body).not.toContain('secret@bob.example')
    expect(response.json().documents).toEqual([])
  })

  it("refuses a push that reuses another workspace's document id, writing nothing", async () => {
    const hijack = { ...bobsContact, email: 'stolen@alice.example' }
    const innocent = contactDoc({ email: 'fine@alice.example' })
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/replication/contacts/push',
      headers: alice.headers,
      payload: [{ newDocumentState: innocent }, { newDocumentState: hijack }],
    })
    expect(response.statusCode).toBe(404)
    const alicePull = await t.app.inject({ method: 'GET', url: '/api/replication/contacts/pull?limit=1000', headers: alice.headers })
    expect(alicePull.json().documents).toEqual([])
    const bobPull = await t.app.inject({ method: 'GET', url: '/api/replication/contacts/pull?limit=1000', headers: bob.headers })
    expect(bobPull.json().documents).toMatchObject([{ id: bobsContact.id, email: 'secret@bob.example' }])
  })

  it('does not let an invite code for one workspace be used to reach another', async () => {
    const { code } = (await t.app.inject({ method: 'POST', url: '/api/workspace/invites', headers: alice.headers, payload: { role: 'member' } })).json()
    const carol = await signUp(t.app)
    await t.app.inject({ method: 'POST', url: '/api/invites/accept', headers: { authorization: `Bearer ${carol.token}` }, payload: { code } })
    const intoBob = await t.app.inject({ method: 'GET', url: '/api/replication/contacts/pull', headers: { ...carol.headers, 'x-workspace-id': bob.workspaceId } })
    expect(intoBob.statusCode).toBe(404)
    const intoAlice = await t.app.inject({ method: 'GET', url: '/api/replication/contacts/pull', headers: { ...carol.headers, 'x-workspace-id': alice.workspaceId } })
    expect(intoAlice.statusCode).toBe(200)
  })
})
