import type { Subscription } from 'rxjs'
import {
  DEFAULT_SCORING_CONFIG,
  collectSignals,
  scoreContact,
  scoringConfigFrom,
  type ContactScore,
  type ContactSignals,
  type ScoringConfig,
} from '@core/scoring/score'
import { settingSingleton$ } from '../../data/settingSingletons'
import type { Contact, Deal, EngagementEvent } from '@core/schema'
import type { ContactIndex } from '../../data/contactIndex'
import type { OutpostDatabase } from '../../data/database'
import { storagePages } from '../../data/storagePages'
import { yieldToBrowser } from '../export/chunkedWork'

// Scores are computed, never stored (decay would otherwise rewrite every contact). This service
// keeps them in memory for the whole workspace: a full pass when the rules change (in time slices,
// with progress, so 100,000 contacts never freeze the window), and single contacts when a
// contact, an engagement event or a deal changes.

export interface ScoreProgress {
  done: number
  total: number
  /** Why the pass runs: the first one after opening, a rule change, or the periodic decay refresh. */
  reason: 'initial' | 'config' | 'refresh'
}

export interface ScoreServiceSnapshot {
  /** Changes whenever any score, the config or the progress changes. */
  version: number
  /** Every contact has been scored at least once. */
  ready: boolean
  progress: ScoreProgress | null
  config: ScoringConfig
}

/** Ids of the contacts whose score may have changed, or null for all of them. */
export type ScoresChangedListener = (ids: readonly string[] | null) => void

/** How long one slice of scoring may hold the main thread before yielding. */
const SLICE_MS = 12
/** Decay moves scores with time alone: rescore everyone this often. */
const REFRESH_INTERVAL_MS = 60 * 60_000
const NOTIFY_INTERVAL_MS = 100

type StoredEvent = EngagementEvent & { _deleted?: boolean }
type StoredContact = Contact & { _deleted?: boolean }
type LoadPart = 'settings' | 'deals' | 'events' | 'contacts'

export interface ScoreServiceOptions {
  /** The clock (tests pin it). */
  now?: () => number
  /** Lets the browser breathe between slices (tests may pass an immediate one). */
  yieldToUi?: () => Promise<void>
  /** How long one slice may run (ms); tests pass 0 to see every slice. */
  sliceMs?: number
}

export class ScoreService {
  private config: ScoringConfig = DEFAULT_SCORING_CONFIG
  private configKey = JSON.stringify(DEFAULT_SCORING_CONFIG)
  private readonly scores = new Map<string, ContactScore>()
  /** Opens and clicks by contact, from the local events window. */
  private readonly eventSignals = new Map<string, ContactSignals>()
  /** Deal times by contact, rebuilt from every deals emission (≤ 10,000 deals: cheap). */
  private dealSignals = new Map<string, ContactSignals>()
  private readonly listeners = new Set<() => void>()
  private readonly changeListeners = new Set<ScoresChangedListener>()
  private subscriptions: Subscription[] = []
  private snapshot: ScoreServiceSnapshot
  private progress: ScoreProgress | null = null
  private ready = false
  private version = 0
  private passGeneration = 0
  private readonly loaded: Record<LoadPart, boolean> = { settings: false, deals: false, events: false, contacts: false }
  private readonly dirty = new Map<string, Contact | null>()
  private incrementalRunning = false
  private refreshTimer: ReturnType<typeof setInterval> | null = null
  private notifyTimer: ReturnType<typeof setTimeout> | null = null
  private disposed = false
  private readonly now: () => number
  private readonly yieldToUi: () => Promise<void>
  private readonly sliceMs: number

