import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { formatStamp, HlcClock } from '@core/hlc'
import { newId } from '@core/ids'
import type { AbResult, AbTest, Contact, Segment, Template } from '@core/schema'
import { SERVER_NODE } from '../auth/memberDocs'
import { ServerDocuments } from '../serverDocuments'
import type { SendingConfigSource } from '../sendingSettings/sendingConfig'
import { openStorage } from '../storage'
import type { StoragePort } from '../storage/port'
import { campaignDoc, contactDoc } from '../testing/docs'
import { verifyTrackingToken } from '../tracking/trackingTokens'
import { SendingService } from './sendingService'
import type { SendingServiceOptions } from './sendingService'
import { startSmtpTestSink } from './smtpTestSink'
import type { SmtpTestSink } from './smtpTestSink'

// A/B campaigns end to end against a real SMTP server: the test share goes out in its variants,
// the rest is held, the winner is picked by unique clicks after the wait (or by a member), and
// the rest gets the winner. The clock is injected: "an hour later" is a jump, not a sleep.

const SECRET = 'ab-test-secret-0123456789abcdef0123'
const PUBLIC_URL = 'https://mail.outpost.test'
const HOUR = 3_600_000

type Doc = Record<string, unknown> & { id: string }

let storage: StoragePort
let documents: ServerDocuments
let sink: SmtpTestSink
let services: SendingService[]
let workspaceId: string
/** How far the injected clock runs ahead of the real one. */
let skew: number
const now = (): number => Date.now() + skew

beforeEach(async () => {
  storage = await openStorage('sqlite::memory:')
  documents = new ServerDocuments(storage, new HlcClock(SERVER_NODE))
  workspaceId = newId()
  const userId = newId()
  await storage.createUser({ id: userId, email: `${userId.toLowerCase()}@example.test`, name: 'Owner', passwordHash: 'x', createdAt: 1 })
  await storage.createWorkspace(
    { id: workspaceId, name: 'Acme', createdAt: 1 },
    { workspaceId, userId, role: 'owner', joinedAt: 1 },
    { id: userId, email: 'o@example.test', name: 'Owner', role: 'owner', joinedAt: 1, updatedAt: 1, _clock: {}, _deleted: false },
  )
  services = []
  skew = 0
  sink = await startSmtpTestSink()
})

afterEach(async () => {
  for (const service of services) await service.stop()
  await sink.close()
  await storage.close()
})

function startService(overrides: Partial<SendingServiceOptions> = {}): SendingService {
  const configSource: SendingConfigSource = {
    forWorkspace: async () => ({ transport: { kind: 'sink', host: '127.0.0.1', port: sink.port }, fromIdentities: [], dkim: null, ratePerSecond: 1_000 }),
  }
  const service = new SendingService({
    storage,
    documents,
    configSource,
    publicUrl: PUBLIC_URL,
    secret: SECRET,
    logger: { info: () => undefined, error: (details, message) => console.error(message, details) },
    tickMs: 20,
    now,
    ...overrides,
    sender: { statsIntervalMs: 50, abRefreshMs: 100, ...overrides.sender },
  })
  services.push(service)
  service.start()
  return service
}

function stamped<T extends Record<string, unknown>>(fields: T): T & { id: string; updatedAt: number; _deleted: boolean; _clock: Record<string, string> } {
  const stamp = formatStamp({ wallMs: Date.now(), counter: 0, node: 'deviceA' })
  const clock: Record<string, string> = { _deleted: stamp }
  for (const key of Object.keys(fields)) clock[key] = stamp
  return { id: newId(), updatedAt: Date.now(), _deleted: false, _clock: clock, ...fields }
}

async function push(collection: string, docs: readonly Doc[]): Promise<void> {
  await storage.pushDocuments(workspaceId, collection, docs.map((doc) => doc.id), () => docs.map((doc) => ({ id: doc.id, doc })))
}

function aTemplate(overrides: Partial<Template> = {}): Template & Doc {
  return stamped({
    name: 'Newsletter',
    subject: 'Hello {{ contact.firstName }}',
    preheader: '',
    fromName: 'Acme News',
    fromEmail: 'news@acme.test',
    html: '<html><body><p>Hi</p><a href="https://acme.test/offer">Offer</a> <a href="{{ unsubscribe_url }}">Unsubscribe</a></body></html>',
    createdAt: 1,
    ...overrides,
  }) as Template & Doc
}

const emails = Array.from({ length: 20 }, (_, index) => `ab${index}@example.com`)

