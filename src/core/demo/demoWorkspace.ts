import { defaultPipelineFields, DEFAULT_PIPELINE_STAGES } from '../deals/pipeline'
import { createHlc, formatStamp } from '../hlc'
import type { Activity, ActivityKind } from '../schema/activities'
import type { Company } from '../schema/companies'
import type { Contact, ContactStageEntry, StageMoveSource } from '../schema/contacts'
import type { Deal, DealStageEntry } from '../schema/deals'
import type { LifecycleStage } from '../schema/lifecycle'
import { type CustomFieldDefinition, type CustomFieldType, type PipelineSetting } from '../schema/settings'
import { createSyncedDoc } from '../sync/localChange'
import {
  COMPANY_SUFFIXES,
  COMPANY_TAGS,
  COMPANY_WORDS,
  CONTACT_TAGS,
  FIRST_NAMES,
  INDUSTRIES,
  JOB_TITLES,
  LAST_NAMES,
  LEAD_SOURCES,
  PERSONAL_EMAIL_DOMAINS,
  PLACES,
  TOP_LEVEL_DOMAINS,
} from './demoNames'

// A deterministic demo workspace: the same options always give exactly the same documents, so a
// demo, a benchmark or a bug report can be reproduced anywhere.

export interface DemoWorkspaceOptions {
  contacts: number
  /** Wall time the workspace is generated "at": every createdAt/updatedAt/stamp is ≤ now. */
  now: number
  /** HLC node id stamped on every field (this device's id). */
  nodeId: string
  seed?: number
  /** Contacts per batch of `contactBatches` (default 2,000). */
  batchSize?: number
}

export interface DemoWorkspace {
  /** Insert first: contacts refer to them. */
  companies: Company[]
  /** Custom field definitions (plan, renewalDate, seats, source) the contacts' values follow. */
  settings: CustomFieldDefinition[]
  contactCount: number
  /**
   * Contacts generated on demand, one batch at a time, so 100,000 of them never sit in memory
   * at once. Iterating again starts over and yields the same contacts.
   */
  contactBatches: Iterable<Contact[]>
  /** Notes, tasks, calls and meetings for the given contacts; the same contact always gets the same ones. */
  activitiesFor(contacts: readonly Contact[]): Activity[]
  /** The demo timeline: activities for the first DEMO_CONTACTS_WITH_ACTIVITIES contacts. */
  activities(): Activity[]
  /** A pipeline with the default stages (what the deals screen creates first): the deals' stages. */
  pipeline: PipelineSetting
  /**
   * Deals of the given contacts (about one contact in ten has one): open deals for opportunities
   * and some sales-qualified contacts, won deals for some customers, a few lost ones. The same
   * contact always gets the same deal. In `pipelineId` (default: `pipeline`), which must have the default stages.
   */
  dealsFor(contacts: readonly Contact[], pipelineId?: string): Deal[]
}

export const DEMO_BATCH_SIZE = 2_000
export const DEMO_CONTACTS_WITH_ACTIVITIES = 500
export const DEMO_DEFAULT_SEED = 20_260_101

const DAY_MS = 86_400_000
const CONTACT_HISTORY_MS = 730 * DAY_MS
const COMPANY_HISTORY_MS = 1095 * DAY_MS
const MAX_ULID_TIME = 2 ** 48 - 1
const MAX_ACTIVITIES_PER_CONTACT = 4

// Kind digit inside the id's random part keeps ids of different collections apart.
const ID_KIND = { company: 0, setting: 1, contact: 2, activity: 8, deal: 16, pipeline: 17 } as const

const LIFECYCLE_WEIGHTS: readonly (readonly [LifecycleStage, number])[] = [
  ['subscriber', 34],
  ['lead', 25],
  ['marketingQualified', 12],
  ['salesQualified', 8],
  ['opportunity', 6],
  ['customer', 11],
  ['evangelist', 2],
  ['other', 2],
]
const PLANS = ['Free', 'Starter', 'Pro', 'Enterprise'] as const
const PAYING_STAGES: ReadonlySet<LifecycleStage> = new Set(['customer', 'evangelist'])

