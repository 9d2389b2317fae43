import Ajv, { type ValidateFunction } from 'ajv'
import fc from 'fast-check'
import { formatStamp } from '../hlc'
import { activitySchema, contactSchema, eventSchema } from '../schema'
import { ERASED_CLOCK_KEY, isErased } from '../sync/erased'
import { mergeByFieldClock } from '../sync/merge'
import type { SyncedDoc } from '../sync/syncedDoc'
import { aContact } from '../testing/contactFixture'
import { erasedDocument } from './erasure'

const RXDB_ONLY_KEYS = new Set(['primaryKey', 'indexes', 'version', 'encrypted', 'keyCompression', 'attachments', 'internalIndexes'])

function validatorFor(schema: object): ValidateFunction {
  const plain = Object.fromEntries(Object.entries(schema).filter(([key]) => !RXDB_ONLY_KEYS.has(key))) as { properties: Record<string, unknown> }
  return new Ajv({ strict: false, allErrors: true }).compile({ ...plain, properties: { ...plain.properties, _deleted: { type: 'boolean' } } })
}

const STAMP = formatStamp({ wallMs: 5_000, counter: 0, node: 'server' })
const OLD = formatStamp({ wallMs: 1_000, counter: 0, node: 'laptop' })

const contact = aContact({
  id: '01JGZ0000000000000000000AA',
  email: 'ada@example.com',
  phone: '+44 20 7946 0000',
  companyId: '01JGZ0000000000000000000CC',
  tags: ['vip'],
  customFields: { shoeSize: 38, note: 'likes engines' },
  lists: ['01JGZ0000000000000000000LL'],
  unsubscribed: true,
  openCount: 4,
  lastOpenedAt: 900,
  createdAt: 100,
  updatedAt: 1_000,
  _clock: { email: OLD, firstName: OLD, unsubscribed: OLD, lists: OLD, _deleted: OLD },
})

describe('erasedDocument', () => {
  it('turns a contact into a schema-valid, deleted, erased tombstone holding nothing personal', () => {
    const erased = erasedDocument('contacts', contact, STAMP, 5_000)
    expect(validatorFor(contactSchema)(erased)).toBe(true)
    expect(erased).toEqual({
      id: contact.id,
      email: '',
      firstName: '',
      lastName: '',
      phone: '',
      title: '',
      companyId: '',
      tags: [],
      lifecycleStage: 'subscriber',
      customFields: {},
      createdAt: 100,
      updatedAt: 5_000,
      _deleted: true,
      _clock: expect.any(Object),
    })
    expect(isErased(erased)).toBe(true)
    const text = JSON.stringify(erased)
    for (const personal of ['ada@example.com', 'Ada', 'Lovelace', '7946', 'vip', 'engines', 'Engineer']) expect(text).not.toContain(personal)
  })

  it('stamps every field it had or has, so dropped optional fields (rollups, lists) stay dropped', () => {
    const erased = erasedDocument('contacts', contact, STAMP, 5_000)
    for (const field of ['email', 'firstName', 'unsubscribed', 'lists', '_deleted', ERASED_CLOCK_KEY, 'tags']) expect(erased._clock[field]).toBe(STAMP)
    expect(erased).not.toHaveProperty('unsubscribed')
    expect(erased).not.toHaveProperty('openCount')
  })

  it('blanks an activity and an engagement event, keeping only ids, kinds and times', () => {
    const activity = {
      id: '01JGZ0000000000000000000AC',
      kind: 'call',
      contactId: contact.id,
      companyId: 'co1',
      subject: 'Called Ada',
      body: 'She asked about the engine',
      occurredAt: 700,
      durationMinutes: 15,
      createdAt: 600,
      updatedAt: 700,
      _clock: { subject: OLD },
    }
    const erasedActivity = erasedDocument('activities', activity, STAMP, 5_000)
    expect(validatorFor(activitySchema)(erasedActivity)).toBe(true)
    expect(erasedActivity).toMatchObject({ kind: 'call', contactId: contact.id, companyId: '', subject: '', body: '', occurredAt: 700, _deleted: true })
    expect(erasedActivity).not.toHaveProperty('durationMinutes')

    const event = {
      id: '01JGZ0000000000000000000EV',
      type: 'click',
      campaignId: 'camp1',
      contactId: contact.id,
      email: 'ada@example.com',
      linkIndex: 1,
      url: 'https://example.com/?who=ada',
      machine: false,
      at: 800,
      updatedAt: 800,
      _clock: {},
    }
    const erasedEvent = erasedDocument('events', event, STAMP, 5_000)
    expect(validatorFor(eventSchema)(erasedEvent)).toBe(true)
    expect(erasedEvent).toMatchObject({ email: '', url: '', type: 'click', campaignId: 'camp1', at: 800, _deleted: true })
  })

  it('wins the merge against any later edit of the live contact', () => {
    const erased = erasedDocument('contacts', contact, STAMP, 5_000)
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.integer({ min: 5_001, max: 10 ** 12 }), (email, wallMs) => {
        const later = { ...contact, email, _clock: { ...contact._clock, email: formatStamp({ wallMs, counter: 0, node: 'laptop' }) } }
        const merged = mergeByFieldClock(later as unknown as SyncedDoc, erased) as unknown as Record<string, unknown>
        expect(merged.email).toBe('')
        expect(merged._deleted).toBe(true)
      }),
    )
  })
})
