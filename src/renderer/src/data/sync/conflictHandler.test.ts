import type { WithDeleted } from 'rxdb'
import type { Contact } from '@core/schema'
import { fieldClockConflictHandler } from './conflictHandler'

const stamp = (ms: number, node = 'devA') => `${String(ms).padStart(15, '0')}-00000-${node}`

function contact(overrides: Partial<WithDeleted<Contact>> = {}): WithDeleted<Contact> {
  const base = stamp(1_000)
  return {
    id: '01JCONTACT0000000000000000',
    email: 'grace@example.com',
    firstName: 'Grace',
    lastName: 'Hopper',
    phone: '',
    title: '',
    companyId: '',
    tags: [],
    lifecycleStage: 'lead',
    customFields: {},
    createdAt: 1_000,
    updatedAt: 1_000,
    _deleted: false,
    _clock: { email: base, firstName: base, lastName: base, phone: base, title: base, _deleted: base },
    ...overrides,
  }
}

const handler = fieldClockConflictHandler<Contact>()

describe('field-clock conflict handler', () => {
  it('calls states equal when only storage bookkeeping or key order differs', () => {
    const a = contact()
    const withMeta = { ...contact(), _rev: '3-abc', _meta: { lwt: 123 }, _attachments: {} } as unknown as WithDeleted<Contact>
    const reordered = Object.fromEntries(Object.entries(contact()).reverse()) as unknown as WithDeleted<Contact>
    expect(handler.isEqual(a, withMeta, 'test')).toBe(true)
    expect(handler.isEqual(a, reordered, 'test')).toBe(true)
    expect(handler.isEqual(a, contact({ title: 'Rear Admiral' }), 'test')).toBe(false)
    expect(handler.isEqual(a, contact({ _clock: { ...a._clock, title: stamp(2_000) } }), 'test')).toBe(false)
  })

  it('keeps two offline edits to different fields: the server has one, this device the other', async () => {
    const base = contact()
    const master = contact({ title: 'Rear Admiral', updatedAt: 2_000, _clock: { ...base._clock, title: stamp(2_000, 'devB') } })
    const local = contact({ phone: '+1 555 0100', updatedAt: 3_000, _clock: { ...base._clock, phone: stamp(3_000, 'devA') } })
    const resolved = await handler.resolve({ assumedMasterState: base, realMasterState: master, newDocumentState: local }, 'test')
    expect(resolved).toMatchObject({ title: 'Rear Admiral', phone: '+1 555 0100', updatedAt: 3_000, _deleted: false })
    expect(resolved._clock).toMatchObject({ title: stamp(2_000, 'devB'), phone: stamp(3_000, 'devA') })
  })

  it('lets the later edit of the same field win, whichever side it is on', async () => {
    const base = contact()
    const older = contact({ title: 'Commodore', _clock: { ...base._clock, title: stamp(2_000, 'devB') } })
    const newer = contact({ title: 'Rear Admiral', _clock: { ...base._clock, title: stamp(3_000, 'devA') } })
    expect((await handler.resolve({ realMasterState: older, newDocumentState: newer }, 'test')).title).toBe('Rear Admiral')
    expect((await handler.resolve({ realMasterState: newer, newDocumentState: older }, 'test')).title).toBe('Rear Admiral')
  })

  it('resolves an edit against a delete field by field: the delete holds, the edit is kept for an undo', async () => {
    const base = contact()
    const deletedOnServer = contact({ _deleted: true, _clock: { ...base._clock, _deleted: stamp(2_000, 'devB') } })
    const editedHere = contact({ title: 'Rear Admiral', _clock: { ...base._clock, title: stamp(3_000, 'devA') } })
    const resolved = await handler.resolve({ assumedMasterState: base, realMasterState: deletedOnServer, newDocumentState: editedHere }, 'test')
    expect(resolved).toMatchObject({ _deleted: true, title: 'Rear Admiral' })

    const restoredHere = contact({ _deleted: false, _clock: { ...base._clock, _deleted: stamp(4_000, 'devA') } })
    expect((await handler.resolve({ realMasterState: deletedOnServer, newDocumentState: restoredHere }, 'test'))._deleted).toBe(false)
  })
})
