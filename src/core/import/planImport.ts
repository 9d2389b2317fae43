import { MAX_TAGS, type ContactInput } from '../contacts/contactInput'
import type { Contact } from '../schema/contacts'
import type { DuplicateMode } from './importFields'
import type { ImportDraft } from './mapImportRow'

export interface PlannedCreate {
  id: string
  draft: ImportDraft
  /** '' when the row names no company. */
  companyId: string
}

export interface PlannedUpdate {
  /** A contact already stored: in the workspace before the import, or created by an earlier batch. */
  id: string
  draft: ImportDraft
  /** Set when the row names a company. */
  companyId?: string
}

export interface NewCompany {
  id: string
  name: string
}

/**
 * One write's worth of rows. Creates have ids no other batch uses; an update never targets a
 * contact created in the same batch (that row is folded into the create), so the batch can be
 * written as one insert of companies, one of contacts and one upsert.
 */
export interface PlannedBatch {
  companies: NewCompany[]
  creates: PlannedCreate[]
  updates: PlannedUpdate[]
  /** Rows, not contacts: a row folded into another still counts as an update. */
  counts: { created: number; updated: number; skipped: number }
}

export interface ImportPlannerOptions {
  mode: DuplicateMode
  /** Normalized email → id of the live contact holding it. */
  existingContacts: ReadonlyMap<string, string>
  /** companyKey(name) → id of the live company with that name. */
  existingCompanies: ReadonlyMap<string, string>
  newId: () => string
}

/** Companies are the same when their names are, ignoring case and spacing. */
export function companyKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase()
}

/**
 * Decides, row by row, what each valid row does: create a contact, update one (an existing
 * contact with the same email, or one created earlier in the file), or nothing (skip). Companies
 * are linked by name or created once per distinct name. Pure apart from `newId`.
 */
export class ImportPlanner {
  private readonly knownEmails: Map<string, string>
  private readonly knownCompanies: Map<string, string>
  private batch: PlannedBatch = emptyBatch()
  private readonly createsInBatch = new Map<string, PlannedCreate>()
  private readonly updatesInBatch = new Map<string, PlannedUpdate>()

  constructor(private readonly options: ImportPlannerOptions) {
    this.knownEmails = new Map(options.existingContacts)
    this.knownCompanies = new Map(options.existingCompanies)
  }

  /** Rows taken into the current batch (created, updated or skipped). */
  get rowsInBatch(): number {
    const { created, updated, skipped } = this.batch.counts
    return created + updated + skipped
  }

  add(draft: ImportDraft): 'created' | 'updated' | 'skipped' {
    const { mode } = this.options
    const existingId = mode === 'create' ? undefined : this.knownEmails.get(draft.email)
    if (existingId !== undefined && mode === 'skip') {
      this.batch.counts.skipped++
      return 'skipped'
    }
    const companyId = draft.companyName ? this.companyIdFor(draft.companyName) : undefined
    if (existingId !== undefined) {
      const mergeMode = mode === 'fill' ? 'fill' : 'update'
      const create = this.createsInBatch.get(existingId)
      if (create) {
        create.draft = mergeDrafts(create.draft, draft, mergeMode)
        if (companyId !== undefined && (mergeMode === 'update' || create.companyId === '')) create.companyId = companyId
      } else {
        const update = this.updatesInBatch.get(existingId)
        if (update) {
          update.draft = mergeDrafts(update.draft, draft, mergeMode)
          if (companyId !== undefined && (mergeMode === 'update' || update.companyId === undefined)) update.companyId = companyId
        } else {
          const planned: PlannedUpdate = companyId === undefined ? { id: existingId, draft } : { id: existingId, draft, companyId }
          this.updatesInBatch.set(existingId, planned)
          this.batch.updates.push(planned)
        }
      }
      this.batch.counts.updated++
      return 'updated'
    }
    const id = this.options.newId()
    const planned: PlannedCreate = { id, draft, companyId: companyId ?? '' }
    this.createsInBatch.set(id, planned)
    this.batch.creates.push(planned)
    if (mode !== 'create') this.knownEmails.set(draft.email, id)
    this.batch.counts.created++
    return 'created'
  }

