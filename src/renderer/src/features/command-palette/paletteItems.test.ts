import type { Company } from '@core/schema'
import { insertSyncedDoc } from '../../data/syncedWrites'
import { createTestData } from '../../test/renderWithProviders'
import { paletteItems } from './paletteItems'

const acme: Company = {
  id: '01JABCDEFGHJKMNPQRSTVWXYZ2',
  name: 'Acme Rockets',
  domain: 'acme.example',
  industry: '',
  phone: '',
  city: '',
  country: '',
  tags: [],
  createdAt: 1,
  updatedAt: 1,
  _clock: {},
}

describe('command palette items', () => {
  it('offers screens and actions when empty, records when typing', async () => {
    const data = await createTestData()
    await insertSyncedDoc(data.db.contacts, {
      email: 'wile@acme.example',
      firstName: 'Wile',
      lastName: 'Coyote',
      phone: '',
      title: '',
      companyId: acme.id,
      tags: [],
      lifecycleStage: 'lead',
      customFields: {},
    })
    await vi.waitFor(() => expect(data.contacts.size).toBe(1))

    const empty = paletteItems('', data.contacts, [acme])
    expect(empty.map((item) => item.group)).toEqual(expect.arrayContaining(['Screens', 'Actions']))
    expect(empty.some((item) => item.group === 'Contacts')).toBe(false)

    const typed = paletteItems('coyote', data.contacts, [acme])
    const contact = typed.find((item) => item.group === 'Contacts')
    expect(contact?.label).toBe('Wile Coyote')
    expect(contact?.kind === 'route' && contact.route.name).toBe('contact')

    const company = paletteItems('rockets', data.contacts, [acme]).find((item) => item.group === 'Companies')
    expect(company?.label).toBe('Acme Rockets')
    expect(paletteItems('settings', data.contacts, [acme])[0]?.label).toBe('Settings')
    await data.db.remove()
  })
})
