import type { Company, Contact } from '@core/schema'
import type { NewDocFields } from '../data/syncedWrites'

/** A new contact's fields: empty values, lead stage, plus what the test cares about. */
export function contactFields(fields: Partial<NewDocFields<Contact>> = {}): NewDocFields<Contact> {
  return {
    email: '',
    firstName: '',
    lastName: '',
    phone: '',
    title: '',
    companyId: '',
    tags: [],
    lifecycleStage: 'lead',
    customFields: {},
    ...fields,
  }
}

export function companyFields(fields: Partial<NewDocFields<Company>> = {}): NewDocFields<Company> {
  return { name: '', domain: '', industry: '', phone: '', city: '', country: '', tags: [], ...fields }
}
