import { formatStamp } from '@core/hlc'
import { newId } from '@core/ids'
import { contactDoc, editDoc } from '../testing/docs'
import { createTestApp, signUp, type TestAccount, type TestApp } from '../testing/testApp'

// Who changed what, through the real push route: the server names the authenticated member,
// whatever a device claims (pushGuard.ts).

type Doc = Record<string, unknown>

let t: TestApp
let ana: TestAccount
let bob: TestAccount

beforeAll(async () => {
  t = await createTestApp()
  ana = await signUp(t.app, { workspaceName: 'Team' })
  const invite = await t.app.inject({ method: 'POST', url: '/api/workspace/invites', headers: ana.headers, payload: { role: 'member' } })
  const joiner = await signUp(t.app)
  const accepted = await t.app.inject({ method: 'POST', url: '/api/invites/accept', headers: { authorization: joiner.headers.authorization ?? '' }, payload: { code: invite.json<{ code: string }>().code } })
  expect(accepted.statusCode).toBe(200)
  bob = { ...joiner, workspaceId: ana.workspaceId, headers: { ...joiner.headers, 'x-workspace-id': ana.workspaceId } }
})
afterAll(async () => {
  await t.close()
})

async function push(account: TestAccount, collection: string, doc: Doc, assumed: Doc | null = null): Promise<Doc[]> {
  const response = await t.app.inject({ method: 'POST', url: `/api/replication/${collection}/push`, headers: account.headers, payload: [{ assumedMasterState: assumed, newDocumentState: doc }] })
  expect(response.statusCode).toBe(200)
  return response.json<Doc[]>()
}

async function storedDoc(collection: string, id: string): Promise<Doc | undefined> {
  const response = await t.app.inject({ method: 'GET', url: `/api/replication/${collection}/pull?limit=1000`, headers: ana.headers })
  return response.json<{ documents: Doc[] }>().documents.find((doc) => doc.id === id)
}

function comment(fields: Doc, wallMs: number): Doc {
  const stamp = formatStamp({ wallMs, counter: 0, node: 'bobsLaptop' })
  const all = { kind: 'comment', contactId: 'c1', companyId: '', subject: '', body: '@Ana call me', mentions: [ana.userId], occurredAt: wallMs, createdAt: wallMs, ...fields }
  const clock: Record<string, string> = { _deleted: stamp }
  for (const key of Object.keys(all)) clock[key] = stamp
  return { id: newId(wallMs), updatedAt: wallMs, _deleted: false, _clock: clock, ...all }
}

describe('authorship through the push route', () => {
  it("stores the pusher as a comment's author and last writer, even when the device names a teammate", async () => {
    const forged = comment({ authorId: ana.userId, updatedBy: ana.userId }, Date.now() - 1000)
    await push(bob, 'activities', forged)
    expect(await storedDoc('activities', forged.id as string)).toMatchObject({ authorId: bob.userId, updatedBy: bob.userId })
  })

  it("undoes a teammate's edit of someone else's comment and tells the device", async () => {
    const own = comment({ authorId: bob.userId, updatedBy: bob.userId }, Date.now() - 2000)
    expect(await push(bob, 'activities', own)).toEqual([])
    const edited = editDoc(own as { _clock: Record<string, string>; updatedAt: number }, { body: 'rewritten by Ana', updatedBy: ana.userId } as Doc, Date.now() - 1000, 'anasLaptop')
    const conflicts = await push(ana, 'activities', edited, own)
    expect(conflicts).toEqual([expect.objectContaining({ id: own.id, body: '@Ana call me', authorId: bob.userId, updatedBy: bob.userId })])
    expect(await storedDoc('activities', own.id as string)).toMatchObject({ body: '@Ana call me', updatedBy: bob.userId })
  })

  it('names the member whose push really changed a contact', async () => {
    const base = contactDoc({ updatedBy: ana.userId }, Date.now() - 3000)
    expect(await push(ana, 'contacts', base)).toEqual([])
    const byBob = editDoc(base, { title: 'CTO' }, Date.now() - 1000, 'bobsLaptop')
    await push(bob, 'contacts', byBob, base)
    expect(await storedDoc('contacts', base.id)).toMatchObject({ title: 'CTO', updatedBy: bob.userId })
  })
})
