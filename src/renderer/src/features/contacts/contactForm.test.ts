import type { ContactInput } from '@core/contacts/contactInput'
import type { Contact, CustomFieldDefinition } from '@core/schema'
import { contactChanges, formStateFromContact } from './contactForm'

const original: Contact = {
  id: '01J0000000000000000000000A',
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  phone: '',
  title: '',
  companyId: '',
  tags: ['vip'],
  lifecycleStage: 'lead',
  customFields: { plan: 'pro', legacy: 'kept' },
  createdAt: 1,
  updatedAt: 1,
  _clock: {},
}

const planField = { key: 'plan', label: 'Plan', fieldType: 'text' } as CustomFieldDefinition

function inputFrom(contact: Contact, overrides: Partial<ContactInput> = {}): ContactInput {
  const { id: _id, createdAt: _c, updatedAt: _u, _clock, ...fields } = contact
  return { ...fields, customFields: { plan: 'pro' }, ...overrides }
}

describe('contactChanges', () => {
  it('reports only the fields an edit changes', () => {
    expect(contactChanges(original, inputFrom(original), [planField])).toEqual({})
    expect(contactChanges(original, inputFrom(original, { title: 'Countess', tags: ['vip', 'math'] }), [planField])).toEqual({
      title: 'Countess',
      tags: ['vip', 'math'],
    })
  })

  it('keeps values of custom fields the workspace no longer defines', () => {
    const changes = contactChanges(original, inputFrom(original, { customFields: {} }), [planField])
    expect(changes).toEqual({ customFields: { legacy: 'kept' } })
  })

  it('shows stored numbers as text in the form', () => {
    expect(formStateFromContact({ ...original, customFields: { seats: 12, empty: null } }).customFields).toEqual({ seats: '12', empty: '' })
  })
})