const CUSTOM_FIELDS: readonly { key: string; label: string; fieldType: CustomFieldType; options: readonly string[] }[] = [
  { key: 'plan', label: 'Plan', fieldType: 'select', options: PLANS },
  { key: 'renewalDate', label: 'Renewal date', fieldType: 'date', options: [] },
  { key: 'seats', label: 'Seats', fieldType: 'number', options: [] },
  { key: 'source', label: 'Source', fieldType: 'text', options: [] },
]

export function generateDemoWorkspace(options: DemoWorkspaceOptions): DemoWorkspace {
  const { contacts: contactCount, now, nodeId } = options
  const seed = (options.seed ?? DEMO_DEFAULT_SEED) >>> 0
  const batchSize = options.batchSize ?? DEMO_BATCH_SIZE
  if (!Number.isSafeInteger(contactCount) || contactCount < 0 || contactCount >= 2 ** 36) throw new RangeError(`contacts must be a whole number ≥ 0, got ${contactCount}`)
  if (!Number.isSafeInteger(now) || now < 0 || now > MAX_ULID_TIME) throw new RangeError(`now must be a millisecond timestamp, got ${now}`)
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be ≥ 1, got ${batchSize}`)
  createHlc(nodeId) // throws on a node id that would make unparseable stamps

  const context: Context = { seed, now, nodeId }
  const companies = generateCompanies(context, Math.max(5, Math.round(contactCount / 20)))
  const settings = generateSettings(context)
  const contactBatches: Iterable<Contact[]> = {
    [Symbol.iterator]: () => generateContactBatches(context, companies, contactCount, batchSize),
  }
  const companyNames = new Map(companies.map((company) => [company.id, company.name]))
  const activitiesFor = (contacts: readonly Contact[]) => contacts.flatMap((contact) => generateActivities(context, contact, companyNames))
  const activities = () => {
    const leading: Contact[] = []
    const wanted = Math.min(DEMO_CONTACTS_WITH_ACTIVITIES, contactCount)
    for (const batch of generateContactBatches(context, companies, wanted, batchSize)) leading.push(...batch)
    return activitiesFor(leading)
  }
  const pipeline = generatePipeline(context)
  const dealsFor = (contacts: readonly Contact[], pipelineId = pipeline.id) =>
    contacts.flatMap((contact) => generateDeal(context, contact, companyNames, pipelineId) ?? [])
  return { companies, settings, contactCount, contactBatches, activitiesFor, activities, pipeline, dealsFor }
}

interface Context {
  seed: number
  now: number
  nodeId: string
}

function stampAt(context: Context, wallMs: number): string {
  return formatStamp({ wallMs, counter: 0, node: context.nodeId })
}

function generateCompanies(context: Context, count: number): Company[] {
  const random = createRandom(hashString(`${context.seed}:companies`))
  const usedNames = new Set<string>()
  const usedDomains = new Set<string>()
  const domainSuffixes = new Map<string, number>()
  const companies: Company[] = []
  for (let index = 0; index < count; index++) {
    const word = random.pick(COMPANY_WORDS)
    const pattern = random.next()
    const [suffix, suffixIndustry] = random.pick(COMPANY_SUFFIXES)
    let name = `${word} ${suffix}`
    let industry: string = suffixIndustry
    if (pattern >= 0.75 && pattern < 0.9) {
      name = `${word} & ${random.pick(COMPANY_WORDS)}`
      industry = random.pick(INDUSTRIES)
    } else if (pattern >= 0.9) {
      name = `${word} ${random.pick(COMPANY_WORDS)} ${suffix}`
    }
    // Over 100,000 names are possible; the numbered fallback only guarantees uniqueness.
    if (usedNames.has(name)) name = `${name} ${random.pick(['Group', 'International', 'Holdings'])}`
    if (usedNames.has(name)) name = `${name} ${index + 1}`
    usedNames.add(name)
    const domain = uniqueLabel(`${asciiSlug(name.replace(/ (Group|International|Holdings)( \d+)?$/, ''))}.${random.pick(TOP_LEVEL_DOMAINS)}`, usedDomains, domainSuffixes)
    const [city, country, dialPrefix] = random.pick(PLACES)
    const createdAt = Math.max(0, context.now - random.int(30 * DAY_MS, COMPANY_HISTORY_MS))
    const updatedAt = random.int(createdAt, context.now)
    const fields = {
      name,
      domain,
      industry,
      employees: Math.round(Math.exp(random.next() * Math.log(20_000))) + 1,
      phone: random.chance(0.8) ? phoneNumber(random, dialPrefix) : '',
      city,
      country,
      tags: random.pickSome(COMPANY_TAGS, random.int(0, 2)),
      createdAt,
    }
    const id = demoId(createdAt, context.seed, ID_KIND.company, index)
    companies.push(createSyncedDoc<Company>(id, fields, stampAt(context, updatedAt), updatedAt))
  }
  return companies
}

function generateSettings(context: Context): CustomFieldDefinition[] {
  const createdAt = Math.max(0, context.now - CONTACT_HISTORY_MS - DAY_MS)
  return CUSTOM_FIELDS.map((field, position) =>
    createSyncedDoc<CustomFieldDefinition>(
      demoId(createdAt, context.seed, ID_KIND.setting, position),
      { kind: 'customField', key: field.key, label: field.label, fieldType: field.fieldType, options: [...field.options], position, createdAt },
      stampAt(context, createdAt),
      createdAt,
    ),
  )
}

interface UniqueEmails {
  used: Set<string>
  nextSuffix: Map<string, number>
}

function* generateContactBatches(context: Context, companies: readonly Company[], count: number, batchSize: number): Generator<Contact[]> {
  const random = createRandom(hashString(`${context.seed}:contacts`))
  const emails: UniqueEmails = { used: new Set(), nextSuffix: new Map() }
  let batch: Contact[] = []
  for (let index = 0; index < count; index++) {
    batch.push(generateContact(context, random, companies, emails, index))
    if (batch.length === batchSize) {
      yield batch
      batch = []
    }
  }
  if (batch.length > 0) yield batch
}

function generateContact(context: Context, random: Random, companies: readonly Company[], emails: UniqueEmails, index: number): Contact {
  const firstName = random.pick(FIRST_NAMES)
  const lastName = random.pick(LAST_NAMES)
  const company = random.chance(0.88) ? random.pick(companies) : undefined
  const first = asciiSlug(firstName) || 'contact'
  const last = asciiSlug(lastName)
  const domain = company && random.chance(0.94) ? company.domain : random.pick(PERSONAL_EMAIL_DOMAINS)
  const local = random.weighted<string>([
    [`${first}.${last}`, 50],
    [`${first}${last}`, 12],
    [`${first.charAt(0)}${last}`, 15],
    [`${first}`, company ? 8 : 2],
    [`${first}_${last}`, 5],
    [`${first}.${last.charAt(0)}`, 5],
  ])
  const email = uniqueLabel(`${local}@${domain}`, emails.used, emails.nextSuffix)
  const lifecycleStage = random.weighted(LIFECYCLE_WEIGHTS)
  const createdAt = Math.max(0, context.now - random.int(0, CONTACT_HISTORY_MS))
  // Most contacts were touched again after they were created; some never.
  const updatedAt = random.chance(0.7) ? random.int(createdAt, context.now) : createdAt
  const place = company ? PLACES.find(([city]) => city === company.city) ?? random.pick(PLACES) : random.pick(PLACES)
  const fields = {
    email,
    firstName,
    lastName,
    phone: random.chance(0.65) ? phoneNumber(random, place[2]) : '',
    title: random.chance(company ? 0.9 : 0.35) ? random.pick(JOB_TITLES) : '',
    companyId: company?.id ?? '',
    tags: random.pickSome(CONTACT_TAGS, random.weighted([[0, 35], [1, 35], [2, 20], [3, 10]])),
    lifecycleStage,
    customFields: customFieldValues(context, random, lifecycleStage),
    createdAt,
  }
  const stageHistory = demoStageHistory(context, index, lifecycleStage, createdAt, updatedAt)
  if (stageHistory) Object.assign(fields, { stageHistory })
  const id = demoId(createdAt, context.seed, ID_KIND.contact, index)
  return createSyncedDoc<Contact>(id, fields, stampAt(context, updatedAt), updatedAt)
}

const STAGE_MOVE_SOURCE: Partial<Record<LifecycleStage, StageMoveSource>> = {
  lead: 'manual',
  marketingQualified: 'score',
  salesQualified: 'score',
  opportunity: 'deal',
  customer: 'deal',
  evangelist: 'manual',
}

/**
 * How a contact got to its stage: from subscriber (or straight in as a lead) up to where it is,
 * between its creation and its last update, so the lifecycle funnel has conversions to show.
 * Absent for subscribers and 'other' (a contact without history entered its stage when created).
 * Its own random stream, so the contacts' other fields are what they were before histories.
 */
function demoStageHistory(context: Context, index: number, stage: LifecycleStage, createdAt: number, updatedAt: number): ContactStageEntry[] | undefined {
  const rank = FUNNEL_ORDER.indexOf(stage)
  if (rank <= 0) return undefined
  const random = createRandom(hashString(`${context.seed}:stages:${index}`))
  const first = rank >= 1 && random.chance(0.4) ? 1 : 0
  const path = FUNNEL_ORDER.slice(first, rank + 1)
  const times = path.map((_, step) => (step === 0 ? createdAt : random.int(createdAt, updatedAt))).sort((a, b) => a - b)
  return path.map((entry, step) => ({ stage: entry, at: times[step] ?? createdAt, source: step === 0 ? 'import' : STAGE_MOVE_SOURCE[entry] ?? 'manual' }))
}

const FUNNEL_ORDER: readonly LifecycleStage[] = ['subscriber', 'lead', 'marketingQualified', 'salesQualified', 'opportunity', 'customer', 'evangelist']

function customFieldValues(context: Context, random: Random, stage: LifecycleStage): Record<string, string | number> {
  const values: Record<string, string | number> = {}
  const paying = PAYING_STAGES.has(stage)
  if (paying || random.chance(0.45)) {
    const plan = paying ? random.weighted<string>([['Starter', 40], ['Pro', 40], ['Enterprise', 20]]) : random.weighted<string>([['Free', 70], ['Starter', 20], ['Pro', 10]])
    values.plan = plan
    if (plan !== 'Free') {
      values.seats = plan === 'Enterprise' ? random.int(50, 2_000) : random.int(1, 60)
      values.renewalDate = isoDate(context.now + random.int(1, 365) * DAY_MS)
    }
  }
  if (random.chance(0.8)) values.source = random.pick(LEAD_SOURCES)
  return values
}

const ACTIVITY_WEIGHTS: readonly (readonly [ActivityKind, number])[] = [
  ['note', 35],
  ['task', 30],
  ['call', 25],
  ['meeting', 10],
]

function generateActivities(context: Context, contact: Contact, companyNames: ReadonlyMap<string, string>): Activity[] {
  const random = createRandom(hashString(`${context.seed}:activities:${contact.id}`))
  const who = [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.email
  const where = companyNames.get(contact.companyId) ?? 'their team'
  const count = random.int(1, MAX_ACTIVITIES_PER_CONTACT)
  const activities: Activity[] = []
  for (let ordinal = 0; ordinal < count; ordinal++) {
    const kind = random.weighted(ACTIVITY_WEIGHTS)
    const occurredAt = random.int(contact.createdAt, context.now)
    const fields: Omit<Activity, 'id' | 'updatedAt' | '_clock'> = {
      kind,
      contactId: contact.id,
      companyId: contact.companyId,
      subject: '',
      body: '',
      occurredAt,
      createdAt: occurredAt,
    }
    let updatedAt = occurredAt
    switch (kind) {
      case 'note':
        fields.subject = random.pick([`Notes on ${who}`, `Background: ${where}`, 'Budget and timing', 'Feedback from the demo'])
        fields.body = random.pick([
          `${who} is evaluating options for ${where}; decision expected this quarter.`,
          `Prefers email over calls. Interested in the reporting features.`,
          `Mentioned a competitor's pricing; follow up with a comparison.`,
          `Met at the booth, asked about integrations and data import.`,
        ])
        break
      case 'task': {
        fields.subject = random.pick([`Follow up with ${who}`, `Send proposal to ${where}`, 'Schedule product demo', 'Share case study', 'Check in after trial'])
        fields.body = ''
        const outcome = random.next()
        if (outcome < 0.45) {
          fields.dueAt = Math.min(context.now, occurredAt + random.int(1, 14) * DAY_MS)
          fields.done = true
          fields.doneAt = random.int(occurredAt, context.now)
          updatedAt = fields.doneAt
        } else if (outcome < 0.75 && occurredAt < context.now) {
          fields.dueAt = random.int(occurredAt, context.now - 1) // overdue
          fields.done = false
        } else {
          fields.dueAt = context.now + random.int(1, 30) * DAY_MS
          fields.done = false
        }
        break
      }
      case 'call':
        fields.subject = random.pick([`Call with ${who}`, 'Discovery call', 'Pricing questions', 'Onboarding check-in'])
        fields.body = random.pick(['Left a voicemail.', 'Good conversation; they want a quote.', 'Walked through the setup together.', ''])
        fields.durationMinutes = random.int(2, 45)
        break
      case 'meeting':
        fields.subject = random.pick([`Meeting with ${where}`, 'Quarterly business review', 'Product demo', 'Kick-off'])
        fields.body = random.pick(['Agenda: goals, timeline, next steps.', 'Demoed segments and campaigns.', ''])
        fields.durationMinutes = random.pick([30, 45, 60, 90])
        break
    }
    const id = `${encodeBase32(occurredAt, 10)}${contact.id.slice(10, 17)}${encodeBase32(ID_KIND.activity + ordinal, 1)}${contact.id.slice(18)}`
    activities.push(createSyncedDoc<Activity>(id, fields, stampAt(context, updatedAt), updatedAt))
  }
  return activities
}

