import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '@core/ids'
import { storageBackends } from '../testing/storageBackends'
import { openStorage } from './index'
import type { StoragePort, UserRecord } from './port'
import type { CampaignRunPlan, ClaimedRecipient, MaterializedRecipient } from './sendingPort'

// The send queue's contract, run against SQLite (a temp file, opened twice for concurrency) and
// PostgreSQL (embedded). Two storage instances on one database stand for two server instances.

function recipients(count: number, prefix = 'r'): MaterializedRecipient[] {
  return Array.from({ length: count }, (_, i) => ({ contactId: newId(), email: `${prefix}${i}@example.test` }))
}

function aPlan(workspaceId: string, campaignId: string, overrides: Partial<CampaignRunPlan> = {}): CampaignRunPlan {
  return { workspaceId, campaignId, links: ['https://example.com/a'], templateJson: '{"id":"t"}', recipients: recipients(3), suppressed: 0, duplicates: 0, createdAt: 1_000, ...overrides }
}

function aCampaign(status: string, deleted = false): Record<string, unknown> & { id: string } {
  return {
    id: newId(),
    name: `Campaign ${status}`,
    status,
    segmentId: '',
    templateId: '',
    scheduledAt: 0,
    timeZone: 'UTC',
    createdAt: 1,
    updatedAt: 1,
    _clock: {},
    _deleted: deleted,
  }
}

const ids = (claimed: readonly ClaimedRecipient[]): string[] => claimed.map((recipient) => recipient.contactId).sort()

