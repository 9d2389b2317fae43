import { createTestApp, signUp, type TestApp } from '../testing/testApp'

let t: TestApp

beforeEach(async () => {
  t = await createTestApp()
})
afterEach(async () => {
  await t.close()
})

function inject(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string> = {}, payload?: unknown) {
  return t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) })
}

describe('sign up, log in, log out', () => {
  it('signs up with a first workspace, logs in with the same password and lists the workspace', async () => {
    const account = await signUp(t.app, { email: 'Ada@Example.com', workspaceName: 'Analytical Engines' })
    const login = await inject('POST', '/api/auth/login', {}, { email: 'ada@example.com', password: 'correct horse battery' })
    expect(login.statusCode).toBe(200)
    const body = login.json()
    expect(body.user.email).toBe('ada@example.com')
    expect(body.workspaces).toEqual([{ id: account.workspaceId, name: 'Analytical Engines', role: 'owner' }])
    expect(body.token).not.toBe(account.token)
  })

  it('refuses a wrong password and an unknown email with the same answer', async () => {
    await signUp(t.app, { email: 'grace@example.com' })
    const wrong = await inject('POST', '/api/auth/login', {}, { email: 'grace@example.com', password: 'not the password' })
    const unknown = await inject('POST', '/api/auth/login', {}, { email: 'nobody@example.com', password: 'not the password' })
    expect(wrong.statusCode).toBe(401)
    expect(unknown.statusCode).toBe(401)
    expect(wrong.json()).toEqual(unknown.json())
  })

  it('refuses a second account with the same email (any case)', async () => {
    await signUp(t.app, { email: 'linus@example.com' })
    const again = await inject('POST', '/api/auth/signup', {}, { email: 'LINUS@example.com', password: 'another password', workspaceName: 'X' })
    expect(again.statusCode).toBe(409)
    expect(again.json().error).toBe('email_taken')
  })

  it.each([
    [{ email: 'not-an-email', password: 'long enough pw', workspaceName: 'W' }, 'email'],
    [{ email: 'a@b.example', password: 'short', workspaceName: 'W' }, 'password'],
    [{ email: 'a@b.example', password: 'long enough pw', workspaceName: '' }, 'workspaceName'],
    [{ email: 'a@b.example', password: 'long enough pw', workspaceName: 'W', admin: true }, 'admin'],
  ])('explains invalid sign-up input %#', async (payload, field) => {
    const response = await inject('POST', '/api/auth/signup', {}, payload)
    expect(response.statusCode).toBe(400)
    expect(response.json().message).toContain(field)
  })

  it('revokes the token on logout', async () => {
    const account = await signUp(t.app)
    expect((await inject('GET', '/api/auth/me', account.headers)).statusCode).toBe(200)
    expect((await inject('POST', '/api/auth/logout', account.headers)).statusCode).toBe(204)
    const after = await inject('GET', '/api/auth/me', account.headers)
    expect(after.statusCode).toBe(401)
    expect(after.json().error).toBe('unauthenticated')
  })

  it('stores tokens and passwords only hashed', async () => {
    const account = await signUp(t.app, { email: 'hashed@example.com' })
    const user = await t.storage.findUserByEmail('hashed@example.com')
    expect(user?.passwordHash).toMatch(/^scrypt\$/)
    expect(user?.passwordHash).not.toContain('correct horse')
    const { hashSecret } = await import('./tokens')
    expect(await t.storage.findSession(account.token)).toBeNull()
    expect(await t.storage.findSession(hashSecret(account.token))).not.toBeNull()
  })

  it('expires tokens', async () => {
    let clock = Date.UTC(2026, 0, 1)
    const expiring = await createTestApp({ now: () => clock })
    try {
      const account = await signUp(expiring.app)
      clock += 31 * 24 * 3600_000
      const response = await expiring.app.inject({ method: 'GET', url: '/api/auth/me', headers: account.headers })
      expect(response.statusCode).toBe(401)
    } finally {
      await expiring.close()
    }
  })

  it('rate-limits log-in attempts per client address', async () => {
    const limited = await createTestApp({ authRateLimitPerMinute: 3 })
    try {
      const attempt = () => limited.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'x@example.com', password: 'whatever it is' } })
      const statuses = []
      for (let i = 0; i < 4; i++) statuses.push((await attempt()).statusCode)
      expect(statuses).toEqual([401, 401, 401, 429])
      expect((await attempt()).json().error).toBe('rate_limited')
    } finally {
      await limited.close()
    }
  })
})

