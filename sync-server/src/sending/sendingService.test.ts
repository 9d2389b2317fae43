import { generateKeyPairSync } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { formatStamp, HlcClock } from '@core/hlc'
import { newId } from '@core/ids'
import type { Contact, Segment, Template } from '@core/schema'
import { SERVER_NODE } from '../auth/memberDocs'
import { ServerDocuments } from '../serverDocuments'
import type { DkimConfig, SendingConfigSource } from '../sendingSettings/sendingConfig'
import { openStorage } from '../storage'
import type { StoragePort } from '../storage/port'
import { campaignDoc, contactDoc } from '../testing/docs'
import { verifyTrackingToken } from '../tracking/trackingTokens'
import { SendingService } from './sendingService'
import type { SendingServiceOptions } from './sendingService'
import { startSmtpTestSink } from './smtpTestSink'
import type { SmtpTestSink, SmtpTestSinkOptions } from './smtpTestSink'

// The sending path end to end against a real SMTP server on 127.0.0.1: scheduler, materialization,
// queue, pooled transport, retries, bounces, suppression, pause and resume.

const SECRET = 'sending-test-secret-0123456789abcdef'
const PUBLIC_URL = 'https://mail.outpost.test'

type Doc = Record<string, unknown> & { id: string }

let storage: StoragePort
let documents: ServerDocuments
let sink: SmtpTestSink
let service: SendingService | null
let workspaceId: string

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
  service = null
})

afterEach(async () => {
  await service?.stop()
  await sink?.close()
  await storage.close()
})

async function givenSink(options: SmtpTestSinkOptions = {}): Promise<SmtpTestSink> {
  sink = await startSmtpTestSink(options)
  return sink
}