describe.each(storageBackends('sending'))('sending store contract on $kind', (backend) => {
  let storage: StoragePort
  /** A second instance on the same database (another server process). */
  let other: StoragePort

  async function givenWorkspace(instance: StoragePort = storage): Promise<string> {
    const id = newId()
    const user: UserRecord = { id: newId(), email: `${id.toLowerCase()}@example.test`, name: 'Owner', passwordHash: 'x', createdAt: 1 }
    await instance.createUser(user)
    await instance.createWorkspace(
      { id, name: 'Acme', createdAt: 1 },
      { workspaceId: id, userId: user.id, role: 'owner', joinedAt: 1 },
      { id: user.id, email: user.email, name: user.name, role: 'owner', joinedAt: 1, updatedAt: 1, _clock: {}, _deleted: false },
    )
    return id
  }

  async function givenQueue(count: number): Promise<{ workspaceId: string; campaignId: string; queued: MaterializedRecipient[] }> {
    const workspaceId = await givenWorkspace()
    const campaignId = newId()
    const queued = recipients(count)
    await storage.sending.materializeCampaign(aPlan(workspaceId, campaignId, { recipients: queued }))
    return { workspaceId, campaignId, queued }
  }

  const claim = (instance: StoragePort, workspaceId: string, campaignId: string, claimId: string, limit: number, now = 1_000, leaseMs = 60_000) =>
    instance.sending.claimRecipients(workspaceId, campaignId, { claimId, limit, now, leaseMs })

  beforeAll(async () => {
    await backend.setUp()
    const url = await backend.freshDatabaseUrl()
    storage = await openStorage(url)
    other = await openStorage(url)
  })

  afterAll(async () => {
    await other?.close()
    await storage?.close()
    await backend.tearDown()
  })

  describe('suppression', () => {
    it('stores addresses normalized and finds them whatever the case and spacing', async () => {
      const workspaceId = await givenWorkspace()
      expect(await storage.sending.addSuppression(workspaceId, '  Ada@Example.COM ', 'hard_bounce', 5)).toBe(true)
      expect(await storage.sending.addSuppression(workspaceId, 'ada@example.com', 'unsubscribed', 6)).toBe(false)
      expect(await storage.sending.isSuppressed(workspaceId, 'ADA@example.com')).toBe(true)
      expect(await storage.sending.listSuppressedEmails(workspaceId)).toEqual(new Set(['ada@example.com']))
      expect(await storage.sending.suppressedAmong(workspaceId, ['Ada@example.com ', 'bob@example.com'])).toEqual(new Set(['ada@example.com']))
    })

    it('keeps workspaces apart', async () => {
      const first = await givenWorkspace()
      const second = await givenWorkspace()
      await storage.sending.addSuppression(first, 'grace@example.com', 'manual', 1)
      expect(await storage.sending.isSuppressed(second, 'grace@example.com')).toBe(false)
      expect(await storage.sending.listSuppressedEmails(second)).toEqual(new Set())
    })
  })

  describe('materialization', () => {
    it('writes the run, its links and queued recipients once; the links are unknown before', async () => {
      const workspaceId = await givenWorkspace()
      const campaignId = newId()
      expect(await storage.sending.getCampaignLinks(workspaceId, campaignId)).toBeNull()
      expect(await storage.sending.getCampaignRun(workspaceId, campaignId)).toBeNull()

      const plan = aPlan(workspaceId, campaignId, { links: ['https://a.example', 'https://b.example'], suppressed: 2, duplicates: 1 })
      const result = await storage.sending.materializeCampaign(plan)
      expect(result).toEqual({
        created: true,
        run: { workspaceId, campaignId, links: plan.links, templateJson: '{"id":"t"}', total: 3, suppressed: 2, duplicates: 1, createdAt: 1_000 },
      })
      expect(await storage.sending.getCampaignLinks(workspaceId, campaignId)).toEqual(plan.links)
      expect(await storage.sending.countRecipients(workspaceId, campaignId)).toEqual({ queued: 3, sending: 0, sent: 0, failed: 0, bounced: 0, skipped: 0, held: 0 })
      // The links are the campaign's, in this workspace only.
      expect(await storage.sending.getCampaignLinks(await givenWorkspace(), campaignId)).toBeNull()
    })

    it('happens exactly once when two instances materialize the same campaign at once', async () => {
      const workspaceId = await givenWorkspace()
      const campaignId = newId()
      const plans = [
        aPlan(workspaceId, campaignId, { recipients: recipients(2_000, 'first') }),
        aPlan(workspaceId, campaignId, { recipients: recipients(1_500, 'second') }),
      ]
      const results = await Promise.all([storage.sending.materializeCampaign(plans[0] as CampaignRunPlan), other.sending.materializeCampaign(plans[1] as CampaignRunPlan)])
      expect(results.filter((result) => result.created)).toHaveLength(1)
      const winner = results.find((result) => result.created)?.run
      expect(results[0]?.run).toEqual(winner)
      expect(results[1]?.run).toEqual(winner)
      const counts = await storage.sending.countRecipients(workspaceId, campaignId)
      expect(counts.queued).toBe(winner?.total)
      expect([2_000, 1_500]).toContain(counts.queued)

      // A later attempt (after a crash, say) changes nothing either.
      const again = await storage.sending.materializeCampaign(aPlan(workspaceId, campaignId, { recipients: recipients(7) }))
      expect(again).toEqual({ created: false, run: winner })
      expect((await storage.sending.countRecipients(workspaceId, campaignId)).queued).toBe(winner?.total)
    })
  })

  describe('claims', () => {
    it('two concurrent claimers never get the same recipient, and together get every one', async () => {
      const { workspaceId, campaignId, queued } = await givenQueue(600)
      const seen: string[][] = [[], []]
      const drain = async (instance: StoragePort, into: string[], claimId: string): Promise<void> => {
        for (let round = 0; round < 100; round += 1) {
          const claimed = await claim(instance, workspaceId, campaignId, claimId, 25)
          if (claimed.length === 0) return
          into.push(...claimed.map((recipient) => recipient.contactId))
        }
      }
      await Promise.all([drain(storage, seen[0] as string[], 'claim-a'), drain(other, seen[1] as string[], 'claim-b')])
      const all = [...(seen[0] as string[]), ...(seen[1] as string[])]
      expect(new Set(all).size).toBe(all.length)
      expect(all.sort()).toEqual(queued.map((recipient) => recipient.contactId).sort())
      expect(await storage.sending.countRecipients(workspaceId, campaignId)).toMatchObject({ queued: 0, sending: 600 })
    })

    it('a claim whose lease expired is claimed again, and the late worker cannot undo it', async () => {
      const { workspaceId, campaignId, queued } = await givenQueue(4)
      const first = await claim(storage, workspaceId, campaignId, 'dead-worker', 10, 1_000, 100)
      expect(first.map((recipient) => recipient.attempts)).toEqual([1, 1, 1, 1])
      expect(await claim(other, workspaceId, campaignId, 'early', 10, 1_099)).toEqual([])
      expect(await storage.sending.nextDueAt(workspaceId, campaignId)).toBe(1_100)

      const second = await claim(other, workspaceId, campaignId, 'successor', 10, 1_100)
      expect(ids(second)).toEqual(queued.map((recipient) => recipient.contactId).sort())
      expect(second.map((recipient) => recipient.attempts)).toEqual([2, 2, 2, 2])

      const [a, b, c] = second
      // The dead worker's failure reports and release name a claim it no longer holds: ignored.
      await storage.sending.recordOutcomes(workspaceId, campaignId, [
        { contactId: a?.contactId ?? '', claimId: 'dead-worker', kind: 'failed', error: 'late', at: 1_200 },
        { contactId: b?.contactId ?? '', claimId: 'dead-worker', kind: 'retry', error: 'late', nextAttemptAt: 9_999, at: 1_200 },
      ])
      expect(await storage.sending.releaseClaim(workspaceId, campaignId, 'dead-worker')).toBe(0)
      expect(await storage.sending.countRecipients(workspaceId, campaignId)).toMatchObject({ sending: 4, failed: 0, queued: 0 })
      // But a message it did get out is recorded: it was sent.
      await storage.sending.recordOutcomes(workspaceId, campaignId, [
        { contactId: c?.contactId ?? '', claimId: 'dead-worker', kind: 'sent', messageId: '<m@x>', at: 1_200 },
      ])
      expect(await storage.sending.countRecipients(workspaceId, campaignId)).toMatchObject({ sending: 3, sent: 1 })
    })

    it('releasing a claim (pause) puts its rows back in the queue with their attempt given back', async () => {
      const { workspaceId, campaignId } = await givenQueue(10)
      const claimed = await claim(storage, workspaceId, campaignId, 'paused-worker', 10)
      const [sent, ...rest] = claimed
      await storage.sending.recordOutcomes(workspaceId, campaignId, [
        { contactId: sent?.contactId ?? '', claimId: 'paused-worker', kind: 'sent', messageId: '<1@x>', at: 1_001 },
      ])
      expect(await storage.sending.releaseClaim(workspaceId, campaignId, 'paused-worker', [rest[0]?.contactId ?? ''])).toBe(1)
      expect(await storage.sending.releaseClaim(workspaceId, campaignId, 'paused-worker')).toBe(8)
      expect(await storage.sending.countRecipients(workspaceId, campaignId)).toEqual({ queued: 9, sending: 0, sent: 1, failed: 0, bounced: 0, skipped: 0, held: 0 })

      const resumed = await claim(other, workspaceId, campaignId, 'resumed', 100)
      expect(ids(resumed)).toEqual(ids(rest))
      expect(resumed.every((recipient) => recipient.attempts === 1)).toBe(true)
    })

    it('records sent, retry, failed and bounced; a retry waits for its time', async () => {
      const { workspaceId, campaignId } = await givenQueue(4)
      const [sent, retried, failed, bounced] = await claim(storage, workspaceId, campaignId, 'w', 4)
      await storage.sending.recordOutcomes(workspaceId, campaignId, [
        { contactId: sent?.contactId ?? '', claimId: 'w', kind: 'sent', messageId: '<a@x>', at: 1_010 },
        { contactId: retried?.contactId ?? '', claimId: 'w', kind: 'retry', error: '451 try later', nextAttemptAt: 5_000, at: 1_010 },
        { contactId: failed?.contactId ?? '', claimId: 'w', kind: 'failed', error: 'gave up', at: 1_010 },
        { contactId: bounced?.contactId ?? '', claimId: 'w', kind: 'bounced', error: '550 no such user', at: 1_010 },
      ])
      expect(await storage.sending.countRecipients(workspaceId, campaignId)).toEqual({ queued: 1, sending: 0, sent: 1, failed: 1, bounced: 1, skipped: 0, held: 0 })
      expect(await storage.sending.nextDueAt(workspaceId, campaignId)).toBe(5_000)
      expect(await claim(storage, workspaceId, campaignId, 'w2', 10, 4_999)).toEqual([])
      const again = await claim(storage, workspaceId, campaignId, 'w2', 10, 5_000)
      expect(again).toEqual([{ contactId: retried?.contactId, email: retried?.email, attempts: 2 }])
      // Finished rows are never claimed again, and a second 'sent' keeps the first record.
      await storage.sending.recordOutcomes(workspaceId, campaignId, [
        { contactId: retried?.contactId ?? '', claimId: 'w2', kind: 'sent', messageId: '<b@x>', at: 5_001 },
        { contactId: sent?.contactId ?? '', claimId: 'w2', kind: 'sent', messageId: '<dup@x>', at: 5_001 },
      ])
      expect(await claim(storage, workspaceId, campaignId, 'w3', 10, 1e12)).toEqual([])
      expect(await storage.sending.nextDueAt(workspaceId, campaignId)).toBeNull()
      expect(await storage.sending.countRecipients(workspaceId, campaignId)).toEqual({ queued: 0, sending: 0, sent: 2, failed: 1, bounced: 1, skipped: 0, held: 0 })
    })

    it('keeps campaigns apart', async () => {
      const { workspaceId, campaignId } = await givenQueue(3)
      const otherCampaign = newId()
      await storage.sending.materializeCampaign(aPlan(workspaceId, otherCampaign, { recipients: recipients(2) }))
      expect(await claim(storage, workspaceId, otherCampaign, 'x', 10)).toHaveLength(2)
      expect((await storage.sending.countRecipients(workspaceId, campaignId)).queued).toBe(3)
    })
  })

  describe('scheduler reads', () => {
    it('lists scheduled and sending campaigns of live workspaces only', async () => {
      const workspaceId = await givenWorkspace()
      const gone = await givenWorkspace()
      const campaigns = ['draft', 'scheduled', 'sending', 'paused', 'sent', 'cancelled'].map((status) => aCampaign(status))
      const deleted = aCampaign('scheduled', true)
      const push = (ws: string, docs: Array<Record<string, unknown> & { id: string }>) =>
        storage.pushDocuments(ws, 'campaigns', docs.map((doc) => doc.id), () => docs.map((doc) => ({ id: doc.id, doc })))
      await push(workspaceId, [...campaigns, deleted])
      await push(gone, [aCampaign('sending')])
      await storage.deleteWorkspace(gone, 2)

      const active = (await storage.sending.listActiveCampaigns()).filter((campaign) => campaign.workspaceId === workspaceId || campaign.workspaceId === gone)
      expect(active.map((campaign) => campaign.doc.status).sort()).toEqual(['scheduled', 'sending'])
      expect(active.every((campaign) => campaign.workspaceId === workspaceId)).toBe(true)
    })

    it('reads live documents by id within one workspace', async () => {
      const workspaceId = await givenWorkspace()
      const live = aCampaign('draft')
      const deleted = aCampaign('draft', true)
      await storage.pushDocuments(workspaceId, 'campaigns', [live.id, deleted.id], () => [live, deleted].map((doc) => ({ id: doc.id, doc })))
      const found = await storage.sending.getDocuments(workspaceId, 'campaigns', [live.id, deleted.id, newId()])
      expect([...found.keys()]).toEqual([live.id])
      expect(found.get(live.id)).toEqual(live)
      expect((await storage.sending.getDocuments(await givenWorkspace(), 'campaigns', [live.id])).size).toBe(0)
    })
  })
})
