import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { formatStamp, HlcClock } from '@core/hlc'
import { newId } from '@core/ids'
import { SERVER_NODE } from '../auth/memberDocs'
import { ServerDocuments } from '../serverDocuments'
import { SendingService } from '../sending/sendingService'
import { startSmtpTestSink, type SmtpTestSink } from '../sending/smtpTestSink'
import { openStorage } from '../storage'
import type { StoragePort } from '../storage/port'
import { campaignDoc, contactDoc } from '../testing/docs'
import type { OutboundEvent } from './outboundEvents'

// Sending hands webhooks a bounce per hard-bounced recipient and campaign.sent once the campaign
// is done, through the OutboundEvents it is given (a real SMTP server on 127.0.0.1).

type Doc = Record<string, unknown> & { id: string }

describe('webhook events from sending', () => {
  let storage: StoragePort
  let sink: SmtpTestSink
  let service: SendingService | null = null
  let workspaceId = ''

  beforeEach(async () => {
    storage = await openStorage('sqlite::memory:')
    workspaceId = newId()
    const userId = newId()
    await storage.createUser({ id: userId, email: `${userId.toLowerCase()}@example.test`, name: 'Owner', passwordHash: 'x', createdAt: 1 })
    await storage.createWorkspace(
      { id: workspaceId, name: 'Acme', createdAt: 1 },
      { workspaceId, userId, role: 'owner', joinedAt: 1 },
      { id: userId, email: 'o@example.test', name: 'Owner', role: 'owner', joinedAt: 1, updatedAt: 1, _clock: {}, _deleted: false },
    )
    sink = await startSmtpTestSink({ rejectRecipient: (address) => (address === 'gone@example.com' ? { code: 550, message: 'no such user' } : null) })
  })

  afterEach(async () => {
    await service?.stop()
    await sink.close()
    await storage.close()
  })

  const stamped = <T extends Record<string, unknown>>(fields: T): T & Doc => {
    const stamp = formatStamp({ wallMs: Date.now(), counter: 0, node: 'deviceA' })
    const clock: Record<string, string> = { _deleted: stamp }
    for (const key of Object.keys(fields)) clock[key] = stamp
    return { id: newId(), updatedAt: Date.now(), _deleted: false, _clock: clock, ...fields }
  }
  const push = (collection: string, docs: readonly Doc[]) => storage.pushDocuments(workspaceId, collection, docs.map((doc) => doc.id), () => docs.map((doc) => ({ id: doc.id, doc })))

  it('emits email.bounced for a hard bounce and campaign.sent once the campaign is sent', async () => {
    const contacts = ['ada@example.com', 'gone@example.com'].map((email) => contactDoc({ email }) as unknown as Doc)
    await push('contacts', contacts)
    const segment = stamped({
      name: 'Everyone',
      kind: 'dynamic' as const,
      rules: { match: 'all' as const, groups: [{ id: newId(), match: 'all' as const, conditions: [{ id: newId(), field: 'contact.email', operator: 'isNotEmpty' as const, value: '', value2: '', values: [] }] }] },
      createdAt: 1,
    })
    const template = stamped({
      name: 'Hello',
      subject: 'Hello',
      preheader: '',
      fromName: 'Acme',
      fromEmail: 'news@acme.test',
      html: '<p>Hi</p><a href="{{ unsubscribe_url }}">Unsubscribe</a>',
      createdAt: 1,
    })
    await push('segments', [segment])
    await push('templates', [template])
    const campaign = campaignDoc({ name: 'Launch', status: 'scheduled', segmentId: segment.id, templateId: template.id, scheduledAt: Date.now() - 1 }) as unknown as Doc
    await push('campaigns', [campaign])

    const emitted: OutboundEvent[] = []
    service = new SendingService({
      storage,
      documents: new ServerDocuments(storage, new HlcClock(SERVER_NODE)),
      configSource: { forWorkspace: async () => ({ transport: { kind: 'sink', host: '127.0.0.1', port: sink.port }, fromIdentities: [], dkim: null, ratePerSecond: 1_000 }) },
      publicUrl: 'https://mail.outpost.test',
      secret: 'sending-events-secret-0123456789abcdef',
      logger: { info: () => undefined, error: (details, message) => console.error(message, details) },
      tickMs: 20,
      outboundEvents: { emit: async (events) => void emitted.push(...events) },
    })
    service.start()
    const deadline = Date.now() + 20_000
    while (!emitted.some((event) => event.type === 'campaign.sent')) {
      if (Date.now() > deadline) throw new Error('campaign.sent not emitted')
      await new Promise((resolve) => setTimeout(resolve, 10))
    }

    const gone = contacts[1]
    expect(emitted.map((event) => event.type).sort()).toEqual(['campaign.sent', 'email.bounced'])
    expect(emitted.find((event) => event.type === 'email.bounced')).toMatchObject({
      id: `bounce:${campaign.id}:${gone?.id}`,
      workspaceId,
      data: { campaignId: campaign.id, contactId: gone?.id, email: 'gone@example.com' },
    })
    const sent = emitted.find((event) => event.type === 'campaign.sent')
    expect(sent).toMatchObject({ id: `campaign.sent:${campaign.id}`, data: { id: campaign.id, name: 'Launch', status: 'sent' } })
    expect(sent?.data).not.toHaveProperty('_clock')
  })
})
