import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '@core/ids'
import { storageBackends } from '../testing/storageBackends'
import { openStorage } from './index'
import type { StoragePort, UserRecord } from './port'
import type { MaterializedRecipient } from './sendingPort'
import type { TrackingEventRecord } from './trackingStore'

// The A/B parts of the send queue (migration 0007), on SQLite and PostgreSQL: test-share rows
// carry their variant, the rest is held until the one decision releases it, and per-variant
// figures join the queue with the human tracking history.

describe.each(storageBackends('ab-tests'))('A/B send queue on $kind', (backend) => {
  let storage: StoragePort
  /** A second instance on the same database (another server process). */
  let other: StoragePort

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

  /** 2 recipients of variant A, 2 of B, 6 held. */
  async function givenAbQueue(): Promise<{ workspaceId: string; campaignId: string; recipients: MaterializedRecipient[] }> {
    const workspaceId = await givenWorkspace()
    const campaignId = newId()
    const variants = ['A', 'A', 'B', 'B']
    const recipients: MaterializedRecipient[] = Array.from({ length: 10 }, (_, index) => {
      const variant = variants[index]
      return { contactId: newId(), email: `ab${index}@example.test`, ...(variant === undefined ? { held: true } : { variant }) }
    })
    await storage.sending.materializeCampaign({
      workspaceId,
      campaignId,
      links: ['https://a.example'],
      templateJson: '{"id":"t"}',
      recipients,
      suppressed: 0,
      duplicates: 0,
      createdAt: 1_000,
      abTestJson: '{"variants":[]}',
    })
    return { workspaceId, campaignId, recipients }
  }

  const claim = (instance: StoragePort, workspaceId: string, campaignId: string, claimId: string, now = 2_000) =>
    instance.sending.claimRecipients(workspaceId, campaignId, { claimId, limit: 100, now, leaseMs: 60_000 })

  function event(workspaceId: string, campaignId: string, contactId: string, type: TrackingEventRecord['type'], machine = false): TrackingEventRecord {
    return { workspaceId, campaignId, contactId, type, linkIndex: type === 'click' ? 0 : -1, at: 3_000, machine, userAgentFamily: machine ? 'scanner' : 'browser' }
  }

  it('queues the test share with its variants and holds the rest, which no claim takes', async () => {
    const { workspaceId, campaignId, recipients } = await givenAbQueue()
    expect(await storage.sending.getCampaignRun(workspaceId, campaignId)).toMatchObject({ total: 10, abTestJson: '{"variants":[]}' })
    expect((await storage.sending.getCampaignRun(workspaceId, campaignId))?.abDecision).toBeUndefined()
    expect(await storage.sending.countRecipients(workspaceId, campaignId)).toEqual({ queued: 4, sending: 0, sent: 0, failed: 0, bounced: 0, skipped: 0, held: 6 })

    const claimed = await claim(storage, workspaceId, campaignId, 'w')
    expect(claimed.map((recipient) => [recipient.contactId, recipient.variant]).sort()).toEqual(
      recipients.slice(0, 4).map((recipient) => [recipient.contactId, recipient.variant]).sort(),
    )
    expect(await claim(other, workspaceId, campaignId, 'w2', 2_001)).toHaveLength(0)
    expect(await storage.sending.nextDueAt(workspaceId, campaignId)).toBe(62_000)
  })

  it('counts sends and unique human opens and clicks per variant, from the queue and the tracking history', async () => {
    const { workspaceId, campaignId, recipients } = await givenAbQueue()
    const [a1, a2, b1, b2, held] = recipients
    expect(await storage.sending.abVariantFigures(workspaceId, campaignId)).toEqual([
      { variantId: 'A', recipients: 2, sent: 0, pending: 2, firstSentAt: null, uniqueOpens: 0, uniqueClicks: 0 },
      { variantId: 'B', recipients: 2, sent: 0, pending: 2, firstSentAt: null, uniqueOpens: 0, uniqueClicks: 0 },
    ])
    await claim(storage, workspaceId, campaignId, 'w')
    await storage.sending.recordOutcomes(workspaceId, campaignId, [
      { contactId: a1?.contactId ?? '', claimId: 'w', kind: 'sent', messageId: '<1@x>', at: 2_100 },
      { contactId: a2?.contactId ?? '', claimId: 'w', kind: 'sent', messageId: '<2@x>', at: 2_050 },
      { contactId: b1?.contactId ?? '', claimId: 'w', kind: 'sent', messageId: '<3@x>', at: 2_200 },
      { contactId: b2?.contactId ?? '', claimId: 'w', kind: 'failed', error: 'gone', at: 2_200 },
    ])
    const id = (recipient: MaterializedRecipient | undefined): string => recipient?.contactId ?? ''
    await storage.tracking.recordEvents([
      event(workspaceId, campaignId, id(a1), 'open'),
      event(workspaceId, campaignId, id(a1), 'open'),
      event(workspaceId, campaignId, id(a1), 'click'),
      event(workspaceId, campaignId, id(a1), 'click'),
      event(workspaceId, campaignId, id(a2), 'open'),
      // A scanner's click and an open by a held contact count for no variant.
      event(workspaceId, campaignId, id(b1), 'click', true),
      event(workspaceId, campaignId, id(b1), 'open'),
      event(workspaceId, campaignId, id(held), 'open'),
      // Another campaign's events stay there.
      event(workspaceId, newId(), id(b1), 'click'),
    ])
    expect(await other.sending.abVariantFigures(workspaceId, campaignId)).toEqual([
      { variantId: 'A', recipients: 2, sent: 2, pending: 0, firstSentAt: 2_050, uniqueOpens: 2, uniqueClicks: 1 },
      { variantId: 'B', recipients: 2, sent: 1, pending: 0, firstSentAt: 2_200, uniqueOpens: 1, uniqueClicks: 0 },
    ])
    // Another workspace sees nothing of it.
    expect(await storage.sending.abVariantFigures(await givenWorkspace(), campaignId)).toEqual([])
  })

  it('decides once, even when two instances decide at the same moment, and releases the held rows without a variant', async () => {
    const { workspaceId, campaignId, recipients } = await givenAbQueue()
    const results = await Promise.all([
      storage.sending.decideAbWinner(workspaceId, campaignId, { winnerId: 'A', decidedBy: 'clicks', decidedAt: 5_000 }),
      other.sending.decideAbWinner(workspaceId, campaignId, { winnerId: 'B', decidedBy: 'manual', decidedAt: 5_001 }),
    ])
    expect(results.filter((result) => result.decided)).toHaveLength(1)
    const stored = results.find((result) => result.decided)?.run.abDecision
    expect(results.map((result) => result.run.abDecision)).toEqual([stored, stored])
    expect(await storage.sending.countRecipients(workspaceId, campaignId)).toMatchObject({ queued: 10, held: 0 })

    const released = (await claim(storage, workspaceId, campaignId, 'w')).filter((recipient) => recipient.variant === undefined)
    expect(released.map((recipient) => recipient.contactId).sort()).toEqual(recipients.slice(4).map((recipient) => recipient.contactId).sort())
    // Later decisions change nothing.
    const again = await storage.sending.decideAbWinner(workspaceId, campaignId, { winnerId: 'B', decidedBy: 'manual', decidedAt: 9_000 })
    expect(again).toEqual({ decided: false, run: expect.objectContaining({ abDecision: stored }) })
  })

  it('never decides a plain campaign', async () => {
    const workspaceId = await givenWorkspace()
    const campaignId = newId()
    await storage.sending.materializeCampaign({
      workspaceId,
      campaignId,
      links: [],
      templateJson: '{}',
      recipients: [{ contactId: newId(), email: 'plain@example.test' }],
      suppressed: 0,
      duplicates: 0,
      createdAt: 1,
    })
    const result = await storage.sending.decideAbWinner(workspaceId, campaignId, { winnerId: 'A', decidedBy: 'manual', decidedAt: 2 })
    expect(result.decided).toBe(false)
    expect(result.run.abDecision).toBeUndefined()
    expect(result.run.abTestJson).toBeUndefined()
    expect((await claim(storage, workspaceId, campaignId, 'w'))[0]?.variant).toBeUndefined()
  })
})
