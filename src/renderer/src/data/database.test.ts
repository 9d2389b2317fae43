import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { createRxDatabase } from 'rxdb'
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie'
import { wrappedPrecompiledValidationStorage } from './validatedStorage'
import {
  activitySchema,
  campaignSchema,
  collectionNames,
  companySchema,
  contactSchema,
  contactSchemaV0,
  settingSchema,
  type ContactV0,
  type Member,
} from '@core/schema'
import { validators } from 'virtual:schema-validators'
import { ZERO_STAMP } from '@core/hlc'
import { createOutpostDatabase } from './database'

const stamp = '000001700000000-00000-deviceA'

describe('local database', () => {
  it('migrates contacts stored by v0 (one name field) to v1 on open', async () => {
    const storage = getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange })
    const old = await createRxDatabase({ name: 'migrate', storage: wrappedPrecompiledValidationStorage({ storage }) })
    await old.addCollections({ contacts: { schema: contactSchemaV0 } })
    const v0: ContactV0 = {
      id: '01JABCDEFGHJKMNPQRSTVWXYZ0',
      email: 'grace@example.com',
      name: 'Grace Brewster Hopper',
      phone: '',
      title: 'Rear Admiral',
      companyId: '',
      tags: ['navy'],
      customFields: {},
      createdAt: 1_700_000_000_000,
      updatedAt: 1_700_000_000_000,
      _clock: { name: stamp, email: stamp },
    }
    await old.contacts!.insert(v0)
    await old.close()

    const db = await createOutpostDatabase({ name: 'migrate', storage })
    const migrated = (await db.contacts.findOne(v0.id).exec())?.toJSON()
    expect(migrated).toMatchObject({
      firstName: 'Grace',
      lastName: 'Brewster Hopper',
      lifecycleStage: 'lead',
      email: 'grace@example.com',
      tags: ['navy'],
    })
    expect(migrated?._clock).toEqual({ email: stamp, firstName: stamp, lastName: stamp, lifecycleStage: ZERO_STAMP })
    expect(migrated).not.toHaveProperty('name')
    await db.close()
  })

  it('opens data written before the CRM release (contacts v2, companies, activities and settings v0) unchanged', async () => {
    const storage = getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange })
    const old = await createRxDatabase({ name: 'before-crm', storage: wrappedPrecompiledValidationStorage({ storage }) })
    // The earlier versions had the same fields minus the new optional ones (and settings required the custom-field ones).
    await old.addCollections({
      contacts: { schema: { ...contactSchema, version: 2 } },
      companies: { schema: { ...companySchema, version: 0 } },
      activities: { schema: { ...activitySchema, version: 0 } },
      settings: { schema: { ...settingSchema, version: 0 } },
    })
    const envelope = { createdAt: 1, updatedAt: 1, _clock: { email: stamp } }
    const contact = { id: '01JCONTACT0000000000000000', email: 'ada@example.com', firstName: 'Ada', lastName: 'L', phone: '', title: '', companyId: '', tags: [], lifecycleStage: 'lead' as const, customFields: {}, ...envelope }
    const company = { id: '01JCOMPANY0000000000000000', name: 'Acme', domain: '', industry: '', phone: '', city: '', country: '', tags: [], ...envelope }
    const task = { id: '01JACTIVITY000000000000000', kind: 'task' as const, contactId: contact.id, companyId: '', subject: 'Call', body: '', occurredAt: 1, dueAt: 5, done: false, ...envelope }
    const field = { id: '01JSETTING0000000000000000', kind: 'customField' as const, key: 'plan', label: 'Plan', fieldType: 'text' as const, options: [], position: 0, ...envelope }
    await old.contacts!.insert(contact)
    await old.companies!.insert(company)
    await old.activities!.insert(task)
    await old.settings!.insert(field)
    await old.close()

    const db = await createOutpostDatabase({ name: 'before-crm', storage, collections: ['contacts', 'companies', 'activities', 'settings'] })
    const strip = <T extends object>(doc: T) => {
      const { _rev: _r, _meta: _m, _attachments: _a, _deleted: _d, ...rest } = doc as Record<string, unknown>
      return rest
    }
    expect(strip((await db.contacts.findOne(contact.id).exec())!.toJSON())).toEqual(contact)
    expect(strip((await db.companies.findOne(company.id).exec())!.toJSON())).toEqual(company)
    expect(strip((await db.activities.findOne(task.id).exec())!.toJSON())).toEqual(task)
    expect(strip((await db.settings.findOne(field.id).exec())!.toJSON())).toEqual(field)
    await db.close()
  })

  it('opens campaigns stored before A/B tests (campaigns v0) unchanged', async () => {
    const storage = getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange })
    const old = await createRxDatabase({ name: 'before-ab', storage: wrappedPrecompiledValidationStorage({ storage }) })
    const { abTest: _abTest, abResult: _abResult, ...v0Properties } = campaignSchema.properties
    await old.addCollections({ campaigns: { schema: { ...campaignSchema, version: 0, properties: v0Properties } } })
    const campaign = {
      id: '01JCAMPAIGN000000000000000',
      name: 'Spring news',
      status: 'sent' as const,
      segmentId: '',
      templateId: '01JTEMPLATE000000000000000',
      scheduledAt: 10,
      timeZone: 'Europe/Paris',
      startedAt: 11,
      completedAt: 12,
      statusReason: '',
      createdAt: 1,
      updatedAt: 12,
      _clock: { name: stamp },
    }
    await old.campaigns!.insert(campaign)
    await old.close()

    const db = await createOutpostDatabase({ name: 'before-ab', storage, collections: ['campaigns'] })
    const { _rev: _r, _meta: _m, _attachments: _a, _deleted: _d, ...reopened } = (await db.campaigns.findOne(campaign.id).exec())!.toJSON() as Record<string, unknown>
    expect(reopened).toEqual(campaign)
    await db.close()
  })

  it('opens every collection of the core schema (members included), within the 12 the free tier allows', async () => {
    const db = await createOutpostDatabase({ name: 'all', storage: getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange }) })
    expect(Object.keys(db.collections).sort()).toEqual([...collectionNames].sort())
    expect(collectionNames.length).toBeLessThanOrEqual(12)
    expect(Object.keys(validators)).toContain('members@0')
    const member: Member = { id: '01JUSER0000000000000000000', email: 'ada@example.com', name: 'Ada', role: 'owner', joinedAt: 1, updatedAt: 1, _clock: {} }
    await db.members.insert(member)
    // Validated like every collection: an unknown role never reaches storage.
    await expect(db.members.insert({ ...member, id: '01JUSER0000000000000000001', role: 'root' as 'owner' })).rejects.toThrow()
    expect(await db.members.count().exec()).toBe(1)
    await db.close()
  })

  it('persists documents across a close and reopen', async () => {
    const storage = getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange })
    const first = await createOutpostDatabase({ name: 'persist', storage })
    await first.companies.insert({
      id: '01JABCDEFGHJKMNPQRSTVWXYZ1',
      name: 'Analytical Engines',
      domain: 'engines.example',
      industry: '',
      phone: '',
      city: 'London',
      country: 'UK',
      tags: [],
      createdAt: 1,
      updatedAt: 1,
      _clock: {},
    })
    await first.close()
    const second = await createOutpostDatabase({ name: 'persist', storage })
    expect((await second.companies.findOne('01JABCDEFGHJKMNPQRSTVWXYZ1').exec())?.name).toBe('Analytical Engines')
    await second.close()
  })
})
