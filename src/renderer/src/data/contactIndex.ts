import type { Subscription } from 'rxjs'
import type { Company, Contact, LifecycleStage } from '@core/schema'
import { LIFECYCLE_STAGES } from '@core/schema'
import type { OutpostDatabase } from './database'
import { storagePages } from './storagePages'

// The contacts screen must filter, search and sort 100,000 rows per keystroke. Non-indexed
// RxDB queries take seconds at that size (BASELINES.md) while a plain scan in memory takes
// tens of milliseconds, so the list reads from this index, kept current from RxDB's change
// stream. RxDB stays the only store; this is a read model.

export type ContactSortField = 'name' | 'email' | 'company' | 'lifecycleStage' | 'createdAt' | 'updatedAt'

export interface ContactQuery {
  text: string
  tags: string[]
  stages: LifecycleStage[]
  companyIds: string[]
  sort: { field: ContactSortField; direction: 'asc' | 'desc' }
}

export const EMPTY_CONTACT_QUERY: ContactQuery = {
  text: '',
  tags: [],
  stages: [],
  companyIds: [],
  sort: { field: 'name', direction: 'asc' },
}

interface Entry {
  contact: Contact
  /** Lower-cased "first last email", what text search matches (with the company name). */
  haystack: string
  /** Sort key for the name column, computed once per write rather than once per sort. */
  nameKey: string
  /** Last write time from RxDB, so a stale page read never overwrites a newer change event. */
  lwt: number
}

interface StoredContact extends Contact {
  _meta?: { lwt: number }
  _deleted?: boolean
}

type StoredCompany = Company & { _deleted?: boolean }

const NOTIFY_INTERVAL_MS = 150
/** While the initial load streams in, each notification re-sorts a growing list: fewer of them. */
const LOADING_NOTIFY_INTERVAL_MS = 1_000
const stageOrder = new Map(LIFECYCLE_STAGES.map((stage, index) => [stage, index]))

export class ContactIndex {
  private readonly entries = new Map<string, Entry>()
  private readonly companyNames = new Map<string, string>()
  private readonly listeners = new Set<() => void>()
  private version = 0
  private sortCache = new Map<ContactSortField, string[]>()
  /** Values computed from all rows, kept until the next change (see derive). */
  private derived = new Map<string, { version: number; value: unknown }>()
  private notifyTimer: ReturnType<typeof setTimeout> | null = null
  private lastNotify = 0
  private subscriptions: Subscription[] = []
  private countAtStart = 0
  loading = true

  /** Live contacts in storage, known before the full load finishes. */
  get total(): number {
    return this.loading ? Math.max(this.countAtStart, this.entries.size) : this.entries.size
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getVersion = (): number => this.version

  get size(): number {
    return this.entries.size
  }

  get(id: string): Contact | undefined {
    return this.entries.get(id)?.contact
  }

  /** Every live contact, in no particular order. */
  *all(): IterableIterator<Contact> {
    for (const { contact } of this.entries.values()) yield contact
  }

  companyName(companyId: string): string {
    return this.companyNames.get(companyId) ?? ''
  }

  /** Ids of the contacts matching `query`, in its sort order. */
  query(query: ContactQuery): string[] {
    const started = performance.now()
    const sorted = this.sortedIds(query.sort.field)
    const tokens = query.text.toLowerCase().split(/\s+/).filter(Boolean)
    const tags = query.tags.length > 0 ? query.tags : null
    const stages = query.stages.length > 0 ? new Set(query.stages) : null
    const companies = query.companyIds.length > 0 ? new Set(query.companyIds) : null
    const matchingCompanies = tokens.length > 0 ? this.companiesMatching(tokens) : null
    const result: string[] = []
    const ascending = query.sort.direction === 'asc'
    for (let i = 0; i < sorted.length; i++) {
      const id = sorted[ascending ? i : sorted.length - 1 - i] as string
      const entry = this.entries.get(id)
      if (!entry) continue
      const contact = entry.contact
      if (stages && !stages.has(contact.lifecycleStage)) continue
      if (companies && !companies.has(contact.companyId)) continue
      if (tags && !tags.every((tag) => contact.tags.includes(tag))) continue
      if (tokens.length > 0 && !matchesText(entry.haystack, tokens, matchingCompanies?.get(contact.companyId))) continue
      result.push(id)
    }
    // The latest query's timing stays visible to DevTools and bench/local-db.mjs; older ones are
    // cleared so the timeline does not grow with every keystroke.
    performance.clearMeasures('outpost:contact-query')
    performance.measure('outpost:contact-query', { start: started, detail: { matches: result.length, of: sorted.length } })
    return result
  }

  /** Every tag in use, most used first. */
  allTags(): string[] {
    return this.derive('tags', () => {
      const counts = new Map<string, number>()
      for (const { contact } of this.entries.values()) {
        for (const tag of contact.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1)
      }
      return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([tag]) => tag)
    })
  }

