import type { Contact } from '@core/schema'
import { createTestData } from '../test/renderWithProviders'
import { ContactIndex, EMPTY_CONTACT_QUERY, type ContactQuery } from './contactIndex'
import type { OutpostData } from './dataContext'
import { companyFields, contactFields } from '../test/fixtures'
import { deleteSyncedDocs, insertSyncedDoc, insertSyncedDocs, patchSyncedDoc, type NewDocFields } from './syncedWrites'

const person = (firstName: string, lastName: string, extra: Partial<NewDocFields<Contact>> = {}) =>
  contactFields({ email: `${firstName}.${lastName}@example.com`.toLowerCase(), firstName, lastName, ...extra })

describe('ContactIndex', () => {
  let data: OutpostData
  const names = (query: Partial<ContactQuery>) =>
    data.contacts.query({ ...EMPTY_CONTACT_QUERY, ...query }).map((id) => data.contacts.get(id)?.firstName)

  beforeEach(async () => {
    data = await createTestData()
  })
  afterEach(async () => {
    data.contacts.detach()
    await data.db.remove()
  })

  it('filters by text (name, email, company), tag, stage and company, and sorts', async () => {
    const company = await insertSyncedDoc(data.db.companies, companyFields({ name: 'Globex', domain: 'globex.example' }))
    await insertSyncedDocs(data.db.contacts, [
      person('Ada', 'Lovelace', { tags: ['vip', 'newsletter'], lifecycleStage: 'customer' }),
      person('Grace', 'Hopper', { tags: ['vip'], lifecycleStage: 'lead', companyId: company.id }),
      person('Alan', 'Turing', { tags: ['newsletter'], lifecycleStage: 'customer' }),
    ])
    await vi.waitFor(() => expect(data.contacts.size).toBe(3))

    expect(names({})).toEqual(['Grace', 'Ada', 'Alan'])
    expect(names({ sort: { field: 'name', direction: 'desc' } })).toEqual(['Alan', 'Ada', 'Grace'])
    expect(names({ text: 'LOVE' })).toEqual(['Ada'])
    expect(names({ text: 'globex' })).toEqual(['Grace'])
    expect(names({ text: 'alan.turing@' })).toEqual(['Alan'])
    expect(names({ tags: ['vip'] })).toEqual(['Grace', 'Ada'])
    expect(names({ tags: ['vip', 'newsletter'] })).toEqual(['Ada'])
    expect(names({ stages: ['customer'], tags: ['newsletter'], text: 'a' })).toEqual(['Ada', 'Alan'])
    expect(names({ companyIds: [company.id] })).toEqual(['Grace'])
    expect(data.contacts.allTags()).toEqual(['newsletter', 'vip'])
    expect(data.contacts.companies()).toEqual([{ id: company.id, name: 'Globex' }])
    expect(data.contacts.contactCountsByCompany()).toEqual(new Map([[company.id, 1]]))
  })

  it('follows edits and deletes from the database', async () => {
    const ada = await insertSyncedDoc(data.db.contacts, person('Ada', 'Lovelace'))
    await vi.waitFor(() => expect(data.contacts.size).toBe(1))
    await patchSyncedDoc(data.db.contacts, ada.id, { firstName: 'Augusta' })
    await vi.waitFor(() => expect(data.contacts.get(ada.id)?.firstName).toBe('Augusta'))
    expect(data.contacts.findByEmail('ADA.lovelace@example.com ')?.id).toBe(ada.id)
    expect(data.contacts.findByEmail('ada.lovelace@example.com', ada.id)).toBeUndefined()
    await deleteSyncedDocs(data.db.contacts, [ada.id])
    await vi.waitFor(() => expect(data.contacts.size).toBe(0))
  })

  it('keeps the sort order right while pages stream in (merged, not re-sorted)', async () => {
    const lastNames = ['Zimmer', 'Abbott', 'Moreau', 'Okafor', 'Bauer', 'Lindqvist']
    await insertSyncedDocs(
      data.db.contacts,
      Array.from({ length: 6_200 }, (_, index) => person(`N${(index * 7919) % 6_200}`, lastNames[index % lastNames.length]!)),
    )
    const index = new ContactIndex()
    const seen: number[] = []
    // Querying on every notification primes the sort cache that later pages merge into.
    index.subscribe(() => seen.push(index.query(EMPTY_CONTACT_QUERY).length))
    await index.attach(data.db)
    expect(seen[0]).toBe(200)
    const streamed = index.query(EMPTY_CONTACT_QUERY).map((id) => index.get(id)!)
    const expected = [...streamed].sort((a, b) =>
      `${a.lastName} ${a.firstName}`.toLowerCase() < `${b.lastName} ${b.firstName}`.toLowerCase() ? -1 : 1,
    )
    expect(streamed).toHaveLength(6_200)
    expect(streamed.map((contact) => contact.id)).toEqual(expected.map((contact) => contact.id))
    index.detach()
  })

  it('loads rows that existed before it attached, page by page', async () => {
    const rows = Array.from({ length: 4_500 }, (_, index) => person(`P${index}`, 'Loaded'))
    await insertSyncedDocs(data.db.contacts, rows)
    const fresh = new ContactIndex()
    await fresh.attach(data.db)
    expect(fresh.size).toBe(4_500)
    expect(fresh.loading).toBe(false)
    fresh.detach()
  })
})