/** 20 contacts; A changes the subject, B uses another template and sender name. 20% test share = 2 + 2. */
async function givenAbCampaign(abTest: Partial<AbTest> = {}): Promise<{ campaignId: string; other: Template & Doc }> {
  await push('contacts', emails.map((email, index) => contactDoc({ email, firstName: `P${index}` }) as Contact & Doc))
  const segment = stamped({
    name: 'Everyone',
    kind: 'dynamic' as const,
    rules: { match: 'all' as const, groups: [{ id: newId(), match: 'all' as const, conditions: [{ id: newId(), field: 'contact.email', operator: 'isNotEmpty' as const, value: '', value2: '', values: [] }] }] },
    createdAt: 1,
  }) as Segment & Doc
  const template = aTemplate()
  const other = aTemplate({
    name: 'Picture letter',
    subject: 'Spring in pictures',
    html: '<html><body><a href="https://acme.test/gallery">Gallery</a> <a href="{{ unsubscribe_url }}">Unsubscribe</a></body></html>',
  })
  await push('segments', [segment])
  await push('templates', [template, other])
  const campaign = campaignDoc({
    name: 'Spring test',
    status: 'scheduled',
    segmentId: segment.id,
    templateId: template.id,
    scheduledAt: Date.now() - 1,
    abTest: {
      variants: [
        { id: 'VA', name: 'A', subject: 'Alpha for {{ contact.firstName }}', fromName: '', templateId: '' },
        { id: 'VB', name: 'B', subject: '', fromName: 'Bea at Acme', templateId: other.id },
      ],
      testPercent: 20,
      metric: 'clicks',
      waitMinutes: 60,
      ...abTest,
    },
  }) as unknown as Doc
  await push('campaigns', [campaign])
  return { campaignId: campaign.id, other }
}

async function campaign(campaignId: string): Promise<Record<string, unknown>> {
  const doc = (await storage.sending.getDocuments(workspaceId, 'campaigns', [campaignId])).get(campaignId)
  if (doc === undefined) throw new Error('campaign missing')
  return doc
}

const abResult = async (campaignId: string): Promise<AbResult | undefined> => (await campaign(campaignId)).abResult as AbResult | undefined

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

const waitForPhase = (campaignId: string, phase: AbResult['phase']): Promise<void> => waitUntil(async () => (await abResult(campaignId))?.phase === phase)

function byCampaign(campaignId: string): SmtpTestSink['messages'] {
  return sink.messages.filter((message) => message.parsed?.headers.get('x-outpost-campaign') === campaignId)
}

async function clickBy(campaignId: string, email: string, machine = false): Promise<void> {
  const [contactId] = [...(await storage.tracking.contactEmails(workspaceId, (await storage.pull(workspaceId, 'contacts', null, 100)).documents.map((doc) => doc.id))).entries()]
    .filter(([, address]) => address === email)
    .map(([id]) => id)
  await storage.tracking.recordEvents([
    { workspaceId, campaignId, contactId: contactId ?? '', type: 'click', linkIndex: 0, at: now(), machine, userAgentFamily: machine ? 'scanner' : 'browser' },
  ])
}