  constructor(
    private readonly db: OutpostDatabase,
    private readonly contacts: ContactIndex,
    options: ScoreServiceOptions = {},
  ) {
    this.now = options.now ?? Date.now
    this.yieldToUi = options.yieldToUi ?? yieldToBrowser
    this.sliceMs = options.sliceMs ?? SLICE_MS
    this.snapshot = this.makeSnapshot()
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getSnapshot = (): ScoreServiceSnapshot => this.snapshot

  /** Told which contacts' scores were (re)computed: the lifecycle automation listens here. */
  onScoresChanged(listener: ScoresChangedListener): () => void {
    this.changeListeners.add(listener)
    return () => this.changeListeners.delete(listener)
  }

  get currentConfig(): ScoringConfig {
    return this.config
  }

  get(contactId: string): ContactScore | undefined {
    return this.scores.get(contactId)
  }

  /** Every computed score (contact ids are the keys of `get`). */
  allScores(): IterableIterator<ContactScore> {
    return this.scores.values()
  }

  /** The contact's engagement and deal signals, for scoring one contact on the spot (its page). */
  signalsOf(contactId: string): ContactSignals | undefined {
    const events = this.eventSignals.get(contactId)
    const deals = this.dealSignals.get(contactId)
    if (!deals) return events
    if (!events) return deals
    return { opens: events.opens, clicks: events.clicks, dealsCreated: deals.dealsCreated, dealsWon: deals.dealsWon }
  }

  /** Starts following settings, deals, events and contacts; the first full pass runs once all are loaded. */
  start(): void {
    const { db } = this
    this.subscriptions.push(
      settingSingleton$(db, 'scoring').subscribe((doc) => {
        this.applyConfig(scoringConfigFrom(doc))
        this.markLoaded('settings')
      }),
      db.deals.find().$.subscribe((docs) => {
        this.applyDeals(docs.map((doc) => doc.toJSON() as Deal))
        this.markLoaded('deals')
      }),
      db.events.eventBulks$.subscribe((bulk) => {
        if (!this.loaded.events) return // the page read below sees them
        const added: StoredEvent[] = []
        for (const event of bulk.events) {
          if (event.operation === 'INSERT') added.push(event.documentData as StoredEvent)
        }
        this.addEvents(added)
      }),
      db.contacts.eventBulks$.subscribe((bulk) => {
        for (const event of bulk.events) {
          const data = event.documentData as StoredContact
          if (event.operation === 'DELETE' || data._deleted) {
            this.scores.delete(event.documentId)
            this.dirty.delete(event.documentId)
          } else this.dirty.set(event.documentId, data)
        }
        this.runIncremental()
      }),
    )
    const stopWatchingIndex = this.contacts.subscribe(() => {
      if (!this.contacts.loading) {
        stopWatchingIndex()
        this.markLoaded('contacts')
      }
    })
    this.subscriptions.push({ unsubscribe: stopWatchingIndex } as Subscription)
    if (!this.contacts.loading) this.markLoaded('contacts')
    void this.loadEvents()
    this.refreshTimer = setInterval(() => void this.fullPass('refresh'), REFRESH_INTERVAL_MS)
  }

  dispose(): void {
    this.disposed = true
    this.passGeneration++
    for (const subscription of this.subscriptions) subscription.unsubscribe()
    this.subscriptions = []
    if (this.refreshTimer) clearInterval(this.refreshTimer)
    if (this.notifyTimer) clearTimeout(this.notifyTimer)
    this.listeners.clear()
    this.changeListeners.clear()
  }

  /** Rescores everyone now (tests, and "Recalculate" in settings). */
  recalculate(): Promise<void> {
    return this.fullPass('config')
  }

  private async loadEvents(): Promise<void> {
    const events: StoredEvent[] = []
    for await (const page of storagePages<StoredEvent>(this.db.events.storageInstance)) {
      if (this.disposed) return
      for (const event of page) if (!event._deleted) events.push(event)
    }
    for (const [contactId, signals] of collectSignals(events, [])) this.eventSignals.set(contactId, signals)
    this.markLoaded('events')
  }

  private markLoaded(part: LoadPart): void {
    if (this.loaded[part]) return
    this.loaded[part] = true
    if (Object.values(this.loaded).every(Boolean)) void this.fullPass('initial')
  }

  private applyConfig(next: ScoringConfig): void {
    const key = JSON.stringify(next)
    if (key === this.configKey) return
    this.config = next
    this.configKey = key
    this.publish(true)
    if (Object.values(this.loaded).every(Boolean)) void this.fullPass('config')
  }

  private applyDeals(deals: readonly Deal[]): void {
    const next = collectSignals([], deals)
    const touched = new Set<string>()
    for (const [contactId, signals] of next) {
      const before = this.dealSignals.get(contactId)
      if (!before || !sameTimes(before.dealsCreated, signals.dealsCreated) || !sameTimes(before.dealsWon, signals.dealsWon)) touched.add(contactId)
    }
    for (const contactId of this.dealSignals.keys()) if (!next.has(contactId)) touched.add(contactId)
    this.dealSignals = next
    if (!this.loaded.deals) return
    for (const contactId of touched) if (!this.dirty.has(contactId)) this.dirty.set(contactId, null)
    this.runIncremental()
  }

  private addEvents(events: readonly StoredEvent[]): void {
    const fresh = collectSignals(
      events.filter((event) => !event._deleted),
      [],
    )
    for (const [contactId, signals] of fresh) {
      const existing = this.eventSignals.get(contactId)
      if (existing) {
        existing.opens = mergeSorted(existing.opens, signals.opens)
        existing.clicks = mergeSorted(existing.clicks, signals.clicks)
      } else this.eventSignals.set(contactId, signals)
      if (!this.dirty.has(contactId)) this.dirty.set(contactId, null)
    }
    if (fresh.size > 0) this.runIncremental()
  }

  /** Scores the dirty contacts in time slices; contacts changed meanwhile join the queue. */
  private runIncremental(): void {
    if (this.incrementalRunning || !this.ready || this.dirty.size === 0) return
    this.incrementalRunning = true
    void (async () => {
      try {
        while (this.dirty.size > 0 && !this.disposed) {
          const changed: string[] = []
          const sliceStart = performance.now()
          const now = this.now()
          for (const [id, data] of this.dirty) {
            this.dirty.delete(id)
            const contact = data ?? this.contacts.get(id)
            if (!contact) continue
            this.scores.set(id, scoreContact(contact, this.signalsOf(id), this.config, now))
            changed.push(id)
            if (performance.now() - sliceStart >= this.sliceMs) break
          }
          if (changed.length > 0) {
            this.publish()
            for (const listener of this.changeListeners) listener(changed)
          }
          if (this.dirty.size > 0) await this.yieldToUi()
        }
      } finally {
        this.incrementalRunning = false
      }
    })()
  }

  private async fullPass(reason: ScoreProgress['reason']): Promise<void> {
    if (this.disposed) return
    const generation = ++this.passGeneration
    const started = performance.now()
    const ids: string[] = []
    for (const contact of this.contacts.all()) ids.push(contact.id)
    const now = this.now()
    const config = this.config
    this.progress = { done: 0, total: ids.length, reason }
    this.publish(true)
    let sliceStart = performance.now()
    for (let index = 0; index < ids.length; index++) {
      const id = ids[index] as string
      const contact = this.contacts.get(id)
      if (contact) this.scores.set(id, scoreContact(contact, this.signalsOf(id), config, now))
      if ((index & 127) === 127 && performance.now() - sliceStart >= this.sliceMs) {
        this.progress = { done: index + 1, total: ids.length, reason }
        this.publish()
        await this.yieldToUi()
        // A newer pass (rules changed again) or disposal takes over.
        if (generation !== this.passGeneration) return
        sliceStart = performance.now()
      }
    }
    for (const id of this.scores.keys()) if (!this.contacts.get(id)) this.scores.delete(id)
    this.progress = null
    this.ready = true
    performance.clearMeasures('outpost:rescore')
    performance.measure('outpost:rescore', { start: started, detail: { contacts: ids.length, reason } })
    this.publish(true)
    for (const listener of this.changeListeners) listener(null)
    this.runIncremental()
  }

  private makeSnapshot(): ScoreServiceSnapshot {
    return { version: this.version, ready: this.ready, progress: this.progress, config: this.config }
  }

  /** Coalesces notifications: a pass over 100,000 contacts re-renders a few times a second at most. */
  private publish(immediate = false): void {
    this.version++
    if (immediate) {
      this.flush()
      return
    }
    this.notifyTimer ??= setTimeout(() => this.flush(), NOTIFY_INTERVAL_MS)
  }

  private flush(): void {
    if (this.notifyTimer) clearTimeout(this.notifyTimer)
    this.notifyTimer = null
    this.snapshot = this.makeSnapshot()
    for (const listener of this.listeners) listener()
  }
}

function sameTimes(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index])
}

function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  return [...a, ...b].sort((x, y) => x - y)
}

const services = new WeakMap<OutpostDatabase, ScoreService>()

/** The one score service of this database, started on first use and stopped when the database closes. */
export function scoreServiceFor(db: OutpostDatabase, contacts: ContactIndex): ScoreService {
  let service = services.get(db)
  if (!service) {
    const created = new ScoreService(db, contacts)
    services.set(db, created)
    created.start()
    db.onClose.push(() => created.dispose())
    service = created
  }
  return service
}