  /** Live companies (id and name) by name: the names the index already follows for search. */
  companies(): { id: string; name: string }[] {
    return this.derive('companies', () =>
      [...this.companyNames].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1)),
    )
  }

  /** Contacts per company id, in one pass. */
  contactCountsByCompany(): ReadonlyMap<string, number> {
    return this.derive('contactCountsByCompany', () => {
      const counts = new Map<string, number>()
      for (const { contact } of this.entries.values()) {
        if (contact.companyId) counts.set(contact.companyId, (counts.get(contact.companyId) ?? 0) + 1)
      }
      return counts
    })
  }

  /** Contacts (other than `exceptId`) that already use this email. */
  findByEmail(email: string, exceptId?: string): Contact | undefined {
    const wanted = email.trim().toLowerCase()
    if (!wanted) return undefined
    for (const { contact } of this.entries.values()) {
      if (contact.id !== exceptId && contact.email === wanted) return contact
    }
    return undefined
  }

  contactsOfCompany(companyId: string): Contact[] {
    const result: Contact[] = []
    for (const { contact } of this.entries.values()) if (contact.companyId === companyId) result.push(contact)
    return result
  }

  /** Starts following the database: change events first, then the existing rows page by page. */
  async attach(db: OutpostDatabase): Promise<void> {
    this.subscriptions.push(
      db.contacts.eventBulks$.subscribe((bulk) => {
        for (const event of bulk.events) {
          const data = event.documentData as StoredContact
          if (event.operation === 'DELETE' || data._deleted) this.remove(event.documentId)
          else this.upsert(data)
        }
        this.changed()
      }),
      db.companies.eventBulks$.subscribe((bulk) => {
        for (const event of bulk.events) this.setCompanyName(event.documentData as StoredCompany)
        this.invalidateSort('company')
        this.changed(true)
      }),
    )
    // A small first page paints the list at once; company names, the total and the rest follow.
    const contactPages = storagePages<StoredContact>(db.contacts.storageInstance)
    const first = await contactPages.next()
    this.applyContacts(first.value ?? [])
    performance.mark('outpost:first-contacts-read')
    this.changed(true)
    for await (const companies of storagePages<StoredCompany>(db.companies.storageInstance)) {
      for (const company of companies) this.setCompanyName(company)
    }
    this.invalidateSort('company')
    this.countAtStart = await db.contacts.count().exec()
    this.changed(true)
    for await (const contacts of contactPages) {
      this.applyContacts(contacts)
      this.changed()
    }
    this.loading = false
    this.changed(true)
  }

  detach(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe()
    this.subscriptions = []
  }

  /**
   * A page of stored contacts. When the page only adds contacts (the initial load), they are
   * merged into the cached sort orders in linear time instead of re-sorting 100,000 rows.
   */
  private applyContacts(documents: readonly StoredContact[]): void {
    const cached = [...this.sortCache]
    const added: string[] = []
    let onlyAdded = true
    for (const doc of documents) {
      const outcome = doc._deleted ? (this.remove(doc.id) ? 'changed' : 'unchanged') : this.upsert(doc)
      if (outcome === 'added') added.push(doc.id)
      else if (outcome === 'changed') onlyAdded = false
    }
    if (!onlyAdded || added.length === 0) return
    for (const [field, ids] of cached) this.sortCache.set(field, this.mergeSorted(ids, added, field))
  }

  private mergeSorted(sortedIds: readonly string[], addedIds: readonly string[], field: ContactSortField): string[] {
    const added = this.keyed(addedIds, field).sort(compareKeyed)
    const existing = this.keyed(sortedIds, field)
    const merged: string[] = []
    let i = 0
    let j = 0
    while (i < existing.length || j < added.length) {
      const next = j >= added.length || (i < existing.length && compareKeyed(existing[i]!, added[j]!) < 0) ? existing[i++]! : added[j++]!
      merged.push(next.id)
    }
    return merged
  }

  private keyed(ids: readonly string[], field: ContactSortField): Keyed[] {
    const result: Keyed[] = []
    for (const id of ids) {
      const entry = this.entries.get(id)
      if (entry) result.push({ id, key: this.sortKey(entry, field) })
    }
    return result
  }

  private setCompanyName(company: StoredCompany): void {
    if (company._deleted) this.companyNames.delete(company.id)
    else this.companyNames.set(company.id, company.name)
  }

  private upsert(data: StoredContact): 'added' | 'changed' | 'unchanged' {
    const lwt = data._meta?.lwt ?? 0
    const existing = this.entries.get(data.id)
    if (existing && existing.lwt > lwt) return 'unchanged'
    const { _meta: _ignored, ...contact } = data
    this.entries.set(data.id, {
      contact: contact as Contact,
      haystack: `${contact.firstName} ${contact.lastName} ${contact.email}`.toLowerCase(),
      // Nameless contacts sort after named ones, by email.
      nameKey: `${contact.firstName || contact.lastName ? '0' : '1'}${contact.lastName} ${contact.firstName} ${contact.email}`.toLowerCase(),
      lwt,
    })
    this.sortCache.clear()
    return existing ? 'changed' : 'added'
  }

  private remove(id: string): boolean {
    const removed = this.entries.delete(id)
    if (removed) this.sortCache.clear()
    return removed
  }

  private derive<T>(key: string, compute: () => T): T {
    const cached = this.derived.get(key)
    if (cached?.version === this.version) return cached.value as T
    const value = compute()
    this.derived.set(key, { version: this.version, value })
    return value
  }

  private invalidateSort(field: ContactSortField): void {
    this.sortCache.delete(field)
  }

  private companiesMatching(tokens: readonly string[]): Map<string, string> {
    const result = new Map<string, string>()
    for (const [id, name] of this.companyNames) {
      const lower = name.toLowerCase()
      if (tokens.some((token) => lower.includes(token))) result.set(id, lower)
    }
    return result
  }

  private sortedIds(field: ContactSortField): string[] {
    const cached = this.sortCache.get(field)
    if (cached) return cached
    const keyed: Keyed[] = []
    for (const [id, entry] of this.entries) keyed.push({ id, key: this.sortKey(entry, field) })
    const ids = keyed.sort(compareKeyed).map((row) => row.id)
    this.sortCache.set(field, ids)
    return ids
  }

  private sortKey({ contact, nameKey }: Entry, field: ContactSortField): string | number {
    switch (field) {
      case 'name':
        return nameKey
      case 'email':
        return contact.email
      case 'company':
        return `${this.companyNames.has(contact.companyId) ? '0' : '1'}${this.companyName(contact.companyId).toLowerCase()}`
      case 'lifecycleStage':
        return stageOrder.get(contact.lifecycleStage) ?? 99
      case 'createdAt':
        return contact.createdAt
      case 'updatedAt':
        return contact.updatedAt
    }
  }

  /** Coalesces change notifications so a 100k-row import does not re-render per batch. */
  private changed(immediate = false): void {
    this.version++
    const interval = this.loading ? LOADING_NOTIFY_INTERVAL_MS : NOTIFY_INTERVAL_MS
    if (immediate || Date.now() - this.lastNotify > interval) {
      this.flush()
      return
    }
    this.notifyTimer ??= setTimeout(() => this.flush(), interval)
  }

  private flush(): void {
    if (this.notifyTimer) clearTimeout(this.notifyTimer)
    this.notifyTimer = null
    this.lastNotify = Date.now()
    for (const listener of this.listeners) listener()
  }
}

interface Keyed {
  id: string
  key: string | number
}

function compareKeyed(a: Keyed, b: Keyed): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

function matchesText(haystack: string, tokens: readonly string[], companyName: string | undefined): boolean {
  return tokens.every((token) => haystack.includes(token) || (companyName !== undefined && companyName.includes(token)))
}
