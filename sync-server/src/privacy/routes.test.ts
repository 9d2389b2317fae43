import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatStamp } from '@core/hlc'
import { newId } from '@core/ids'
import { erasedDocument } from '@core/privacy/erasure'
import { ERASED_CLOCK_KEY } from '@core/sync/erased'
import { checkDocument } from '../replication/documentValidation'
import { contactDoc, editDoc } from '../testing/docs'
import { storageBackends } from '../testing/storageBackends'
import { createTestApp, signUp, TEST_TRACKING_SECRET, type TestAccount, type TestApp } from '../testing/testApp'
import { signTrackingToken } from '../tracking/trackingTokens'
import { CHROME, parsedDocuments } from '../tracking/trackingFixture'

// /api/privacy and /api/audit on SQLite and PostgreSQL: tenant isolation (404 across workspaces),
// roles, an erasure that leaves the person's data in no server table and reaches other devices as
// a blanked tombstone, and the audit log.

type Doc = Record<string, unknown>

/** Every row of every table, as text: what "no server table still holds it" is checked against. */
async function allTableText(url: string): Promise<string> {
  if (url.startsWith('sqlite:')) {
    const db = new Database(url.slice('sqlite:'.length), { readonly: true })
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>
      return tables.map(({ name }) => JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())).join('\n')
    } finally {
      db.close()
    }
  }
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const tables = await client.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
    const texts: string[] = []
    for (const { table_name: name } of tables.rows) texts.push(JSON.stringify((await client.query(`SELECT * FROM "${name}"`)).rows))
    return texts.join('\n')
  } finally {
    await client.end()
  }
}