// --- deals -------------------------------------------------------------------------------------

const DEAL_PRODUCTS = ['Starter plan', 'Pro plan', 'Enterprise plan', 'Renewal', 'Expansion', 'Onboarding package', 'Annual contract'] as const
const LOST_REASONS = ['Chose a competitor', 'No budget this year', 'Went quiet', 'Timing: revisit next quarter', 'Missing integration'] as const

function generatePipeline(context: Context): PipelineSetting {
  const createdAt = Math.max(0, context.now - CONTACT_HISTORY_MS - DAY_MS)
  const id = demoId(createdAt, context.seed, ID_KIND.pipeline, 0)
  return createSyncedDoc<PipelineSetting>(id, { ...defaultPipelineFields(), createdAt }, stampAt(context, createdAt), createdAt)
}

/** What happened to a contact's deal, by stage: roughly one contact in ten has one. */
function dealOutcome(random: Random, stage: LifecycleStage): Deal['status'] | null {
  switch (stage) {
    case 'opportunity':
      return random.chance(0.85) ? 'open' : 'lost'
    case 'salesQualified':
      return random.chance(0.3) ? 'open' : null
    case 'customer':
    case 'evangelist':
      return random.chance(0.12) ? 'won' : null
    case 'marketingQualified':
    case 'lead':
      return random.chance(0.02) ? 'lost' : null
    default:
      return null
  }
}