describe('A/B campaigns', () => {
  it('sends the test share in its variants, holds the rest, then sends the winner by unique clicks after the wait', async () => {
    const { campaignId } = await givenAbCampaign()
    startService()

    await waitForPhase(campaignId, 'waiting')
    const test = byCampaign(campaignId)
    expect(test).toHaveLength(4)
    const alpha = test.filter((message) => message.parsed?.subject?.startsWith('Alpha for P'))
    const beta = test.filter((message) => message.parsed?.subject === 'Spring in pictures')
    expect(alpha).toHaveLength(2)
    expect(beta).toHaveLength(2)
    expect(alpha.every((message) => message.parsed?.from?.value[0]?.name === 'Acme News')).toBe(true)
    expect(beta.every((message) => message.parsed?.from?.value[0]?.name === 'Bea at Acme')).toBe(true)
    // B's template's links sit after the campaign template's in the run: its click tokens point there.
    expect(await storage.sending.getCampaignLinks(workspaceId, campaignId)).toEqual(['https://acme.test/offer', 'https://acme.test/gallery'])
    const galleryToken = /\/t\/c\/([^"]+)"/.exec(String(beta[0]?.parsed?.html))?.[1]
    expect(verifyTrackingToken(galleryToken ?? '', 'c', SECRET)).toMatchObject({ campaignId, linkIndex: 1 })

    expect(await storage.sending.countRecipients(workspaceId, campaignId)).toMatchObject({ sent: 4, held: 16 })
    const waiting = await campaign(campaignId)
    expect(waiting.status).toBe('sending')
    expect(waiting.abResult).toMatchObject({ phase: 'waiting', testRecipients: 4, winnerId: '' })
    expect((waiting.abResult as AbResult).testEndsAt).toBeGreaterThanOrEqual(now() + 59 * 60_000)

    // One person clicks in B (a scanner's click in A counts for nothing); the figures follow.
    await clickBy(campaignId, beta[0]?.to[0] ?? '')
    await clickBy(campaignId, alpha[0]?.to[0] ?? '', true)
    await waitUntil(async () => (await abResult(campaignId))?.variants.find((variant) => variant.id === 'VB')?.uniqueClicks === 1)
    const live = await abResult(campaignId)
    expect(live?.variants.map((variant) => [variant.id, variant.recipients, variant.sent, variant.uniqueClicks])).toEqual([
      ['VA', 2, 2, 0],
      ['VB', 2, 2, 1],
    ])
    expect(live?.variants.find((variant) => variant.id === 'VB')?.confidence).toBeGreaterThan(0.5)
    expect(byCampaign(campaignId)).toHaveLength(4)

    skew += HOUR
    await waitUntil(async () => (await campaign(campaignId)).status === 'sent')
    const all = byCampaign(campaignId)
    expect(all.flatMap((message) => message.to).sort()).toEqual([...emails].sort())
    const rest = all.filter((message) => !test.includes(message))
    expect(rest).toHaveLength(16)
    expect(rest.every((message) => message.parsed?.subject === 'Spring in pictures' && message.parsed.from?.value[0]?.name === 'Bea at Acme')).toBe(true)
    expect(await abResult(campaignId)).toMatchObject({ phase: 'done', winnerId: 'VB', decidedBy: 'clicks' })
    expect((await campaign(campaignId)).stats).toMatchObject({ recipients: 20, sent: 20 })
  })

  it('a member’s pick ends the wait at once', async () => {
    const { campaignId } = await givenAbCampaign({ waitMinutes: 600 })
    // No refresh while waiting: only the pick itself can wake the campaign.
    startService({ sender: { abRefreshMs: 10 * HOUR } })
    await waitForPhase(campaignId, 'waiting')

    await documents.patch(workspaceId, 'campaigns', new Map([[campaignId, (current) => ({ abTest: { ...(current.abTest as AbTest), manualWinnerId: 'VA' } })]]))
    await waitUntil(async () => (await campaign(campaignId)).status === 'sent')
    const rest = byCampaign(campaignId).slice(4)
    expect(rest).toHaveLength(16)
    expect(rest.every((message) => message.parsed?.subject?.startsWith('Alpha for P'))).toBe(true)
    expect(await abResult(campaignId)).toMatchObject({ phase: 'done', winnerId: 'VA', decidedBy: 'manual' })
  })

  it('a restart in the waiting phase waits out the rest of the wait, then sends the winner; nobody is mailed twice', async () => {
    const { campaignId } = await givenAbCampaign({ metric: 'opens' })
    const first = startService()
    await waitForPhase(campaignId, 'waiting')
    await first.stop()
    services = []
    expect(byCampaign(campaignId)).toHaveLength(4)

    // A new process, 30 minutes on: still waiting, nothing sent.
    skew += HOUR / 2
    const second = startService()
    await second.tick()
    await second.idle()
    expect(byCampaign(campaignId)).toHaveLength(4)
    expect((await abResult(campaignId))?.phase).toBe('waiting')

    skew += HOUR / 2
    await waitUntil(async () => (await campaign(campaignId)).status === 'sent')
    const recipients = byCampaign(campaignId).flatMap((message) => message.to)
    expect(recipients).toHaveLength(20)
    expect(new Set(recipients).size).toBe(20)
    // Nobody opened: a tie, which the first variant wins.
    expect(await abResult(campaignId)).toMatchObject({ phase: 'done', winnerId: 'VA', decidedBy: 'tie' })
  })

  it('pause holds a waiting test: the wait can end, but nothing goes out until it is resumed', async () => {
    const { campaignId } = await givenAbCampaign()
    const service = startService()
    await waitForPhase(campaignId, 'waiting')
    await documents.patch(workspaceId, 'campaigns', new Map([[campaignId, () => ({ status: 'paused' })]]))
    skew += 2 * HOUR
    await service.tick()
    await service.idle()
    expect(byCampaign(campaignId)).toHaveLength(4)
    expect(await storage.sending.countRecipients(workspaceId, campaignId)).toMatchObject({ held: 16 })

    await documents.patch(workspaceId, 'campaigns', new Map([[campaignId, () => ({ status: 'sending' })]]))
    await waitUntil(async () => (await campaign(campaignId)).status === 'sent')
    expect(byCampaign(campaignId)).toHaveLength(20)
  })

  it('sends back to draft, with the reason, a test whose variants send the same thing', async () => {
    const { campaignId } = await givenAbCampaign({
      variants: [
        { id: 'VA', name: 'A', subject: 'Same', fromName: '', templateId: '' },
        { id: 'VB', name: 'B', subject: 'Same', fromName: '', templateId: '' },
      ],
    })
    startService()
    await waitUntil(async () => (await campaign(campaignId)).status === 'draft')
    expect((await campaign(campaignId)).statusReason).toBe(
      'The A/B test is not ready: Variant “B”: sends exactly what variant “A” sends: change its subject, sender name or template.',
    )
    expect(await storage.sending.getCampaignRun(workspaceId, campaignId)).toBeNull()
    expect(sink.received()).toBe(0)
  })
})