  /** Hands over the rows planned so far and starts a new batch. */
  takeBatch(): PlannedBatch {
    const batch = this.batch
    this.batch = emptyBatch()
    this.createsInBatch.clear()
    this.updatesInBatch.clear()
    return batch
  }

  private companyIdFor(name: string): string {
    const key = companyKey(name)
    const known = this.knownCompanies.get(key)
    if (known !== undefined) return known
    const id = this.options.newId()
    this.knownCompanies.set(key, id)
    this.batch.companies.push({ id, name: name.trim().replace(/\s+/g, ' ') })
    return id
  }
}

function emptyBatch(): PlannedBatch {
  return { companies: [], creates: [], updates: [], counts: { created: 0, updated: 0, skipped: 0 } }
}

/**
 * Two rows for one contact, as if applied one after the other: 'update' lets the later row's
 * values win, 'fill' keeps the earlier ones and only fills what they lack. Tags add up either way.
 */
export function mergeDrafts(first: ImportDraft, next: ImportDraft, mode: 'update' | 'fill'): ImportDraft {
  const [base, over] = mode === 'update' ? [first, next] : [next, first]
  const merged: ImportDraft = {
    ...base,
    ...definedOnly(over),
    email: first.email,
    tags: unionTags(first.tags, next.tags),
    customFields: { ...base.customFields, ...over.customFields },
  }
  return merged
}

function definedOnly(draft: ImportDraft): Partial<ImportDraft> {
  return Object.fromEntries(Object.entries(draft).filter(([, value]) => value !== undefined)) as Partial<ImportDraft>
}

/** Existing tags first, then new ones, without repeats; at most MAX_TAGS (the schema's limit). */
export function unionTags(existing: readonly string[], added: readonly string[]): string[] {
  return [...new Set([...existing, ...added])].slice(0, MAX_TAGS)
}

/** A new contact's fields from a draft: what the file lacks is blank, the stage defaults to lead. */
export function contactInputFromDraft(draft: ImportDraft, companyId: string): ContactInput {
  return {
    email: draft.email,
    firstName: draft.firstName ?? '',
    lastName: draft.lastName ?? '',
    phone: draft.phone ?? '',
    title: draft.title ?? '',
    companyId,
    tags: draft.tags,
    lifecycleStage: draft.lifecycleStage ?? 'lead',
    customFields: draft.customFields,
  }
}

const SCALAR_FIELDS = ['firstName', 'lastName', 'phone', 'title'] as const

/**
 * The fields an update sets on a stored contact. 'update' writes every value the row has; 'fill'
 * only fields that are blank on the contact (the stage is never blank, so it stays). Tags are
 * added to the contact's own. Unchanged values may be included: applyLocalChange skips them.
 */
export function importPatch(
  existing: Pick<Contact, 'firstName' | 'lastName' | 'phone' | 'title' | 'companyId' | 'tags' | 'lifecycleStage' | 'customFields'>,
  planned: Pick<PlannedUpdate, 'draft' | 'companyId'>,
  mode: 'update' | 'fill',
): Partial<ContactInput> {
  const { draft } = planned
  const patch: Partial<ContactInput> = {}
  for (const field of SCALAR_FIELDS) {
    const value = draft[field]
    if (value !== undefined && (mode === 'update' || existing[field] === '')) patch[field] = value
  }
  if (planned.companyId !== undefined && (mode === 'update' || existing.companyId === '')) patch.companyId = planned.companyId
  if (draft.lifecycleStage !== undefined && mode === 'update') patch.lifecycleStage = draft.lifecycleStage
  if (draft.tags.length > 0) patch.tags = unionTags(existing.tags, draft.tags)
  const customEntries = Object.entries(draft.customFields).filter(([key]) => {
    const current = existing.customFields[key]
    return mode === 'update' || current === undefined || current === null || current === ''
  })
  if (customEntries.length > 0) patch.customFields = { ...existing.customFields, ...Object.fromEntries(customEntries) }
  return patch
}
