import type { Company, Contact, CustomFieldDefinition, Setting } from '@core/schema'
import { insertSyncedDoc, insertSyncedDocs } from '../../data/syncedWrites'
import { closeTestData, createTestData } from '../../test/renderWithProviders'
import { companyFields, contactFields } from '../../test/fixtures'
import type { OutpostData } from '../../data/dataContext'
import { csvFile, inProcessWorker } from './importTestUtils'
import { ImportSession, type ImportState } from './importSession'

let data: OutpostData
beforeEach(async () => {
  data = await createTestData()
})
afterEach(async () => {
  await closeTestData(data)
})

function session() {
  const workers: ReturnType<typeof inProcessWorker>[] = []
  const imports = new ImportSession(() => {
    const worker = inProcessWorker()
    workers.push(worker)
    return worker
  })
  return { imports, workers }
}

async function until<S extends ImportState['step']>(imports: ImportSession, step: S): Promise<Extract<ImportState, { step: S }>> {
  await vi.waitFor(() => expect(imports.getState().step).toBe(step), { timeout: 5_000 })
  return imports.getState() as Extract<ImportState, { step: S }>
}

async function storedContacts(): Promise<Contact[]> {
  return (await data.db.contacts.find().exec()).map((doc) => doc.toJSON() as unknown as Contact)
}

const CSV = [
  'Email,Name,Company,Tags,Plan,Notes',
  'ada@example.com,Ada Lovelace,Analytical Engines,"math, vip",Pro,first',
  'grace@example.com,Grace Hopper,analytical engines,navy,Free,',
  'broken,Nobody,,,,',
  'ADA@example.com,,,poetry,,second',
].join('\n')

