import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '@core/ids'
import { contactDoc } from '../testing/docs'
import { storageBackends } from '../testing/storageBackends'
import { openStorage } from './index'
import type { ChangeNotice, StoragePort, UserRecord } from './port'
import type { AuditEntry, ErasureTargets, ErasureWrites } from './privacyStore'
import { hashedSuppressionKey } from './suppressionHash'

// The privacy store's contract (history, erasure, audit log), on SQLite and PostgreSQL.

type Doc = Record<string, unknown>

function anActivity(contactId: string, subject: string): Doc & { id: string } {
  return { id: newId(), kind: 'note', contactId, companyId: '', subject, body: 'secret note', occurredAt: 1, createdAt: 1, updatedAt: 1, _clock: {}, _deleted: false }
}

function anEvent(contactId: string, email: string): Doc & { id: string } {
  return { id: newId(), type: 'open', campaignId: 'camp1', contactId, email, linkIndex: -1, url: '', machine: false, at: 5, updatedAt: 5, _clock: {}, _deleted: false }
}

function anAudit(workspaceId: string, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    workspaceId,
    id: newId(),
    at: 1_000,
    recordedAt: 1_000,
    actorId: 'u1',
    actorEmail: 'owner@example.test',
    kind: 'csv-export',
    subject: 'all contacts',
    rowCount: 10,
    source: 'device',
    ...overrides,
  }
}

/** Blanks every found document by marking it; the real blanking is core's (privacy routes). */
function blankAll(targets: ErasureTargets, suppress: ErasureWrites['suppress'] = null): ErasureWrites {
  const blank = (doc: Doc) => ({ id: String(doc.id), doc: { ...doc, email: '', subject: '', _deleted: true } })
  return {
    contacts: [blank(targets.contact)],
    activities: [...targets.activities.values()].map(blank),
    events: [...targets.events.values()].map(blank),
    suppress,
  }
}

