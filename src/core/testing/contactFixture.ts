import type { Contact } from '../schema/contacts'

/** A schema-shaped contact for core tests: Ada, no company, no tags, unless overridden. */
export function aContact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: 'c1',
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    phone: '',
    title: 'Engineer',
    companyId: '',
    tags: [],
    lifecycleStage: 'lead',
    customFields: {},
    createdAt: 0,
    updatedAt: 0,
    _clock: {},
    ...overrides,
  }
}
