import Ajv, { type ValidateFunction } from 'ajv'
import { validateContactInput } from '../contacts/contactInput'
import { formatStamp } from '../hlc'
import { isUlid } from '../ids'
import { activitySchema, companySchema, contactSchema, dealSchema, settingSchema, type Contact, type CustomFieldDefinition } from '../schema'
import { DEFAULT_PIPELINE_STAGES } from '../deals/pipeline'
import { CONTACT_TAGS } from './demoNames'
import { asciiSlug, DEMO_BATCH_SIZE, DEMO_CONTACTS_WITH_ACTIVITIES, generateDemoWorkspace, type DemoWorkspaceOptions } from './demoWorkspace'

const NOW = Date.UTC(2026, 2, 15, 12, 0, 0)
const NODE = 'demo_node'
const options = (contacts: number, extra: Partial<DemoWorkspaceOptions> = {}): DemoWorkspaceOptions => ({ contacts, now: NOW, nodeId: NODE, seed: 42, ...extra })

const allContacts = (contacts: number, extra: Partial<DemoWorkspaceOptions> = {}) => [...generateDemoWorkspace(options(contacts, extra)).contactBatches].flat()

const RXDB_ONLY_KEYS = new Set(['primaryKey', 'indexes', 'version', 'encrypted', 'keyCompression', 'attachments', 'internalIndexes'])

/** The plain JSON schema a stored document must satisfy: RxDB-only keys removed, `_deleted` added as RxDB does. */
function compileDocumentValidator(schema: object): ValidateFunction {
  const plain = Object.fromEntries(Object.entries(schema).filter(([key]) => !RXDB_ONLY_KEYS.has(key))) as { properties: Record<string, unknown> }
  return new Ajv({ strict: false, allErrors: true }).compile({ ...plain, properties: { ...plain.properties, _deleted: { type: 'boolean' } } })
}

function expectValid(validate: ValidateFunction, docs: readonly object[]): void {
  for (const doc of docs) {
    if (!validate(doc)) expect({ doc, errors: validate.errors }).toBeUndefined()
  }
}

/** Every field but the envelope carries the stamp of the document's last update, from the given node. */
function expectStampedEnvelope(docs: readonly { updatedAt: number; createdAt: number; _deleted?: boolean; _clock: Record<string, string> }[]): void {
  const problems: string[] = []
  for (const doc of docs) {
    if (!(doc.createdAt <= doc.updatedAt && doc.updatedAt <= NOW)) problems.push(`times ${doc.createdAt} ${doc.updatedAt}`)
    if (doc._deleted !== false) problems.push('_deleted is not false')
    const stamp = formatStamp({ wallMs: doc.updatedAt, counter: 0, node: NODE })
    const fields = Object.keys(doc).filter((key) => !['id', 'updatedAt', '_clock'].includes(key))
    if (Object.keys(doc._clock).length !== fields.length) problems.push(`clock keys ${Object.keys(doc._clock).join()}`)
    for (const field of fields) if (doc._clock[field] !== stamp) problems.push(`${field} stamped ${doc._clock[field]}`)
  }
  expect(problems).toEqual([])
}