describe.each(storageBackends('privacy'))('privacy store contract on $kind', (backend) => {
  let storage: StoragePort

  async function givenWorkspace(): Promise<string> {
    const id = newId()
    const user: UserRecord = { id: newId(), email: `${id.toLowerCase()}@example.test`, name: 'Owner', passwordHash: 'x', createdAt: 1 }
    await storage.createUser(user)
    await storage.createWorkspace(
      { id, name: 'Acme', createdAt: 1 },
      { workspaceId: id, userId: user.id, role: 'owner', joinedAt: 1 },
      { id: user.id, email: user.email, name: user.name, role: 'owner', joinedAt: 1, updatedAt: 1, _clock: {}, _deleted: false },
    )
    return id
  }

  /** A contact with an activity, an event, tracking rows, a send-queue row, caught mail and a suppression. */
  async function givenContactWithHistory(workspaceId: string, email = `${newId().toLowerCase()}@example.com`) {
    const contact = contactDoc({ email })
    const activity = anActivity(contact.id, 'Called Ada')
    const event = anEvent(contact.id, email)
    await storage.pushDocuments(workspaceId, 'contacts', [contact.id], () => [{ id: contact.id, doc: contact }])
    await storage.pushDocuments(workspaceId, 'activities', [activity.id], () => [{ id: activity.id, doc: activity }])
    await storage.pushDocuments(workspaceId, 'events', [event.id], () => [{ id: event.id, doc: event }])
    const campaignId = newId()
    await storage.sending.materializeCampaign({
      workspaceId,
      campaignId,
      links: [],
      templateJson: '{}',
      recipients: [{ contactId: contact.id, email }],
      suppressed: 0,
      duplicates: 0,
      createdAt: 1,
    })
    await storage.tracking.recordEvents([
      { workspaceId, campaignId, contactId: contact.id, type: 'open', linkIndex: -1, at: 10, machine: false, userAgentFamily: 'browser' },
      { workspaceId, campaignId, contactId: contact.id, type: 'click', linkIndex: 0, at: 11, machine: false, userAgentFamily: 'browser' },
    ])
    await storage.settings.addOutboxMessage(
      { id: newId(), workspaceId, receivedAt: 20, from: 'news@acme.test', to: `"Ada" <${email.toUpperCase()}>`, subject: 'Hello Ada', headers: [], html: '<p>Hi Ada</p>', text: 'Hi Ada' },
      100,
    )
    await storage.settings.addOutboxMessage(
      { id: newId(), workspaceId, receivedAt: 21, from: 'news@acme.test', to: `not-${email}`, subject: 'Someone else', headers: [], html: null, text: 'Hi' },
      100,
    )
    await storage.sending.addSuppression(workspaceId, email, 'unsubscribed', 30)
    return { contact, activity, event, campaignId, email }
  }

  beforeAll(async () => {
    await backend.setUp()
    storage = await openStorage(await backend.freshDatabaseUrl())
  })

  afterAll(async () => {
    await storage?.close()
    await backend.tearDown()
  })

  describe('contact history', () => {
    it('collects tracking events, send-queue rows, suppression and caught mail of one contact only', async () => {
      const workspaceId = await givenWorkspace()
      const ada = await givenContactWithHistory(workspaceId)
      await givenContactWithHistory(workspaceId)
      const history = await storage.privacy.contactHistory(workspaceId, ada.contact.id, ada.email)
      expect(history.trackingEvents).toEqual([
        { campaignId: ada.campaignId, type: 'open', linkIndex: -1, at: 10, machine: false, userAgentFamily: 'browser' },
        { campaignId: ada.campaignId, type: 'click', linkIndex: 0, at: 11, machine: false, userAgentFamily: 'browser' },
      ])
      expect(history.recipients).toEqual([expect.objectContaining({ campaignId: ada.campaignId, email: ada.email, status: 'queued' })])
      expect(history.suppressions).toEqual([{ reason: 'unsubscribed', createdAt: 30 }])
      expect(history.outboxMessages).toEqual([expect.objectContaining({ subject: 'Hello Ada' })])
    })

    it('finds nothing of another workspace', async () => {
      const ours = await givenWorkspace()
      const theirs = await givenWorkspace()
      const ada = await givenContactWithHistory(theirs)
      expect(await storage.privacy.getContact(ours, ada.contact.id)).toBeNull()
      const history = await storage.privacy.contactHistory(ours, ada.contact.id, ada.email)
      expect(history).toEqual({ trackingEvents: [], recipients: [], suppressions: [], outboxMessages: [] })
    })
  })

  describe('erasure', () => {
    it('writes the decided documents with new sequences and notifies each collection', async () => {
      const workspaceId = await givenWorkspace()
      const ada = await givenContactWithHistory(workspaceId)
      const before = await storage.currentSeq(workspaceId)
      const notices: ChangeNotice[] = []
      const stop = storage.onChange((notice) => notices.push(notice))
      let seen: ErasureTargets | null = null
      const result = await storage.privacy.eraseContact(
        workspaceId,
        ada.contact.id,
        (targets) => {
          seen = targets
          return blankAll(targets)
        },
        anAudit(workspaceId, { kind: 'contact-erase', subject: ada.contact.id, source: 'server' }),
      )
      // PostgreSQL notices arrive through LISTEN, after commit.
      await expect.poll(() => notices.filter((notice) => notice.workspaceId === workspaceId).map((notice) => notice.collection).sort()).toEqual([
        'activities',
        'contacts',
        'events',
      ])
      stop()
      expect(seen).not.toBeNull()
      expect([...(seen as unknown as ErasureTargets).activities.keys()]).toEqual([ada.activity.id])
      expect(result?.written.contacts.map((doc) => doc.seq)).toEqual([before + 1])
      expect(await storage.currentSeq(workspaceId)).toBe(before + 3)
      const pulled = await storage.pull(workspaceId, 'contacts', { seq: before, id: '' }, 10)
      expect(pulled.documents.map((doc) => JSON.parse(doc.json) as Doc)).toEqual([expect.objectContaining({ id: ada.contact.id, email: '', _deleted: true })])
    })

    it('anonymises tracking and send-queue rows, keeps campaign totals, deletes caught mail and hashes the suppression', async () => {
      const workspaceId = await givenWorkspace()
      const ada = await givenContactWithHistory(workspaceId)
      const totalsBefore = await storage.tracking.campaignEngagement(workspaceId, ada.campaignId, 10)
      const result = await storage.privacy.eraseContact(workspaceId, ada.contact.id, (targets) => blankAll(targets), anAudit(workspaceId, { kind: 'contact-erase' }))
      expect(result?.purged).toEqual({ trackingEvents: 2, recipients: 1, outboxMessages: 1, suppressions: 1 })

      const history = await storage.privacy.contactHistory(workspaceId, ada.contact.id, ada.email)
      expect(history.trackingEvents).toEqual([])
      expect(history.recipients).toEqual([])
      expect(history.outboxMessages).toEqual([])
      // The hashed entry still answers for the address.
      expect(history.suppressions).toEqual([{ reason: 'unsubscribed', createdAt: 30 }])
      const totalsAfter = await storage.tracking.campaignEngagement(workspaceId, ada.campaignId, 10)
      expect(totalsAfter).toEqual(totalsBefore)
      // The queued row is never sent.
      expect(await storage.sending.countRecipients(workspaceId, ada.campaignId)).toMatchObject({ queued: 0, skipped: 1 })
      expect(await storage.sending.claimRecipients(workspaceId, ada.campaignId, { claimId: 'c', limit: 10, now: 1_000, leaseMs: 1_000 })).toEqual([])
      // The other caught message stays.
      expect((await storage.settings.listOutboxMessages(workspaceId, 10)).map((message) => message.subject)).toEqual(['Someone else'])
    })

    it('keeps the address suppressed only as a hash: never mailed again, never stored in clear', async () => {
      const workspaceId = await givenWorkspace()
      const ada = await givenContactWithHistory(workspaceId)
      await storage.privacy.eraseContact(workspaceId, ada.contact.id, (targets) => blankAll(targets), anAudit(workspaceId))
      const listed = await storage.sending.listSuppressedEmails(workspaceId)
      expect([...listed]).not.toContain(ada.email)
      expect(listed.has(ada.email)).toBe(true)
      expect(listed.has('someone@example.com')).toBe(false)
      expect(await storage.sending.isSuppressed(workspaceId, ada.email.toUpperCase())).toBe(true)
      expect(await storage.sending.suppressedAmong(workspaceId, [ada.email, 'other@example.com'])).toEqual(new Set([ada.email]))
      // Another workspace's hash says nothing about this address there.
      const other = await givenWorkspace()
      expect(await storage.sending.isSuppressed(other, ada.email)).toBe(false)
      expect(hashedSuppressionKey(workspaceId, ada.email)).not.toBe(hashedSuppressionKey(other, ada.email))
    })

    it('adds a hashed suppression when asked although the address was not on the list (an unsubscribed flag)', async () => {
      const workspaceId = await givenWorkspace()
      const contact = contactDoc({ email: `${newId().toLowerCase()}@example.com` })
      await storage.pushDocuments(workspaceId, 'contacts', [contact.id], () => [{ id: contact.id, doc: contact }])
      const result = await storage.privacy.eraseContact(workspaceId, contact.id, (targets) => blankAll(targets, 'unsubscribed'), anAudit(workspaceId))
      expect(result?.purged.suppressions).toBe(0)
      expect(await storage.sending.isSuppressed(workspaceId, contact.email)).toBe(true)
    })

    it('changes nothing and answers null for a contact of another workspace', async () => {
      const ours = await givenWorkspace()
      const theirs = await givenWorkspace()
      const ada = await givenContactWithHistory(theirs)
      const seqBefore = await storage.currentSeq(theirs)
      const audit = anAudit(ours, { kind: 'contact-erase' })
      expect(await storage.privacy.eraseContact(ours, ada.contact.id, (targets) => blankAll(targets), audit)).toBeNull()
      expect(await storage.currentSeq(theirs)).toBe(seqBefore)
      expect((await storage.privacy.contactHistory(theirs, ada.contact.id, ada.email)).trackingEvents).toHaveLength(2)
      expect(await storage.privacy.listAuditEntries(ours, 10, null)).toEqual([])
    })

    it('rolls everything back when deciding fails', async () => {
      const workspaceId = await givenWorkspace()
      const ada = await givenContactWithHistory(workspaceId)
      const seqBefore = await storage.currentSeq(workspaceId)
      await expect(
        storage.privacy.eraseContact(workspaceId, ada.contact.id, () => ({ contacts: [{ id: 'not-a-target', doc: {} }], activities: [], events: [], suppress: null }), anAudit(workspaceId)),
      ).rejects.toThrow()
      expect(await storage.currentSeq(workspaceId)).toBe(seqBefore)
      expect((await storage.privacy.contactHistory(workspaceId, ada.contact.id, ada.email)).trackingEvents).toHaveLength(2)
      expect(await storage.privacy.listAuditEntries(workspaceId, 10, null)).toEqual([])
    })
  })

  describe('audit log', () => {
    it('records the erasure in its transaction', async () => {
      const workspaceId = await givenWorkspace()
      const ada = await givenContactWithHistory(workspaceId)
      const audit = anAudit(workspaceId, { kind: 'contact-erase', subject: ada.contact.id, source: 'server', rowCount: null })
      await storage.privacy.eraseContact(workspaceId, ada.contact.id, (targets) => blankAll(targets), audit)
      expect(await storage.privacy.listAuditEntries(workspaceId, 10, null)).toEqual([audit])
    })

    it('stores an entry reported twice once, and pages newest first', async () => {
      const workspaceId = await givenWorkspace()
      const entries = Array.from({ length: 5 }, (_, index) => anAudit(workspaceId, { recordedAt: 100 + Math.floor(index / 2), rowCount: index }))
      expect(await storage.privacy.addAuditEntries(entries)).toBe(5)
      expect(await storage.privacy.addAuditEntries([entries[0]!])).toBe(0)
      const first = await storage.privacy.listAuditEntries(workspaceId, 3, null)
      const expected = [...entries].sort((a, b) => b.recordedAt - a.recordedAt || (b.id < a.id ? -1 : 1))
      expect(first).toEqual(expected.slice(0, 3))
      const last = first.at(-1)!
      const second = await storage.privacy.listAuditEntries(workspaceId, 3, { recordedAt: last.recordedAt, id: last.id })
      expect(second).toEqual(expected.slice(3))
    })

    it('keeps workspaces apart and takes nothing for a deleted workspace', async () => {
      const ours = await givenWorkspace()
      const theirs = await givenWorkspace()
      await storage.privacy.addAuditEntries([anAudit(theirs)])
      expect(await storage.privacy.listAuditEntries(ours, 10, null)).toEqual([])
      await storage.deleteWorkspace(theirs, 5)
      await expect(storage.privacy.addAuditEntries([anAudit(theirs)])).rejects.toThrow(/workspace not found/)
    })
  })
})