function generateDeal(context: Context, contact: Contact, companyNames: ReadonlyMap<string, string>, pipelineId: string): Deal | null {
  const random = createRandom(hashString(`${context.seed}:deal:${contact.id}`))
  const status = dealOutcome(random, contact.lifecycleStage)
  if (!status) return null
  const stages = DEFAULT_PIPELINE_STAGES
  // Open deals sit anywhere in the pipeline (fewer further along); closed ones got some way first.
  const reached = status === 'won' ? stages.length - 1 : random.weighted(stages.map((_, index) => [index, stages.length - index] as const))
  const createdAt = random.int(contact.createdAt, Math.max(contact.createdAt, context.now - DAY_MS))
  const closedAt = status === 'open' ? undefined : random.int(createdAt, context.now)
  const history: DealStageEntry[] = []
  const lastMove = closedAt ?? context.now
  for (let index = 0; index <= reached; index++) {
    const stage = stages[index]
    if (!stage) break
    history.push({ stageId: stage.id, at: index === 0 ? createdAt : random.int(history[index - 1]?.at ?? createdAt, lastMove) })
  }
  const who = companyNames.get(contact.companyId) ?? ([contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.email)
  // Log-uniform from 1,000 to 120,000, rounded to hundreds: many small deals, a few large ones.
  const amount = Math.round(Math.exp(Math.log(1_000) + random.next() * Math.log(120)) / 100) * 100 * 100
  const closeDate = closedAt !== undefined ? isoDate(closedAt) : isoDate(context.now + random.int(-10, 150) * DAY_MS)
  const fields: Omit<Deal, 'id' | 'updatedAt' | '_clock'> = {
    name: `${who} — ${random.pick(DEAL_PRODUCTS)}`.slice(0, 200),
    pipelineId,
    stageId: history[history.length - 1]?.stageId ?? stages[0]?.id ?? '',
    status,
    amount,
    currency: random.chance(0.9) ? 'USD' : 'EUR',
    closeDate,
    ownerId: '',
    contactId: contact.id,
    companyId: contact.companyId,
    lostReason: status === 'lost' ? random.pick(LOST_REASONS) : '',
    stageHistory: history,
    position: random.int(0, 1_000_000),
    createdAt,
  }
  if (closedAt !== undefined) fields.closedAt = closedAt
  const updatedAt = Math.max(createdAt, closedAt ?? history[history.length - 1]?.at ?? createdAt)
  const id = `${encodeBase32(createdAt, 10)}${contact.id.slice(10, 17)}${encodeBase32(ID_KIND.deal, 1)}${contact.id.slice(18)}`
  return createSyncedDoc<Deal>(id, fields, stampAt(context, updatedAt), updatedAt)
}

// --- ids ---------------------------------------------------------------------------------------

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

function encodeBase32(value: number, length: number): string {
  let text = ''
  let rest = value
  for (let position = 0; position < length; position++) {
    text = CROCKFORD.charAt(rest % 32) + text
    rest = Math.floor(rest / 32)
  }
  return text
}

/** A valid ULID: creation time, then seed, collection and index instead of randomness, so it is reproducible and unique. */
function demoId(timeMs: number, seed: number, kind: number, index: number): string {
  return `${encodeBase32(timeMs, 10)}${encodeBase32(seed, 7)}${encodeBase32(kind, 1)}${encodeBase32(index, 8)}`
}

// --- text helpers ------------------------------------------------------------------------------

const ASCII_FOLDS: Record<string, string> = { ø: 'o', ł: 'l', ß: 'ss', æ: 'ae', œ: 'oe', đ: 'd', ð: 'd', þ: 'th', ı: 'i' }

/** "Søren O'Brien" → "sorenobrien": what a name becomes in an email address or a domain. */
export function asciiSlug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[øłßæœđðþı]/g, (letter) => ASCII_FOLDS[letter] ?? '')
    .replace(/[^a-z0-9]/g, '')
}