function startService(overrides: Partial<SendingServiceOptions> & { ratePerSecond?: number; dkim?: DkimConfig | null } = {}): SendingService {
  const { ratePerSecond = 1_000, dkim = null, ...rest } = overrides
  const configSource: SendingConfigSource = {
    forWorkspace: async () => ({ transport: { kind: 'sink', host: '127.0.0.1', port: sink.port }, fromIdentities: [], dkim, ratePerSecond }),
  }
  service = new SendingService({
    storage,
    documents,
    configSource,
    publicUrl: PUBLIC_URL,
    secret: SECRET,
    logger: { info: () => undefined, error: (details, message) => console.error(message, details) },
    tickMs: 20,
    ...rest,
    sender: { retryBaseMs: 30, retryMaxMs: 100, statsIntervalMs: 50, ...rest.sender },
  })
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

function everyoneSegment(): Segment & Doc {
  return stamped({
    name: 'Everyone with an email',
    kind: 'dynamic' as const,
    rules: { match: 'all' as const, groups: [{ id: newId(), match: 'all' as const, conditions: [{ id: newId(), field: 'contact.email', operator: 'isNotEmpty' as const, value: '', value2: '', values: [] }] }] },
    createdAt: 1,
  }) as Segment & Doc
}

function aTemplate(overrides: Partial<Template> = {}): Template & Doc {
  return stamped({
    name: 'Newsletter',
    subject: 'Hello {{ contact.firstName }}',
    preheader: '',
    fromName: 'Acme News',
    fromEmail: 'news@acme.test',
    html: '<html><body><p>Hi {{ contact.firstName | default: "there" }}</p><a href="https://acme.test/offer">Offer</a> <a href="{{ unsubscribe_url }}">Unsubscribe</a></body></html>',
    createdAt: 1,
    ...overrides,
  }) as Template & Doc
}

async function givenContacts(emails: readonly string[], overrides: Partial<Contact> = {}): Promise<Array<Contact & Doc>> {
  const contacts = emails.map((email, index) => contactDoc({ email, firstName: `Person${index}`, ...overrides }) as Contact & Doc)
  await push('contacts', contacts)
  return contacts
}

/** A campaign to `segment` with `template`, scheduled now; returns its id. */
async function givenScheduledCampaign(segment?: Doc, template?: Doc): Promise<string> {
  const audience = segment ?? everyoneSegment()
  const content = template ?? aTemplate()
  await push('segments', [audience])
  await push('templates', [content])
  const campaign = campaignDoc({ name: 'Spring sale', status: 'scheduled', segmentId: audience.id, templateId: content.id, scheduledAt: Date.now() - 1 }) as unknown as Doc
  await push('campaigns', [campaign])
  return campaign.id
}

async function campaign(campaignId: string): Promise<Record<string, unknown>> {
  const doc = (await storage.sending.getDocuments(workspaceId, 'campaigns', [campaignId])).get(campaignId)
  if (doc === undefined) throw new Error('campaign missing')
  return doc
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

const waitForStatus = (campaignId: string, status: string): Promise<void> => waitUntil(async () => (await campaign(campaignId)).status === status)

function header(message: SmtpTestSink['messages'][number], name: string): string {
  const value = message.parsed?.headerLines.find((line) => line.key === name.toLowerCase())?.line ?? ''
  return value.slice(value.indexOf(':') + 1).trim()
}

function recipientsOf(received: SmtpTestSink['messages']): string[] {
  return received.flatMap((message) => message.to).sort()
}

describe('SendingService', () => {
  it('sends one message per recipient with HTML, text and the compliance headers, then marks the campaign sent', async () => {
    await givenSink()
    const contacts = await givenContacts(['ada@example.com', 'grace@example.com', 'ADA@example.com ', 'linus@example.com'])
    await givenContacts(['gone@example.com'], { unsubscribed: true })
    const campaignId = await givenScheduledCampaign()
    startService()

    await waitForStatus(campaignId, 'sent')
    expect(recipientsOf(sink.messages)).toEqual(['ada@example.com', 'grace@example.com', 'linus@example.com'])

    const messageIds = new Set(sink.messages.map((message) => message.parsed?.messageId))
    expect(messageIds.size).toBe(3)
    for (const message of sink.messages) {
      const parsed = message.parsed
      expect(parsed?.messageId).toMatch(/^<[0-9A-Z]{26}@mail\.outpost\.test>$/)
      expect(parsed?.from?.value).toEqual([{ name: 'Acme News', address: 'news@acme.test' }])
      expect(parsed?.subject).toMatch(/^Hello Person\d$/)
      expect(parsed?.text).toContain('Hi Person')
      expect(parsed?.html).toContain(`${PUBLIC_URL}/t/o/`)
      const listUnsubscribe = header(message, 'List-Unsubscribe')
      const [, unsubscribeToken] = /^<https:\/\/mail\.outpost\.test\/u\/([^>]+)>, <mailto:unsubscribe@mail\.outpost\.test\?subject=unsubscribe%20([^>]+)>$/.exec(listUnsubscribe) ?? []
      const claims = verifyTrackingToken(unsubscribeToken ?? '', 'u', SECRET)
      expect(claims).toMatchObject({ workspaceId, campaignId })
      expect(contacts.map((contact) => contact.id)).toContain(claims?.contactId)
      expect(header(message, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click')
      expect(header(message, 'List-Id')).toBe(`"Spring sale" <${campaignId}.${workspaceId}.list-id.outpost>`)
      expect(header(message, 'X-Outpost-Workspace')).toBe(workspaceId)
      expect(header(message, 'X-Outpost-Campaign')).toBe(campaignId)
      // The offer link goes through the click redirect with a token for link 0.
      const click = /https:\/\/mail\.outpost\.test\/t\/c\/([^"]+)"/.exec(String(parsed?.html))?.[1]
      expect(verifyTrackingToken(click ?? '', 'c', SECRET)).toMatchObject({ campaignId, linkIndex: 0 })
    }

    const sent = await campaign(campaignId)
    expect(sent.completedAt).toBeGreaterThan(0)
    expect(sent.startedAt).toBeGreaterThan(0)
    expect(sent.stats).toMatchObject({ recipients: 3, sent: 3, suppressed: 1, bounced: 0, failed: 0, links: [{ url: 'https://acme.test/offer', clicks: 0, uniqueClicks: 0 }] })
    expect(await storage.sending.getCampaignLinks(workspaceId, campaignId)).toEqual(['https://acme.test/offer'])

    await service?.flushRollups()
    const stored = await storage.sending.getDocuments(workspaceId, 'contacts', contacts.map((contact) => contact.id))
    expect([...stored.values()].map((contact) => contact.emailCount ?? 0).sort()).toEqual([0, 1, 1, 1])
  })

  it('retries a temporary failure with backoff, then delivers it once', async () => {
    const refusedOnce = new Set<string>()
    await givenSink({
      rejectRecipient: (address) => {
        if (address !== 'busy@example.com' || refusedOnce.has(address)) return null
        refusedOnce.add(address)
        return { code: 451, message: '4.7.1 Greylisted, try again later' }
      },
    })
    await givenContacts(['busy@example.com', 'calm@example.com'])
    const campaignId = await givenScheduledCampaign()
    startService()

    await waitForStatus(campaignId, 'sent')
    expect(refusedOnce.has('busy@example.com')).toBe(true)
    expect(recipientsOf(sink.messages)).toEqual(['busy@example.com', 'calm@example.com'])
    expect((await campaign(campaignId)).stats).toMatchObject({ sent: 2, failed: 0 })
  })

  it('gives up after the last attempt', async () => {
    await givenSink({ rejectRecipient: (address) => (address === 'down@example.com' ? { code: 421, message: 'Service not available' } : null) })
    await givenContacts(['down@example.com'])
    const campaignId = await givenScheduledCampaign()
    startService({ sender: { maxAttempts: 3 } })

    await waitForStatus(campaignId, 'sent')
    expect(sink.messages).toEqual([])
    expect((await campaign(campaignId)).stats).toMatchObject({ sent: 0, failed: 1 })
  })

  it('a 550 is a hard bounce: not retried, the address suppressed, the contact flagged, a bounce event written; the next campaign skips it', async () => {
    let refusals = 0
    await givenSink({
      rejectRecipient: (address) => {
        if (address !== 'nobody@example.com') return null
        refusals += 1
        return { code: 550, message: '5.1.1 No such user here' }
      },
    })
    const [nobody] = await givenContacts(['nobody@example.com', 'someone@example.com'])
    const first = await givenScheduledCampaign()
    startService()

    await waitForStatus(first, 'sent')
    expect(refusals).toBe(1)
    expect(recipientsOf(sink.messages)).toEqual(['someone@example.com'])
    expect((await campaign(first)).stats).toMatchObject({ sent: 1, bounced: 1 })
    expect(await storage.sending.isSuppressed(workspaceId, 'Nobody@Example.com')).toBe(true)
    const contact = (await storage.sending.getDocuments(workspaceId, 'contacts', [nobody?.id ?? ''])).get(nobody?.id ?? '')
    expect(contact?.bounced).toBe(true)
    const events = await storage.pull(workspaceId, 'events', null, 10)
    expect(events.documents.map((doc) => JSON.parse(doc.json) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ type: 'bounce', campaignId: first, contactId: nobody?.id, email: 'nobody@example.com', machine: false }),
    ])

    // Suppressed by hand as well: an unsubscribe recorded elsewhere.
    await givenContacts(['left@example.com'])
    await storage.sending.addSuppression(workspaceId, 'LEFT@example.com', 'unsubscribed', Date.now())
    const second = await givenScheduledCampaign()
    await waitForStatus(second, 'sent')
    expect(refusals).toBe(1)
    expect(sink.messages.filter((message) => message.parsed?.headers.get('x-outpost-campaign') === second).flatMap((message) => message.to)).toEqual([
      'someone@example.com',
    ])
    expect((await campaign(second)).stats).toMatchObject({ recipients: 1, suppressed: 2 })
  })

  it('pause stops sending and resume finishes the rest, nobody mailed twice', async () => {
    await givenSink()
    const emails = Array.from({ length: 60 }, (_, i) => `p${i}@example.com`)
    await givenContacts(emails)
    const campaignId = await givenScheduledCampaign()
    startService({ ratePerSecond: 40, sender: { statusCheckEvery: 2 } })

    await sink.waitFor(() => sink.received() >= 10)
    await documents.patch(workspaceId, 'campaigns', new Map([[campaignId, () => ({ status: 'paused' })]]))
    await waitUntil(async () => (await storage.sending.countRecipients(workspaceId, campaignId)).sending === 0)
    await service?.idle()
    const atPause = sink.received()
    expect(atPause).toBeLessThan(emails.length)
    expect((await storage.sending.countRecipients(workspaceId, campaignId)).sent).toBe(atPause)
    // Ticks go on while paused; nothing more goes out.
    await service?.tick()
    await service?.idle()
    expect(sink.received()).toBe(atPause)

    await documents.patch(workspaceId, 'campaigns', new Map([[campaignId, () => ({ status: 'sending' })]]))
    await waitForStatus(campaignId, 'sent')
    expect(recipientsOf(sink.messages)).toEqual([...emails].sort())
  })

  it('sends back to draft, with the reason, a campaign that cannot be sent', async () => {
    await givenSink()
    await givenContacts(['ada@example.com'])
    const campaignId = await givenScheduledCampaign(undefined, aTemplate({ html: '<p>No way out</p>' }))
    startService()

    await waitForStatus(campaignId, 'draft')
    expect((await campaign(campaignId)).statusReason).toMatch(/unsubscribe link/)
    expect(await storage.sending.getCampaignRun(workspaceId, campaignId)).toBeNull()
    expect(sink.received()).toBe(0)
  })

  it('refuses an empty audience', async () => {
    await givenSink()
    await givenContacts(['gone@example.com'], { bounced: true })
    const campaignId = await givenScheduledCampaign()
    startService()

    await waitForStatus(campaignId, 'draft')
    expect((await campaign(campaignId)).statusReason).toMatch(/Nobody to send to/)
  })

  it('signs with DKIM when a key is configured', async () => {
    await givenSink()
    await givenContacts(['ada@example.com'])
    const campaignId = await givenScheduledCampaign()
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 })
    startService({ dkim: { domainName: 'acme.test', keySelector: 'outpost', privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString() } })

    await waitForStatus(campaignId, 'sent')
    const signature = header(sink.messages[0] as SmtpTestSink['messages'][number], 'DKIM-Signature')
    expect(signature).toMatch(/\bd=acme\.test;/)
    expect(signature).toMatch(/\bs=outpost;/)
  })
})