describe.each(storageBackends('privacy-routes'))('privacy routes on $kind', (backend) => {
  let test: TestApp
  let databaseUrl: string
  let owner: TestAccount
  let stranger: TestAccount

  const call = (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: unknown) =>
    test.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) })

  async function givenMember(role: 'admin' | 'member'): Promise<TestAccount> {
    const invite = await call('POST', '/api/workspace/invites', owner.headers, { role })
    const joiner = await signUp(test.app)
    const accepted = await call('POST', '/api/invites/accept', { authorization: joiner.headers.authorization ?? '' }, { code: invite.json<{ code: string }>().code })
    expect(accepted.statusCode).toBe(200)
    return { ...joiner, workspaceId: owner.workspaceId, headers: { ...joiner.headers, 'x-workspace-id': owner.workspaceId } }
  }

  async function push(account: TestAccount, collection: string, doc: Doc, assumed: Doc | null = null) {
    const response = await call('POST', `/api/replication/${collection}/push`, account.headers, [{ assumedMasterState: assumed, newDocumentState: doc }])
    expect(response.statusCode).toBe(200)
    return response.json<Doc[]>()
  }

  /**
   * A contact with personal data in every place the server keeps it: the contact, an activity,
   * engagement events and tracking rows (an open and an unsubscribe through real tracking links),
   * a send-queue row, caught mail and the suppression list.
   */
  async function givenContactEverywhere(account: TestAccount) {
    const marker = `Zq${newId().slice(-8).toLowerCase()}`
    const email = `${marker}@example.com`
    const phone = `+44 ${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`
    const contact = contactDoc({ email, firstName: marker, lastName: 'Lovelace', phone })
    await push(account, 'contacts', contact)
    const activity = {
      id: newId(),
      kind: 'note',
      contactId: contact.id,
      companyId: '',
      subject: `Lunch with ${marker}`,
      body: `Talked about engines with ${marker.toUpperCase()}`,
      occurredAt: 1,
      createdAt: 1,
      updatedAt: 1,
      _deleted: false,
      _clock: {},
    }
    await push(account, 'activities', activity)
    const campaignId = newId()
    await test.storage.sending.materializeCampaign({
      workspaceId: account.workspaceId,
      campaignId,
      links: ['https://example.com/a'],
      templateJson: '{}',
      recipients: [{ contactId: contact.id, email }],
      suppressed: 0,
      duplicates: 0,
      createdAt: Date.now(),
    })
    const token = (kind: 'o' | 'c' | 'u') =>
      signTrackingToken(
        { kind, workspaceId: account.workspaceId, campaignId, contactId: contact.id, linkIndex: kind === 'c' ? 0 : -1, issuedAt: Date.now() - 3_600_000 },
        TEST_TRACKING_SECRET,
      )
    expect((await test.app.inject({ method: 'GET', url: `/t/o/${token('o')}`, headers: { 'user-agent': CHROME } })).statusCode).toBe(200)
    await test.tracking.recorder.settle()
    await test.tracking.projector.settle()
    expect((await test.app.inject({ method: 'POST', url: `/u/${token('u')}`, payload: 'List-Unsubscribe=One-Click' })).statusCode).toBe(200)
    await test.storage.settings.addOutboxMessage(
      { id: newId(), workspaceId: account.workspaceId, receivedAt: Date.now(), from: 'news@acme.test', to: `"${marker}" <${email}>`, subject: `Hi ${marker}`, headers: [['To', email]], html: `<p>Hi ${marker}</p>`, text: `Hi ${marker}` },
      100,
    )
    return { contact, activity, campaignId, email, marker, phone, token }
  }

  beforeAll(async () => {
    await backend.setUp()
    databaseUrl = await backend.freshDatabaseUrl()
    test = await createTestApp({ databaseUrl })
    owner = await signUp(test.app)
    stranger = await signUp(test.app)
  })

  afterAll(async () => {
    await test?.close()
    await backend.tearDown()
  })

  describe('GET /api/privacy/contacts/:id', () => {
    it('answers the full server-side history of the contact and records the export', async () => {
      const ada = await givenContactEverywhere(owner)
      const response = await call('GET', `/api/privacy/contacts/${ada.contact.id}`, owner.headers)
      expect(response.statusCode).toBe(200)
      const body = response.json<{ contactId: string; history: Record<string, unknown[]> }>()
      expect(body.contactId).toBe(ada.contact.id)
      expect(body.history.trackingEvents).toEqual([
        expect.objectContaining({ type: 'open', campaignId: ada.campaignId }),
        expect.objectContaining({ type: 'unsubscribe', campaignId: ada.campaignId }),
      ])
      expect(body.history.recipients).toEqual([expect.objectContaining({ campaignId: ada.campaignId, email: ada.email })])
      expect(body.history.suppressions).toEqual([expect.objectContaining({ reason: 'unsubscribed' })])
      expect(body.history.outboxMessages).toEqual([expect.objectContaining({ subject: `Hi ${ada.marker}` })])

      const audit = await call('GET', '/api/audit', owner.headers)
      expect(audit.json<{ entries: Doc[] }>().entries[0]).toMatchObject({ kind: 'contact-export', subject: ada.contact.id, actorEmail: owner.email, source: 'server' })
    })

    it('is 404 for another workspace’s contact, an unknown id and a malformed one, and 401 without a session', async () => {
      const theirs = await givenContactEverywhere(stranger)
      expect((await call('GET', `/api/privacy/contacts/${theirs.contact.id}`, owner.headers)).statusCode).toBe(404)
      expect((await call('GET', `/api/privacy/contacts/${newId()}`, owner.headers)).statusCode).toBe(404)
      expect((await call('GET', '/api/privacy/contacts/..%2Fx', owner.headers)).statusCode).toBe(400)
      expect((await call('GET', `/api/privacy/contacts/${theirs.contact.id}`, { 'x-workspace-id': stranger.workspaceId })).statusCode).toBe(401)
      // Naming the other workspace without belonging to it is 404 too.
      expect((await call('GET', `/api/privacy/contacts/${theirs.contact.id}`, { ...owner.headers, 'x-workspace-id': stranger.workspaceId })).statusCode).toBe(404)
    })

    it('lets any member export', async () => {
      const member = await givenMember('member')
      const ada = await givenContactEverywhere(owner)
      expect((await call('GET', `/api/privacy/contacts/${ada.contact.id}`, member.headers)).statusCode).toBe(200)
    })
  })

  describe('POST /api/privacy/contacts/:id/erase', () => {
    it('refuses members with a clear message and changes nothing', async () => {
      const member = await givenMember('member')
      const ada = await givenContactEverywhere(owner)
      const seq = await test.storage.currentSeq(owner.workspaceId)
      const response = await call('POST', `/api/privacy/contacts/${ada.contact.id}/erase`, member.headers)
      expect(response.statusCode).toBe(403)
      expect(response.json<{ message: string }>().message).toMatch(/only owners and admins/)
      expect(await test.storage.currentSeq(owner.workspaceId)).toBe(seq)
    })

    it('is 404 for another workspace’s contact, and erases nothing there', async () => {
      const theirs = await givenContactEverywhere(stranger)
      const seq = await test.storage.currentSeq(stranger.workspaceId)
      expect((await call('POST', `/api/privacy/contacts/${theirs.contact.id}/erase`, owner.headers)).statusCode).toBe(404)
      expect(await test.storage.currentSeq(stranger.workspaceId)).toBe(seq)
      expect((await test.storage.privacy.contactHistory(stranger.workspaceId, theirs.contact.id, theirs.email)).trackingEvents).toHaveLength(2)
    })

    it('leaves the person’s data in no server table, keeps the address suppressed as a hash, and is audited', async () => {
      const admin = await givenMember('admin')
      const ada = await givenContactEverywhere(owner)
      // A webhook event about the person, waiting to go out.
      const endpointId = newId()
      await test.storage.webhooks.createEndpoint({
        id: endpointId,
        workspaceId: owner.workspaceId,
        url: 'https://hooks.example.com/outpost',
        description: '',
        events: ['contact.created'],
        secretCipher: 'v1.sealed',
        enabled: true,
        createdAt: 1,
        createdBy: owner.userId,
      })
      await test.storage.webhooks.enqueueDeliveries([
        { id: newId(), workspaceId: owner.workspaceId, endpointId, eventId: newId(), eventType: 'contact.created', payloadJson: JSON.stringify({ data: ada.contact }), createdAt: 1 },
      ])
      expect((await allTableText(databaseUrl)).toLowerCase()).toContain(ada.marker.toLowerCase())

      const response = await call('POST', `/api/privacy/contacts/${ada.contact.id}/erase`, admin.headers)
      expect(response.statusCode).toBe(200)
      const body = response.json<{ documents: Record<string, Doc[]>; purged: Record<string, number> }>()
      expect(body.documents.contacts).toEqual([expect.objectContaining({ id: ada.contact.id, email: '', firstName: '', _deleted: true })])
      expect(body.documents.activities).toHaveLength(1)
      expect(body.documents.events?.length).toBeGreaterThanOrEqual(2)
      expect(body.purged).toEqual({ trackingEvents: 2, recipients: 1, outboxMessages: 1, suppressions: 1, webhookDeliveries: 1 })
      for (const [collection, docs] of Object.entries(body.documents)) {
        for (const doc of docs) expect(checkDocument(collection as 'contacts', doc)).toMatchObject({ ok: true })
      }

      // The marker is in the name, the address, the activity, the caught mail: in any case, nowhere now.
      const everything = (await allTableText(databaseUrl)).toLowerCase()
      expect(everything).not.toContain(ada.marker.toLowerCase())
      expect(everything).not.toContain(ada.phone)

      expect(await test.storage.sending.isSuppressed(owner.workspaceId, ada.email)).toBe(true)
      const audit = await call('GET', '/api/audit', owner.headers)
      expect(audit.json<{ entries: Doc[] }>().entries[0]).toMatchObject({ kind: 'contact-erase', subject: ada.contact.id, actorEmail: admin.email, actorId: admin.userId })
      // Erased is gone: exporting or erasing it again is 404.
      expect((await call('GET', `/api/privacy/contacts/${ada.contact.id}`, owner.headers)).statusCode).toBe(404)
      expect((await call('POST', `/api/privacy/contacts/${ada.contact.id}/erase`, owner.headers)).statusCode).toBe(404)
    })

    it('reaches another device as a blanked tombstone that a stale offline edit cannot revive', async () => {
      const ada = await givenContactEverywhere(owner)
      // A second device of the owner: its own session, same workspace.
      const login = await call('POST', '/api/auth/login', {}, { email: owner.email, password: 'correct horse battery' })
      const secondDevice = { ...owner, headers: { authorization: `Bearer ${login.json<{ token: string }>().token}`, 'x-workspace-id': owner.workspaceId } }
      expect((await call('POST', `/api/privacy/contacts/${ada.contact.id}/erase`, owner.headers)).statusCode).toBe(200)

      const pulled = await call('GET', '/api/replication/contacts/pull?limit=1000', secondDevice.headers)
      const tombstone = pulled.json<{ documents: Doc[] }>().documents.find((doc) => doc.id === ada.contact.id)
      expect(tombstone).toMatchObject({ email: '', firstName: '', lastName: '', phone: '', _deleted: true })
      expect((tombstone?._clock as Record<string, string>)[ERASED_CLOCK_KEY]).toEqual(expect.any(String))

      // A device that was offline edits the old contact with a clock far ahead and pushes it.
      const offlineEdit = editDoc(ada.contact, { firstName: 'Revived', email: ada.email }, Date.now() + 60_000, 'laptop')
      const conflicts = await push(secondDevice, 'contacts', offlineEdit, ada.contact)
      expect(conflicts).toEqual([expect.objectContaining({ id: ada.contact.id, email: '', firstName: '', _deleted: true })])
      const stored = (await parsedDocuments(test, owner.workspaceId, 'contacts')).find((doc) => doc.id === ada.contact.id)
      expect(stored).toMatchObject({ email: '', firstName: '', _deleted: true })
    })

    it('accepts a device’s own erased tombstone (an erasure made while local only) on push', async () => {
      const contact = contactDoc({ email: `${newId().toLowerCase()}@example.com`, updatedBy: owner.userId })
      await push(owner, 'contacts', contact)
      const erased = erasedDocument('contacts', contact, formatStamp({ wallMs: Date.now(), counter: 0, node: 'laptop' }), Date.now())
      expect(await push(owner, 'contacts', erased, contact)).toEqual([])
      const stored = (await parsedDocuments(test, owner.workspaceId, 'contacts')).find((doc) => doc.id === contact.id)
      expect(stored).toMatchObject({ email: '', _deleted: true })
    })

    it('records no engagement document for the erased contact when an old message is clicked or unsubscribed from later', async () => {
      const ada = await givenContactEverywhere(owner)
      expect((await call('POST', `/api/privacy/contacts/${ada.contact.id}/erase`, owner.headers)).statusCode).toBe(200)
      const liveEventsBefore = (await parsedDocuments(test, owner.workspaceId, 'events')).filter((doc) => doc._deleted !== true).length
      await test.app.inject({ method: 'GET', url: `/t/c/${ada.token('c')}`, headers: { 'user-agent': CHROME } })
      expect((await test.app.inject({ method: 'POST', url: `/u/${ada.token('u')}`, payload: 'List-Unsubscribe=One-Click' })).statusCode).toBe(200)
      await test.tracking.recorder.settle()
      await test.tracking.projector.settle()
      const liveEvents = (await parsedDocuments(test, owner.workspaceId, 'events')).filter((doc) => doc._deleted !== true)
      expect(liveEvents).toHaveLength(liveEventsBefore)
      expect(liveEvents.some((doc) => doc.contactId === ada.contact.id)).toBe(false)
    })
  })

  describe('audit log', () => {
    const report = (overrides: Doc = {}) => ({ id: newId(), kind: 'csv-export', subject: 'all contacts', rowCount: 3, at: Date.now(), ...overrides })

    it('takes a member’s reported exports once each, as that member, and shows them only to owners and admins', async () => {
      const member = await givenMember('member')
      const entry = report({ subject: 'segment: VIPs', rowCount: 12, at: 1_700_000_000_000 })
      const first = await call('POST', '/api/audit', member.headers, { entries: [entry, report({ kind: 'workspace-export', subject: 'workspace', rowCount: 99 })] })
      expect(first.json()).toEqual({ recorded: 2 })
      // Sent again after a lost answer: stored once.
      expect((await call('POST', '/api/audit', member.headers, { entries: [entry] })).json()).toEqual({ recorded: 0 })

      const denied = await call('GET', '/api/audit', member.headers)
      expect(denied.statusCode).toBe(403)
      const listed = await call('GET', '/api/audit?limit=200', owner.headers)
      const mine = listed.json<{ entries: Doc[] }>().entries.filter((row) => row.actorId === member.userId)
      expect(mine).toEqual(
        expect.arrayContaining([
          { id: entry.id, at: entry.at, recordedAt: expect.any(Number), actorId: member.userId, actorEmail: member.email, kind: 'csv-export', subject: 'segment: VIPs', rowCount: 12, source: 'device' },
        ]),
      )
      expect(mine).toHaveLength(2)
    })

    it('refuses a malformed report with a 400 and stores none of it', async () => {
      const before = (await call('GET', '/api/audit?limit=200', owner.headers)).json<{ entries: Doc[] }>().entries.length
      for (const entries of [[report({ kind: 'deleted-everything' })], [report({ id: 'not-a-ulid' })], [report(), report({ rowCount: -1 })], [], [report({ actorEmail: 'forged@example.com' })]]) {
        const response = await call('POST', '/api/audit', owner.headers, { entries })
        expect(response.statusCode).toBe(400)
      }
      expect((await call('GET', '/api/audit?limit=200', owner.headers)).json<{ entries: Doc[] }>().entries).toHaveLength(before)
    })

    it('keeps each workspace’s log to itself and pages with a cursor', async () => {
      await call('POST', '/api/audit', stranger.headers, { entries: [report({ subject: 'their export' })] })
      const ours = (await call('GET', '/api/audit?limit=200', owner.headers)).json<{ entries: Doc[] }>().entries
      expect(ours.some((row) => row.subject === 'their export')).toBe(false)

      await call('POST', '/api/audit', owner.headers, { entries: Array.from({ length: 5 }, () => report()) })
      const all = (await call('GET', '/api/audit?limit=200', owner.headers)).json<{ entries: Doc[] }>().entries
      const firstPage = (await call('GET', '/api/audit?limit=3', owner.headers)).json<{ entries: Doc[]; next: string | null }>()
      expect(firstPage.entries).toEqual(all.slice(0, 3))
      const secondPage = (await call('GET', `/api/audit?limit=3&before=${firstPage.next ?? ''}`, owner.headers)).json<{ entries: Doc[] }>()
      expect(secondPage.entries).toEqual(all.slice(3, 6))
      expect((await call('GET', '/api/audit?before=bogus', owner.headers)).statusCode).toBe(400)
    })
  })
})
