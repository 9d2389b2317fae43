import { vi } from 'vitest'
import type { Company, Contact, CustomFieldDefinition } from '@core/schema'
import type { OutpostData } from '../../data/dataContext'
import { insertSyncedDoc, insertSyncedDocs, type NewDocFields } from '../../data/syncedWrites'
import { companyFields, contactFields } from '../../test/fixtures'

/** jsdom lays nothing out; the virtualizer needs a viewport height or it renders no rows. */
export function giveElementsASize(): void {
  // react-virtual reads the viewport from clientHeight/clientWidth.
  vi.spyOn(Element.prototype, 'clientHeight', 'get').mockReturnValue(800)
  vi.spyOn(Element.prototype, 'clientWidth', 'get').mockReturnValue(1200)
}

/** Inserts contacts and waits until the live index has them (it coalesces change events). */
export async function seedContacts(data: OutpostData, rows: Partial<NewDocFields<Contact>>[]): Promise<Contact[]> {
  const docs = await insertSyncedDocs(data.db.contacts, rows.map(contactFields))
  await vi.waitFor(() => {
    if (data.contacts.size < docs.length) throw new Error('index not caught up yet')
  })
  return docs
}

export async function seedCompany(data: OutpostData, name: string): Promise<Company> {
  return insertSyncedDoc(data.db.companies, companyFields({ name }))
}

export async function seedCustomField(data: OutpostData, fields: Pick<CustomFieldDefinition, 'key' | 'label' | 'fieldType'> & { options?: string[] }) {
  return insertSyncedDoc(data.db.settings, { kind: 'customField', options: [], position: 0, ...fields })
}

/** Live (not tombstoned) contacts straight from the database. */
export async function storedContacts(data: OutpostData): Promise<Contact[]> {
  const docs = await data.db.contacts.find().exec()
  return docs.map((doc) => doc.toJSON() as Contact)
}