describe('ImportSession', () => {
  it('reads a preview in the worker and proposes a mapping', async () => {
    const { imports } = session()
    const plan: CustomFieldDefinition = await insertSyncedDoc<Setting>(data.db.settings, {
      kind: 'customField',
      key: 'plan',
      label: 'Plan',
      fieldType: 'select',
      options: ['Free', 'Pro'],
      position: 0,
    }) as CustomFieldDefinition
    imports.chooseFile(csvFile('people.csv', CSV), [plan])
    expect(imports.getState()).toEqual({ step: 'reading', fileName: 'people.csv' })
    const mapping = await until(imports, 'map')
    expect(mapping.preview.headers).toEqual(['Email', 'Name', 'Company', 'Tags', 'Plan', 'Notes'])
    expect(mapping.preview.rows).toHaveLength(4)
    expect(mapping.preview.rowNumbers).toEqual([2, 3, 4, 5])
    expect(mapping.mapping).toEqual([
      { kind: 'field', field: 'email' },
      { kind: 'field', field: 'fullName' },
      { kind: 'field', field: 'company' },
      { kind: 'field', field: 'tags' },
      { kind: 'customField', key: 'plan' },
      { kind: 'ignore' },
    ])

    imports.setTarget(5, { kind: 'field', field: 'email' })
    const moved = imports.getState()
    expect(moved.step === 'map' && moved.mapping[0]).toEqual({ kind: 'ignore' })
  })

  it('imports: creates, folds a repeated email into its contact, links one company per name, creates a new custom field, reports a bad row', async () => {
    const { imports, workers } = session()
    imports.chooseFile(csvFile('people.csv', CSV, 7), [])
    await until(imports, 'map')
    imports.setTarget(4, { kind: 'ignore' })
    imports.setTarget(5, { kind: 'newCustomField' })
    await imports.start(data, [])
    const { summary } = await until(imports, 'done')

    expect(summary).toMatchObject({ created: 2, updated: 1, skipped: 0, failed: 1, companiesCreated: 1, customFieldsCreated: 1, rowsRead: 4, cancelled: false, error: null })
    expect(summary.failures).toEqual([{ rowNumber: 4, problems: [{ column: 'Email', reason: 'Enter a valid email address, like name@example.com' }], cells: ['broken', 'Nobody', '', '', '', ''] }])
    expect(workers.every((worker) => worker.terminated)).toBe(true)

    const settings = (await data.db.settings.find().exec()).map((doc) => doc.toJSON() as unknown as Setting)
    expect(settings).toEqual([expect.objectContaining({ kind: 'customField', key: 'notes', label: 'Notes', fieldType: 'text', position: 0 })])
    const companies = (await data.db.companies.find().exec()).map((doc) => doc.toJSON() as unknown as Company)
    expect(companies.map((company) => company.name)).toEqual(['Analytical Engines'])

    const contacts = await storedContacts()
    const ada = contacts.find((contact) => contact.email === 'ada@example.com')
    expect(ada).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', companyId: companies[0]?.id, tags: ['math', 'vip', 'poetry'], lifecycleStage: 'lead', customFields: { notes: 'second' } })
    expect(contacts.find((contact) => contact.email === 'grace@example.com')?.companyId).toBe(companies[0]?.id)
    // Made like the app makes contacts: every field stamped by this device's clock.
    expect(Object.keys(ada?._clock ?? {}).sort()).toEqual(
      ['email', 'firstName', 'lastName', 'phone', 'title', 'companyId', 'tags', 'lifecycleStage', 'customFields', 'createdAt', '_deleted'].sort(),
    )
    await vi.waitFor(() => expect(data.contacts.size).toBe(2))
  })

  it('updates a stored contact only where the file has values, stamping just the fields that change', async () => {
    const company = await insertSyncedDoc<Company>(data.db.companies, companyFields({ name: 'Analytical Engines' }))
    const stored = await insertSyncedDoc<Contact>(data.db.contacts, contactFields({ email: 'ada@example.com', firstName: 'Augusta', title: 'Countess', tags: ['vip'] }))
    await vi.waitFor(() => expect(data.contacts.size).toBe(1))
    const { imports } = session()
    imports.chooseFile(csvFile('people.csv', 'email,first name,company,tags\nAda@Example.com,Ada,ANALYTICAL ENGINES,vip;math\n'), [])
    await until(imports, 'map')
    await imports.start(data, [])
    const { summary } = await until(imports, 'done')
    expect(summary).toMatchObject({ created: 0, updated: 1, companiesCreated: 0, alreadyUpToDate: 0 })
    const [after] = await storedContacts()
    expect(after).toMatchObject({ id: stored.id, firstName: 'Ada', title: 'Countess', companyId: company.id, tags: ['vip', 'math'] })
    const changed = Object.keys(after?._clock ?? {}).filter((field) => after?._clock[field] !== stored._clock[field])
    expect(changed.sort()).toEqual(['companyId', 'firstName', 'tags'])

    // The same file again finds nothing to change, and says so.
    imports.reset()
    imports.chooseFile(csvFile('people.csv', 'email,first name,company,tags\nAda@Example.com,Ada,ANALYTICAL ENGINES,vip;math\n'), [])
    await until(imports, 'map')
    await imports.start(data, [])
    expect((await until(imports, 'done')).summary).toMatchObject({ updated: 1, alreadyUpToDate: 1 })
    expect((await storedContacts())[0]?._clock).toEqual(after?._clock)
  })

  it('skips known emails in skip mode', async () => {
    await insertSyncedDocs<Contact>(data.db.contacts, [contactFields({ email: 'ada@example.com', firstName: 'Augusta' })])
    await vi.waitFor(() => expect(data.contacts.size).toBe(1))
    const { imports } = session()
    imports.chooseFile(csvFile('people.csv', 'email,first name\nada@example.com,Ada\nnew@example.com,New\n'), [])
    await until(imports, 'map')
    imports.setMode('skip')
    await imports.start(data, [])
    expect((await until(imports, 'done')).summary).toMatchObject({ created: 1, updated: 0, skipped: 1 })
    expect((await storedContacts()).find((contact) => contact.email === 'ada@example.com')?.firstName).toBe('Augusta')
  })

  it('will not start without an email column, and explains an empty file', async () => {
    const { imports } = session()
    imports.chooseFile(csvFile('names.csv', 'name\nAda\n'), [])
    await until(imports, 'map')
    await imports.start(data, [])
    const state = imports.getState()
    expect(state.step === 'map' && state.error).toMatch(/column that holds email addresses/)

    imports.chooseFile(csvFile('empty.csv', '\n\n'), [])
    expect((await until(imports, 'pick')).error).toBe('empty.csv is empty: there is no header row to import from.')
  })

  it('cancels after the batch being written: whole batches stay, the rest is not imported', async () => {
    const rows = Array.from({ length: 3_000 }, (_, i) => `p${i}@example.com,P${i}`)
    const { imports } = session()
    imports.chooseFile(csvFile('many.csv', `email,first name\n${rows.join('\n')}\n`, 4_096), [])
    await until(imports, 'map')
    const started = imports.start(data, [])
    await vi.waitFor(() => {
      const state = imports.getState()
      expect(state.step === 'importing' && state.counts.created).toBeGreaterThan(0)
    })
    imports.cancel()
    await started
    const { summary } = await until(imports, 'done')
    expect(summary.cancelled).toBe(true)
    expect(summary.created).toBeGreaterThan(0)
    expect(summary.created).toBeLessThan(3_000)
    expect(await data.db.contacts.count().exec()).toBe(summary.created)

    imports.reset()
    expect(imports.getState()).toEqual({ step: 'pick', error: null, last: summary })
    imports.showLast()
    expect(imports.getState()).toEqual({ step: 'done', summary })
  })
})