describe('workspaces, roles and invites', () => {
  it('invites a member with a one-time code; the member sees the workspace and the members list', async () => {
    const owner = await signUp(t.app, { workspaceName: 'Team' })
    const invite = await inject('POST', '/api/workspace/invites', owner.headers, { role: 'member' })
    expect(invite.statusCode).toBe(201)
    const { code } = invite.json()
    expect(code).toMatch(/^[A-Z2-9]{5}(-[A-Z2-9]{5}){3}$/)

    const member = await signUp(t.app)
    const accept = await inject('POST', '/api/invites/accept', { authorization: `Bearer ${member.token}` }, { code: code.toLowerCase().replaceAll('-', ' ') })
    expect(accept.statusCode).toBe(200)
    expect(accept.json().workspace).toEqual({ id: owner.workspaceId, name: 'Team', role: 'member' })

    const reused = await inject('POST', '/api/invites/accept', { authorization: `Bearer ${owner.token}` }, { code })
    expect(reused.statusCode).toBe(410)

    const members = await inject('GET', '/api/workspace/members', { ...member.headers, 'x-workspace-id': owner.workspaceId })
    expect(members.json().members.map((m: { role: string }) => m.role).sort()).toEqual(['member', 'owner'])
  })

  it('lets members edit data but not invite, change roles or delete the workspace', async () => {
    const owner = await signUp(t.app)
    const { code } = (await inject('POST', '/api/workspace/invites', owner.headers, { role: 'member' })).json()
    const member = await signUp(t.app)
    await inject('POST', '/api/invites/accept', { authorization: `Bearer ${member.token}` }, { code })
    const asMember = { ...member.headers, 'x-workspace-id': owner.workspaceId }

    expect((await inject('POST', '/api/workspace/invites', asMember, { role: 'member' })).statusCode).toBe(403)
    expect((await inject('PATCH', `/api/workspace/members/${owner.userId}`, asMember, { role: 'member' })).statusCode).toBe(403)
    expect((await inject('DELETE', '/api/workspace', asMember)).statusCode).toBe(403)
    expect((await inject('DELETE', `/api/workspace/members/${owner.userId}`, asMember)).statusCode).toBe(403)

    // Promoted to admin: may invite and manage members, still may not delete the workspace.
    expect((await inject('PATCH', `/api/workspace/members/${member.userId}`, owner.headers, { role: 'admin' })).statusCode).toBe(200)
    expect((await inject('POST', '/api/workspace/invites', asMember, { role: 'admin' })).statusCode).toBe(201)
    expect((await inject('DELETE', '/api/workspace', asMember)).statusCode).toBe(403)
    expect((await inject('PATCH', `/api/workspace/members/${owner.userId}`, asMember, { role: 'member' })).statusCode).toBe(403)

    // Leaving is allowed; afterwards the workspace is gone for them (404, not 403).
    expect((await inject('DELETE', `/api/workspace/members/${member.userId}`, asMember)).statusCode).toBe(204)
    expect((await inject('GET', '/api/workspace/members', asMember)).statusCode).toBe(404)
  })

  it('replicates membership changes into the read-only members collection', async () => {
    const owner = await signUp(t.app)
    const { code } = (await inject('POST', '/api/workspace/invites', owner.headers, { role: 'admin' })).json()
    const member = await signUp(t.app)
    await inject('POST', '/api/invites/accept', { authorization: `Bearer ${member.token}` }, { code })
    const pull = await inject('GET', '/api/replication/members/pull?limit=100', owner.headers)
    const docs = pull.json().documents as Array<{ id: string; role: string; _deleted: boolean }>
    expect(docs.map((doc) => [doc.id, doc.role]).sort()).toEqual([[owner.userId, 'owner'], [member.userId, 'admin']].sort())

    await inject('DELETE', `/api/workspace/members/${member.userId}`, owner.headers)
    const after = await inject('GET', `/api/replication/members/pull?checkpoint=${encodeURIComponent(JSON.stringify(pull.json().checkpoint))}`, owner.headers)
    expect(after.json().documents).toMatchObject([{ id: member.userId, _deleted: true }])

    const push = await inject('POST', '/api/replication/members/push', owner.headers, [{ newDocumentState: docs[0] }])
    expect(push.statusCode).toBe(400)
    expect(push.json().error).toBe('read_only_collection')
  })

  it('deletes a workspace for everyone: afterwards it is not found', async () => {
    const owner = await signUp(t.app)
    expect((await inject('DELETE', '/api/workspace', owner.headers)).statusCode).toBe(204)
    expect((await inject('GET', '/api/replication/contacts/pull', owner.headers)).statusCode).toBe(404)
    expect((await inject('GET', '/api/auth/me', owner.headers)).json().workspaces).toEqual([])
  })

  it('creates further workspaces owned by the caller', async () => {
    const owner = await signUp(t.app)
    const created = await inject('POST', '/api/workspaces', { authorization: `Bearer ${owner.token}` }, { name: 'Second' })
    expect(created.statusCode).toBe(201)
    const me = (await inject('GET', '/api/auth/me', owner.headers)).json()
    const names = me.workspaces.map((w: { name: string }) => w.name)
    expect(names).toHaveLength(2)
    expect(names).toContain('Second')
  })
})