describe('generateDemoWorkspace', () => {
  it('is deterministic: the same options give exactly the same workspace', () => {
    const first = generateDemoWorkspace(options(3_000))
    const second = generateDemoWorkspace(options(3_000))
    expect(second.companies).toEqual(first.companies)
    expect(second.settings).toEqual(first.settings)
    expect([...second.contactBatches]).toEqual([...first.contactBatches])
    expect(second.activities()).toEqual(first.activities())
    // Iterating again starts over with the same contacts.
    expect([...first.contactBatches]).toEqual([...second.contactBatches])
  })

  it('gives a different workspace for a different seed', () => {
    const a = allContacts(100, { seed: 1 })
    const b = allContacts(100, { seed: 2 })
    expect(a.map((contact) => contact.email)).not.toEqual(b.map((contact) => contact.email))
    expect(new Set([...a, ...b].map((contact) => contact.id)).size).toBe(200)
  })

  it('yields the requested number of contacts in batches', () => {
    const demo = generateDemoWorkspace(options(4_500))
    const sizes = [...demo.contactBatches].map((batch) => batch.length)
    expect(sizes).toEqual([DEMO_BATCH_SIZE, DEMO_BATCH_SIZE, 500])
    expect(demo.contactCount).toBe(4_500)
    expect([...generateDemoWorkspace(options(10, { batchSize: 3 })).contactBatches].map((batch) => batch.length)).toEqual([3, 3, 3, 1])
    expect([...generateDemoWorkspace(options(0)).contactBatches]).toEqual([])
  })

  it('creates about one company per 20 contacts, at least 5', () => {
    expect(generateDemoWorkspace(options(0)).companies).toHaveLength(5)
    expect(generateDemoWorkspace(options(60)).companies).toHaveLength(5)
    expect(generateDemoWorkspace(options(4_000)).companies).toHaveLength(200)
  })

  it('defines the plan, renewal date, seats and source custom fields', () => {
    const { settings } = generateDemoWorkspace(options(10))
    expect(settings.map(({ key, fieldType }) => [key, fieldType])).toEqual([
      ['plan', 'select'],
      ['renewalDate', 'date'],
      ['seats', 'number'],
      ['source', 'text'],
    ])
    expect(settings[0]?.options).toEqual(['Free', 'Starter', 'Pro', 'Enterprise'])
  })

  it('keeps ids and emails unique (and ids valid ULIDs) over 100,000 contacts', () => {
    const demo = generateDemoWorkspace(options(100_000))
    const ids = new Set<string>([...demo.companies, ...demo.settings].map((doc) => doc.id))
    const emails = new Set<string>()
    let count = 0
    let withoutCompany = 0
    for (const batch of demo.contactBatches) {
      for (const contact of batch) {
        ids.add(contact.id)
        emails.add(contact.email)
        if (contact.companyId === '') withoutCompany++
        count++
      }
    }
    expect(count).toBe(100_000)
    expect(ids.size).toBe(100_000 + demo.companies.length + demo.settings.length)
    expect(emails.size).toBe(100_000)
    for (const id of ids) if (!isUlid(id) || id > '7ZZZZZZZZZZZZZZZZZZZZZZZZZ') expect(id).toBe('a valid ULID')
    for (const email of emails) if (email !== email.toLowerCase() || !/^[a-z0-9._]+@[a-z0-9.-]+\.[a-z]+$/.test(email)) expect(email).toBe('a lowercase address')
    expect(withoutCompany / count).toBeGreaterThan(0.05)
    expect(withoutCompany / count).toBeLessThan(0.25)
    // Generating 100,000 contacts takes 2–5 s alone, longer on a busy machine: not a timing test.
  }, 30_000)

  it('produces documents that validate against their schemas', () => {
    const demo = generateDemoWorkspace(options(5_000))
    expectValid(compileDocumentValidator(companySchema), demo.companies)
    expectValid(compileDocumentValidator(settingSchema), demo.settings)
    const validateContact = compileDocumentValidator(contactSchema)
    for (const batch of demo.contactBatches) expectValid(validateContact, batch)
    expectValid(compileDocumentValidator(activitySchema), demo.activities())
  })

  it('stamps every field with the given node at the last update, and nothing is later than now', () => {
    const demo = generateDemoWorkspace(options(2_000))
    expectStampedEnvelope(demo.companies)
    expectStampedEnvelope(demo.settings)
    expectStampedEnvelope(allContacts(2_000))
    expectStampedEnvelope(demo.activities())
  })

  it('builds ids from the creation time, so they sort by creation', () => {
    const contacts = allContacts(500)
    const byId = [...contacts].sort((a, b) => (a.id < b.id ? -1 : 1))
    for (let index = 1; index < byId.length; index++) {
      expect((byId[index] as Contact).createdAt).toBeGreaterThanOrEqual((byId[index - 1] as Contact).createdAt)
    }
  })

  it('generates contacts a user could have typed in the contact form', () => {
    const demo = generateDemoWorkspace(options(2_000))
    const definitions = demo.settings as CustomFieldDefinition[]
    const companyIds = new Set(demo.companies.map((company) => company.id))
    const companyDomains = new Map(demo.companies.map((company) => [company.id, company.domain]))
    let onCompanyDomain = 0
    for (const contact of allContacts(2_000)) {
      const result = validateContactInput({ ...contact, customFields: contact.customFields }, definitions)
      if (!result.ok) expect({ contact, errors: result.error }).toBeUndefined()
      expect(result.ok && result.value.email).toBe(contact.email)
      expect(result.ok && result.value.tags).toEqual(contact.tags)
      if (contact.companyId !== '') {
        expect(companyIds.has(contact.companyId)).toBe(true)
        if (contact.email.endsWith(`@${companyDomains.get(contact.companyId)}`)) onCompanyDomain++
      }
    }
    expect(onCompanyDomain).toBeGreaterThan(1_000)
  })

  it('spreads contacts realistically over stages, tags, names and custom fields', () => {
    const contacts = allContacts(10_000)
    const stages = countBy(contacts.map((contact) => contact.lifecycleStage))
    expect(Object.keys(stages).sort()).toEqual(
      ['customer', 'evangelist', 'lead', 'marketingQualified', 'opportunity', 'other', 'salesQualified', 'subscriber'].sort(),
    )
    expect(stages.subscriber).toBeGreaterThan(stages.customer ?? 0)
    expect(stages.customer).toBeGreaterThan(stages.evangelist ?? 0)
    const tags = new Set(contacts.flatMap((contact) => contact.tags))
    expect([...tags].sort()).toEqual([...CONTACT_TAGS].sort())
    expect(new Set(contacts.map((contact) => contact.firstName)).size).toBeGreaterThan(140)
    expect(new Set(contacts.map((contact) => contact.lastName)).size).toBeGreaterThan(140)
    expect(new Set(contacts.map((contact) => contact.title)).size).toBeGreaterThan(30)
    const plans = countBy(contacts.flatMap((contact) => (contact.customFields.plan ? [String(contact.customFields.plan)] : [])))
    expect(Object.keys(plans).sort()).toEqual(['Enterprise', 'Free', 'Pro', 'Starter'])
    const customers = contacts.filter((contact) => contact.lifecycleStage === 'customer')
    expect(customers.every((contact) => contact.customFields.plan !== undefined && contact.customFields.plan !== 'Free')).toBe(true)
    expect(contacts.some((contact) => contact.phone === '')).toBe(true)
    expect(contacts.some((contact) => /^\+\d+ [\d ]+$/.test(contact.phone))).toBe(true)
  })

  describe('activities', () => {
    it('gives the first 500 contacts a timeline with notes, calls and tasks, some overdue and some done', () => {
      const demo = generateDemoWorkspace(options(3_000))
      const first = allContacts(3_000).slice(0, DEMO_CONTACTS_WITH_ACTIVITIES)
      const activities = demo.activities()
      expect(new Set(activities.map((activity) => activity.contactId))).toEqual(new Set(first.map((contact) => contact.id)))
      expect(new Set(activities.map((activity) => activity.id)).size).toBe(activities.length)
      expect(activities.every((activity) => isUlid(activity.id))).toBe(true)
      const kinds = countBy(activities.map((activity) => activity.kind))
      expect(kinds.note).toBeGreaterThan(50)
      expect(kinds.call).toBeGreaterThan(50)
      const tasks = activities.filter((activity) => activity.kind === 'task')
      const overdue = tasks.filter((task) => task.done === false && (task.dueAt ?? Infinity) < NOW)
      const done = tasks.filter((task) => task.done === true && task.doneAt !== undefined && task.doneAt <= NOW)
      const upcoming = tasks.filter((task) => task.done === false && (task.dueAt ?? 0) > NOW)
      expect(overdue.length).toBeGreaterThan(20)
      expect(done.length).toBeGreaterThan(20)
      expect(upcoming.length).toBeGreaterThan(10)
      const byId = new Map(first.map((contact) => [contact.id, contact]))
      for (const activity of activities) {
        const contact = byId.get(activity.contactId)
        expect(activity.companyId).toBe(contact?.companyId)
        expect(activity.occurredAt).toBeGreaterThanOrEqual(contact?.createdAt ?? Infinity)
      }
    })

    it('are the same for a contact however the contacts are grouped', () => {
      const demo = generateDemoWorkspace(options(50))
      const contacts = allContacts(50)
      const together = demo.activitiesFor(contacts)
      const oneByOne = contacts.flatMap((contact) => demo.activitiesFor([contact]))
      expect(oneByOne).toEqual(together)
      expect(demo.activitiesFor([])).toEqual([])
    })

    it('covers all contacts when the workspace is smaller than 500', () => {
      const demo = generateDemoWorkspace(options(20))
      expect(new Set(demo.activities().map((activity) => activity.contactId)).size).toBe(20)
    })
  })

  it('gives contacts past subscriber the path that led them there, oldest first', () => {
    const contacts = allContacts(3_000)
    let withHistory = 0
    for (const contact of contacts) {
      const history = contact.stageHistory
      if (contact.lifecycleStage === 'subscriber' || contact.lifecycleStage === 'other') {
        expect(history).toBeUndefined()
        continue
      }
      withHistory++
      expect(history?.at(-1)?.stage).toBe(contact.lifecycleStage)
      expect(['subscriber', 'lead']).toContain(history?.[0]?.stage)
      expect(history?.[0]?.at).toBe(contact.createdAt)
      for (const [index, entry] of (history ?? []).entries()) {
        expect(entry.at).toBeLessThanOrEqual(contact.updatedAt)
        if (index > 0) expect(entry.at).toBeGreaterThanOrEqual(history?.[index - 1]?.at ?? Infinity)
      }
    }
    expect(withHistory).toBeGreaterThan(1_000)
  })

  describe('deals', () => {
    it('gives about one contact in ten a deal in the default pipeline, valid and stamped like the rest', () => {
      const demo = generateDemoWorkspace(options(10_000))
      const contacts = allContacts(10_000)
      const deals = demo.dealsFor(contacts)
      expect(deals.length).toBeGreaterThan(700)
      expect(deals.length).toBeLessThan(1_400)
      expectValid(compileDocumentValidator(dealSchema), deals)
      expectValid(compileDocumentValidator(settingSchema), [demo.pipeline])
      expectStampedEnvelope(deals)
      expectStampedEnvelope([demo.pipeline])
      expect(isUlid(demo.pipeline.id)).toBe(true)
      expect(deals.every((deal) => deal.pipelineId === demo.pipeline.id)).toBe(true)
      expect(demo.dealsFor(contacts.slice(0, 100), 'existing').every((deal) => deal.pipelineId === 'existing')).toBe(true)
      expect(new Set(deals.map((deal) => deal.id)).size).toBe(deals.length)
      expect(deals.every((deal) => isUlid(deal.id))).toBe(true)
      const stageIds = DEFAULT_PIPELINE_STAGES.map((stage) => stage.id)
      const byId = new Map(contacts.map((contact) => [contact.id, contact]))
      for (const deal of deals) {
        const contact = byId.get(deal.contactId)
        expect(deal.companyId).toBe(contact?.companyId)
        expect(deal.createdAt).toBeGreaterThanOrEqual(contact?.createdAt ?? Infinity)
        expect(stageIds).toContain(deal.stageId)
        expect(deal.stageHistory.map((entry) => entry.stageId)).toEqual(stageIds.slice(0, deal.stageHistory.length))
        expect(deal.stageHistory.every((entry, index) => index === 0 || entry.at >= (deal.stageHistory[index - 1]?.at ?? Infinity))).toBe(true)
        if (deal.status === 'open') expect(deal.closedAt).toBeUndefined()
        else expect(deal.closedAt !== undefined && deal.closedAt >= deal.createdAt && deal.closedAt <= NOW).toBe(true)
        if (deal.status === 'lost') expect(deal.lostReason).not.toBe('')
      }
      const statuses = countBy(deals.map((deal) => deal.status))
      expect(statuses.open).toBeGreaterThan(statuses.won ?? 0)
      expect(statuses.won).toBeGreaterThan(50)
      expect(statuses.lost).toBeGreaterThan(50)
    })

    it('are the same for a contact however the contacts are grouped', () => {
      const demo = generateDemoWorkspace(options(300))
      const contacts = allContacts(300)
      expect(contacts.flatMap((contact) => demo.dealsFor([contact]))).toEqual(demo.dealsFor(contacts))
      expect(generateDemoWorkspace(options(300)).dealsFor(contacts)).toEqual(demo.dealsFor(contacts))
    })
  })

  it('generates contacts lazily: the first batches of a 400,000-contact workspace come at once', () => {
    const started = performance.now()
    const demo = generateDemoWorkspace(options(400_000))
    const iterator = demo.contactBatches[Symbol.iterator]()
    const first = iterator.next()
    const second = iterator.next()
    const elapsed = performance.now() - started
    expect(Array.isArray(demo.contactBatches)).toBe(false)
    expect(first.done).toBe(false)
    expect(first.value).toHaveLength(DEMO_BATCH_SIZE)
    expect(second.value).toHaveLength(DEMO_BATCH_SIZE)
    // Generating all 400,000 contacts takes many seconds; two batches (plus 20,000 companies) do not.
    expect(elapsed).toBeLessThan(2_500)
  })

  it('rejects options that cannot make a valid workspace', () => {
    expect(() => generateDemoWorkspace(options(-1))).toThrow(RangeError)
    expect(() => generateDemoWorkspace(options(1.5))).toThrow(RangeError)
    expect(() => generateDemoWorkspace(options(10, { now: -5 }))).toThrow(RangeError)
    expect(() => generateDemoWorkspace(options(10, { batchSize: 0 }))).toThrow(RangeError)
    expect(() => generateDemoWorkspace(options(10, { nodeId: 'not a node' }))).toThrow()
  })
})

describe('asciiSlug', () => {
  it('folds accents and special letters to plain ASCII', () => {
    expect(asciiSlug("Søren O'Brien")).toBe('sorenobrien')
    expect(asciiSlug('Łukasz Zieliński')).toBe('lukaszzielinski')
    expect(asciiSlug('Nguyễn Trần')).toBe('nguyentran')
    expect(asciiSlug('Yılmaz Şahin')).toBe('yilmazsahin')
  })
})

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1
  return counts
}