/** `label` itself, or with 2, 3, … before the "@" (emails) or the first "." (domains) when already taken. */
function uniqueLabel(label: string, used: Set<string>, nextSuffix: Map<string, number>): string {
  let candidate = label
  const split = label.includes('@') ? label.indexOf('@') : label.indexOf('.')
  let suffix = nextSuffix.get(label) ?? 2
  while (used.has(candidate)) candidate = `${label.slice(0, split)}${suffix++}${label.slice(split)}`
  nextSuffix.set(label, suffix)
  used.add(candidate)
  return candidate
}

function phoneNumber(random: Random, dialPrefix: string): string {
  const digits = (count: number) => Array.from({ length: count }, () => random.int(0, 9)).join('')
  return `${dialPrefix} ${random.int(2, 9)}${digits(2)} ${digits(3)} ${digits(4)}`
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

// --- seeded randomness -------------------------------------------------------------------------

interface Random {
  /** Uniform in [0, 1). */
  next(): number
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number
  chance(probability: number): boolean
  pick<T>(items: readonly T[]): T
  /** `count` distinct items, in vocabulary order. */
  pickSome<T>(items: readonly T[], count: number): T[]
  weighted<T>(entries: readonly (readonly [T, number])[]): T
}

function createRandom(seed: number): Random {
  const next = mulberry32(seed)
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(items: readonly T[]): T => {
    const item = items[int(0, items.length - 1)]
    if (item === undefined) throw new Error('pick from an empty list')
    return item
  }
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick,
    pickSome: (items, count) => {
      const chosen = new Set<number>()
      while (chosen.size < Math.min(count, items.length)) chosen.add(int(0, items.length - 1))
      return items.filter((_, index) => chosen.has(index))
    },
    weighted: (entries) => {
      const total = entries.reduce((sum, [, weight]) => sum + weight, 0)
      let roll = next() * total
      for (const [value, weight] of entries) {
        roll -= weight
        if (roll < 0) return value
      }
      const last = entries[entries.length - 1]
      if (!last) throw new Error('weighted pick from an empty list')
      return last[0]
    },
  }
}

/** mulberry32: tiny, fast, good enough for demo data, and identical on every platform. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** FNV-1a: turns a label into a 32-bit seed so each stream (companies, contacts, one contact's timeline) is independent. */
function hashString(text: string): number {
  let hash = 0x811c9dc5
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}
