import { describe, expect, it } from 'vitest'
import { newId } from '@core/ids'
import { compileEmail } from '@core/templates/emailTemplate'
import { contactDoc } from '../testing/docs'
import { buildCampaignMessage } from './messageBuilder'
import type { CampaignMessageContext } from './messageBuilder'

function context(name: string): CampaignMessageContext {
  const compiled = compileEmail({ subject: 'Hi {{ contact.firstName }}', preheader: '', html: '<p>Hi</p><a href="{{ unsubscribe_url }}">Unsubscribe</a>' })
  if (!compiled.ok) throw new Error('test template does not compile')
  return {
    workspaceId: newId(),
    campaign: { id: newId(), name },
    compiled: compiled.value,
    from: { name: 'Shop', address: 'news@shop.example.com' },
    publicUrl: 'https://mail.outpost.test',
    secret: 'test-secret-0123456789abcdef0123456789',
  }
}

describe('buildCampaignMessage', () => {
  it('gives every message its own ULID Message-ID, in order, many within one millisecond', () => {
    const ctx = context('Spring')
    const contact = contactDoc({ email: 'ada@example.com' })
    const ids = Array.from({ length: 600 }, () => buildCampaignMessage(ctx, { contactId: contact.id, email: contact.email }, contact, null, 1_000).messageId)
    expect(new Set(ids).size).toBe(600)
    for (const id of ids) expect(id).toMatch(/^<[0-9A-Z]{26}@mail\.outpost\.test>$/)
    expect([...ids].sort()).toEqual(ids)
  })

  it('writes the List-Id of the campaign the context names', () => {
    const spring = context('Spring "news"')
    const autumn = context('Herbst – Neuigkeiten')
    const contact = contactDoc()
    const listId = (ctx: CampaignMessageContext): unknown =>
      buildCampaignMessage(ctx, { contactId: contact.id, email: contact.email }, contact, null, 1_000).headers['List-Id']
    expect(listId(spring)).toEqual({ prepared: true, value: `"Spring news" <${spring.campaign.id}.${spring.workspaceId}.list-id.outpost>` })
    expect(listId(spring)).toEqual(listId(spring))
    expect(listId(autumn)).toEqual({
      prepared: true,
      value: `=?UTF-8?B?${Buffer.from('Herbst – Neuigkeiten').toString('base64')}?= <${autumn.campaign.id}.${autumn.workspaceId}.list-id.outpost>`,
    })
  })
})
