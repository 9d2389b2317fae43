import type { Company, Contact, Segment, SegmentRules, Setting, WorkflowTrigger } from '@core/schema'
import { canonicalSetting } from '@core/schema/settings'
import { collectSignals, scoreContact, scoringConfigFrom } from '@core/scoring/score'
import type { ScoringConfig } from '@core/scoring/score'
import { compileSegment, segmentMatcher } from '@core/segments/evaluateSegment'
import type { SegmentContext } from '@core/segments/evaluateSegment'
import type { ReplicationCheckpoint } from '@core/sync/protocol'
import { anniversaryDue, contactChangeEvents, contactFacts, nextScheduleRun, triggerMatches, triggerSegmentIds } from '@core/workflows/triggers'
import type { ContactFacts, TriggerEvent } from '@core/workflows/types'
import type { StoragePort } from '../storage/port'
import type { EnrolmentRecord } from '../storage/workflowStore'
import { newEnrolment, type RunnableWorkflow } from './runnableWorkflow'

// Trigger detection from the replication log. Per workspace with active workflows the engine
// reads the `contacts` and `events` changes after its markers (sequence numbers), compares each
// changed contact's facts with the last seen ones (stored), turns the differences into trigger
// events and enrols the contact in every active workflow whose trigger (and filter) matches.
// Enrolment keys are derived from the change (`c:<seq>`, `ev:<event id>`, `s:<run>`, `a:<year>`),
// so reading a page again after a crash enrols nobody twice. The first look at a workspace only
// records everyone's facts (a baseline): activating a workflow never enrols the past.
//
// Limits (documented in sync-server/README.md): segment triggers and trigger filters evaluate
// engagement conditions without engagement history, and the score a score_crossed trigger sees
// counts field rules, opens, clicks and the manual adjustment, not deal points.

const PAGE = 500

type Doc = Record<string, unknown>

/** What is stored per contact: its facts, and which segments were evaluated for them. */
export interface FactsEnvelope {
  facts: ContactFacts
  /** Segment ids whose membership `facts.segments` reflects (a newly watched one never looks "entered"). */
  evaluated: string[]
  /** Whether `facts.score` was computed (a score trigger was active), else it is 0. */
  scored: boolean
}

interface WorkspaceContext {
  workspaceId: string
  now: number
  /** Active workflows with a published version. */
  workflows: RunnableWorkflow[]
  watchedSegments: Map<string, Segment>
  scoring: ScoringConfig | null
  needsCompanies: boolean
}

export interface TriggerFeedDeps {
  storage: StoragePort
  now: () => number
}

export class TriggerFeed {
  constructor(private readonly deps: TriggerFeedDeps) {}

  /** Processes everything new in the workspace's change feeds (enrolling in its active workflows); returns how many were enrolled. */
  async runWorkspace(workspaceId: string, runnable: readonly RunnableWorkflow[]): Promise<number> {
    const workflows = runnable.filter((workflow) => workflow.published !== null)
    if (workflows.length === 0) return 0
    const context = await this.#context(workspaceId, workflows)
    let enrolled = await this.#contactsFeed(context)
    enrolled += await this.#eventsFeed(context)
    await this.#watchNewFacts(context)
    return enrolled
  }

  /** Due schedule triggers: enrols their audience once per run; returns how many were enrolled. */
  async runSchedules(workspaceId: string, active: readonly RunnableWorkflow[]): Promise<number> {
    const { storage } = this.deps
    let enrolled = 0
    for (const workflow of active) {
      const trigger = workflow.published?.graph.trigger
      if (trigger?.type !== 'schedule' || workflow.published === null) continue
      const markerKey = `schedule:${workflow.id}`
      const now = this.deps.now()
      const due = await storage.workflows.getMarker(workspaceId, markerKey)
      if (due === null) {
        const first = nextScheduleRun(trigger, Math.max(now, workflow.published.publishedAt))
        if (first !== null) await storage.workflows.setMarker(workspaceId, markerKey, first)
        continue
      }
      if (now < due) continue
      const context = await this.#context(workspaceId, [workflow])
      const segment = trigger.segmentId ? await this.#segment(workspaceId, trigger.segmentId) : null
      if (trigger.segmentId && segment === null) {
        // The audience is gone: skip this run rather than mail everyone.
        await storage.workflows.setMarker(workspaceId, markerKey, nextScheduleRun(trigger, now) ?? Number.MAX_SAFE_INTEGER)
        continue
      }
      const candidates: EnrolmentRecord[] = []
      await this.#eachContact(workspaceId, async (contacts) => {
        const segmentContext = await this.#segmentContext(context, contacts)
        const inAudience = segment === null ? () => true : segmentMatcher(segment, segmentContext)
        for (const contact of contacts) {
          if (!inAudience(contact) || !passesFilter(trigger, segmentContext, contact)) continue
          const enrolment = newEnrolment(workflow, contact.id, `s:${due}`, now)
          if (enrolment !== null) candidates.push(enrolment)
        }
      })
      enrolled += await this.#enrol(workflow, candidates)
      await storage.workflows.setMarker(workspaceId, markerKey, nextScheduleRun(trigger, now) ?? Number.MAX_SAFE_INTEGER)
    }
    return enrolled
  }

  /** Date anniversaries due now (checked now and then: each contact once per year). */
  async runAnniversaries(workspaceId: string, active: readonly RunnableWorkflow[]): Promise<number> {
    const workflows = active.filter((workflow) => workflow.published?.graph.trigger.type === 'date_anniversary')
    if (workflows.length === 0) return 0
    const context = await this.#context(workspaceId, workflows)
    const now = this.deps.now()
    const candidates = new Map<RunnableWorkflow, EnrolmentRecord[]>(workflows.map((workflow) => [workflow, []]))
    await this.#eachContact(workspaceId, async (contacts) => {
      const segmentContext = await this.#segmentContext(context, contacts)
      for (const workflow of workflows) {
        const trigger = workflow.published?.graph.trigger
        if (trigger === undefined) continue
        for (const contact of contacts) {
          const year = anniversaryDue(trigger, contact, now)
          if (year === null || !passesFilter(trigger, segmentContext, contact)) continue
          const enrolment = newEnrolment(workflow, contact.id, `a:${year}`, now)
          if (enrolment !== null) candidates.get(workflow)?.push(enrolment)
        }
      }
    })
    let enrolled = 0
    for (const [workflow, list] of candidates) enrolled += await this.#enrol(workflow, list)
    return enrolled
  }

  async #context(workspaceId: string, workflows: RunnableWorkflow[]): Promise<WorkspaceContext> {
    const { storage } = this.deps
    const segmentIds = new Set<string>()
    let needsScore = false
    let rulesJson = ''
    for (const workflow of workflows) {
      const trigger = workflow.published?.graph.trigger
      if (trigger === undefined) continue
      for (const id of triggerSegmentIds(trigger)) segmentIds.add(id)
      if (trigger.type === 'score_crossed') needsScore = true
      if (trigger.filter !== undefined) rulesJson += JSON.stringify(trigger.filter)
    }
    const segments = segmentIds.size === 0 ? new Map<string, Doc>() : await storage.sending.getDocuments(workspaceId, 'segments', [...segmentIds])
    const watchedSegments = new Map([...segments].map(([id, doc]) => [id, doc as unknown as Segment]))
    for (const segment of watchedSegments.values()) rulesJson += JSON.stringify(segment.rules ?? {})
    return {
      workspaceId,
      now: this.deps.now(),
      workflows,
      watchedSegments,
      scoring: needsScore ? await this.#scoringConfig(workspaceId) : null,
      needsCompanies: rulesJson.includes('"company.'),
    }
  }

  async #scoringConfig(workspaceId: string): Promise<ScoringConfig> {
    const settings: Setting[] = []
    await this.#eachDocument(workspaceId, 'settings', async (docs) => {
      for (const doc of docs) if (doc.kind === 'scoring') settings.push(doc as unknown as Setting)
    })
    return scoringConfigFrom(canonicalSetting(settings))
  }

  async #segment(workspaceId: string, segmentId: string): Promise<Segment | null> {
    return ((await this.deps.storage.sending.getDocuments(workspaceId, 'segments', [segmentId])).get(segmentId) as Segment | undefined) ?? null
  }

  async #segmentContext(context: WorkspaceContext, contacts: readonly Contact[]): Promise<SegmentContext> {
    let companiesById = new Map<string, Company>()
    if (context.needsCompanies) {
      const ids = [...new Set(contacts.map((contact) => contact.companyId).filter((id) => id !== ''))]
      if (ids.length > 0) {
        const companies = await this.deps.storage.sending.getDocuments(context.workspaceId, 'companies', ids)
        companiesById = new Map([...companies].map(([id, doc]) => [id, doc as unknown as Company]))
      }
    }
    return { companiesById, engagement: new Map(), now: context.now }
  }

  async #contactsFeed(context: WorkspaceContext): Promise<number> {
    const { storage } = this.deps
    const { workspaceId } = context
    const marker = await storage.workflows.getMarker(workspaceId, 'feed:contacts')
    if (marker === null) return this.#baseline(context)
    let enrolled = 0
    let checkpoint: ReplicationCheckpoint = { seq: marker + 1, id: '' }
    for (;;) {
      const page = await storage.pull(workspaceId, 'contacts', checkpoint, PAGE)
      if (page.documents.length === 0) return enrolled
      const changes = page.documents.map((stored) => ({ seq: stored.seq, doc: JSON.parse(stored.json) as Contact & { _deleted?: boolean } }))
      const live = changes.filter((change) => change.doc._deleted !== true)
      enrolled += await this.#contactChanges(context, live)
      // A deleted (or erased) contact keeps no name or address here: its facts become empty.
      const gone = changes.filter((change) => change.doc._deleted === true)
      if (gone.length > 0) {
        const empty: FactsEnvelope = { facts: { tags: [], lifecycleStage: '', fields: {}, segments: [], score: 0, unsubscribed: false }, evaluated: [], scored: false }
        await storage.workflows.putContactFacts(workspaceId, gone.map((change) => ({ contactId: change.doc.id, factsJson: JSON.stringify(empty) })))
      }
      const last = page.documents[page.documents.length - 1]
      if (last !== undefined) await storage.workflows.setMarker(workspaceId, 'feed:contacts', last.seq)
      if (page.documents.length < PAGE || page.checkpoint === null) return enrolled
      checkpoint = page.checkpoint
    }
  }

  /**
   * Records everyone's facts and where the feed stands. Contacts created since the earliest
   * publication are not part of the past: they go through as new (the engine may first look a
   * moment after a workflow was activated, and a contact added in that moment must still enrol).
   */
  async #baseline(context: WorkspaceContext): Promise<number> {
    const { storage } = this.deps
    const events = await storage.currentSeq(context.workspaceId)
    const since = Math.min(...context.workflows.map((workflow) => workflow.published?.publishedAt ?? Number.MAX_SAFE_INTEGER))
    const created: Array<{ seq: number; doc: Contact }> = []
    const lastSeq = await this.#storeAllFacts(context, (seq, contact) => {
      if (contact.createdAt < since) return true
      created.push({ seq, doc: contact })
      return false
    })
    if ((await storage.workflows.getMarker(context.workspaceId, 'feed:events')) === null) await storage.workflows.setMarker(context.workspaceId, 'feed:events', events)
    let enrolled = 0
    for (let start = 0; start < created.length; start += PAGE) enrolled += await this.#contactChanges(context, created.slice(start, start + PAGE))
    await storage.workflows.setMarker(context.workspaceId, 'feed:contacts', lastSeq)
    return enrolled
  }

  /** Marker keys of what facts now include: watched segments, and the score when a trigger needs it. */
  #watchKeys(context: WorkspaceContext): string[] {
    return [...[...context.watchedSegments.keys()].map((id) => `watch:segment:${id}`), ...(context.scoring === null ? [] : ['watch:score'])]
  }

  /**
   * A segment (or the score) watched for the first time: everyone's facts are recomputed without
   * enrolling anybody, so the first change after that compares like with like (one full pass per
   * newly watched segment).
   */
  async #watchNewFacts(context: WorkspaceContext): Promise<void> {
    const { storage } = this.deps
    const missing: string[] = []
    for (const key of this.#watchKeys(context)) if ((await storage.workflows.getMarker(context.workspaceId, key)) === null) missing.push(key)
    if (missing.length === 0) return
    await this.#storeAllFacts(context)
    for (const key of missing) await storage.workflows.setMarker(context.workspaceId, key, context.now)
  }

  /** Computes and stores the facts of every live contact (those `keep` accepts); returns the highest contact sequence seen. */
  async #storeAllFacts(context: WorkspaceContext, keep: (seq: number, contact: Contact) => boolean = () => true): Promise<number> {
    const { storage } = this.deps
    let lastSeq = 0
    await this.#eachStored(context.workspaceId, 'contacts', async (page) => {
      const contacts = page
        .map((stored) => ({ seq: stored.seq, contact: JSON.parse(stored.json) as Contact & { _deleted?: boolean } }))
        .filter(({ seq, contact }) => contact._deleted !== true && keep(seq, contact))
        .map(({ contact }) => contact)
      const envelopes = await this.#envelopes(context, contacts)
      await storage.workflows.putContactFacts(
        context.workspaceId,
        contacts.map((contact) => ({ contactId: contact.id, factsJson: JSON.stringify(envelopes.get(contact.id)) })),
      )
      lastSeq = Math.max(lastSeq, ...page.map((stored) => stored.seq))
    })
    for (const key of this.#watchKeys(context)) await storage.workflows.setMarker(context.workspaceId, key, context.now)
    return lastSeq
  }

  async #envelopes(context: WorkspaceContext, contacts: readonly Contact[]): Promise<Map<string, FactsEnvelope>> {
    const segmentContext = await this.#segmentContext(context, contacts)
    const matchers = [...context.watchedSegments].map(([id, segment]) => [id, segmentMatcher(segment, segmentContext)] as const)
    const evaluated = matchers.map(([id]) => id).sort()
    const scores = context.scoring === null ? null : await this.#scores(context, contacts, context.scoring)
    const envelopes = new Map<string, FactsEnvelope>()
    for (const contact of contacts) {
      const segments = matchers.filter(([, matches]) => matches(contact)).map(([id]) => id)
      envelopes.set(contact.id, { facts: contactFacts(contact, { segments, score: scores?.get(contact.id) ?? 0 }), evaluated, scored: scores !== null })
    }
    return envelopes
  }

  async #scores(context: WorkspaceContext, contacts: readonly Contact[], config: ScoringConfig): Promise<Map<string, number>> {
    const scores = new Map<string, number>()
    for (const contact of contacts) {
      const email = contact.email.trim().toLowerCase()
      const history = await this.deps.storage.privacy.contactHistory(context.workspaceId, contact.id, email === '' ? null : email)
      const signals = collectSignals(
        history.trackingEvents.map((event) => ({ type: event.type, contactId: contact.id, at: event.at, machine: event.machine })),
        [],
      )
      scores.set(contact.id, scoreContact(contact, signals.get(contact.id), config, context.now).total)
    }
    return scores
  }

  async #contactChanges(context: WorkspaceContext, changes: ReadonlyArray<{ seq: number; doc: Contact }>): Promise<number> {
    const { storage } = this.deps
    if (changes.length === 0) return 0
    const contacts = changes.map((change) => change.doc)
    const stored = await storage.workflows.getContactFacts(context.workspaceId, contacts.map((contact) => contact.id))
    const envelopes = await this.#envelopes(context, contacts)
    const segmentContext = await this.#segmentContext(context, contacts)
    const candidates = new Map<RunnableWorkflow, EnrolmentRecord[]>()
    for (const { seq, doc: contact } of changes) {
      const after = envelopes.get(contact.id)
      if (after === undefined) continue
      const previous = stored.get(contact.id)
      const before = previous === undefined ? null : comparableFacts(JSON.parse(previous) as FactsEnvelope, after)
      const events = contactChangeEvents(before, after.facts)
      if (events.length === 0) continue
      // Changes made before a workflow was published are not its business (offline edits synced late).
      const changedAt = events.some((event) => event.type === 'contact_created') ? contact.createdAt : contact.updatedAt
      this.#match(context, segmentContext, contact, events, changedAt, `c:${seq}`, candidates)
    }
    let enrolled = 0
    for (const [workflow, list] of candidates) enrolled += await this.#enrol(workflow, list)
    await storage.workflows.putContactFacts(
      context.workspaceId,
      contacts.map((contact) => ({ contactId: contact.id, factsJson: JSON.stringify(envelopes.get(contact.id)) })),
    )
    return enrolled
  }

  #match(
    context: WorkspaceContext,
    segmentContext: SegmentContext,
    contact: Contact,
    events: readonly TriggerEvent[],
    changedAt: number,
    triggerKey: string,
    candidates: Map<RunnableWorkflow, EnrolmentRecord[]>,
  ): void {
    for (const workflow of context.workflows) {
      const published = workflow.published
      if (published === null || workflow.status !== 'active' || changedAt < published.publishedAt) continue
      if (!events.some((event) => triggerMatches(published.graph.trigger, event))) continue
      if (!passesFilter(published.graph.trigger, segmentContext, contact)) continue
      const enrolment = newEnrolment(workflow, contact.id, triggerKey, context.now)
      if (enrolment === null) continue
      let list = candidates.get(workflow)
      if (list === undefined) {
        list = []
        candidates.set(workflow, list)
      }
      list.push(enrolment)
    }
  }

  /** Opens and clicks by people (events documents) → email_opened / email_clicked. */
  async #eventsFeed(context: WorkspaceContext): Promise<number> {
    const { storage } = this.deps
    const { workspaceId } = context
    const wanted = context.workflows.some((workflow) => ['email_opened', 'email_clicked'].includes(workflow.published?.graph.trigger.type ?? ''))
    const marker = await storage.workflows.getMarker(workspaceId, 'feed:events')
    if (marker === null) {
      await storage.workflows.setMarker(workspaceId, 'feed:events', await storage.currentSeq(workspaceId))
      return 0
    }
    let enrolled = 0
    let checkpoint: ReplicationCheckpoint = { seq: marker + 1, id: '' }
    for (;;) {
      const page = await storage.pull(workspaceId, 'events', checkpoint, PAGE)
      if (page.documents.length === 0) return enrolled
      if (wanted) {
        const hits = page.documents
          .map((stored) => JSON.parse(stored.json) as Doc)
          .filter((doc) => doc._deleted !== true && doc.machine !== true && (doc.type === 'open' || doc.type === 'click') && typeof doc.contactId === 'string' && doc.contactId !== '')
        const contacts = hits.length === 0 ? new Map<string, Doc>() : await storage.sending.getDocuments(workspaceId, 'contacts', [...new Set(hits.map((hit) => String(hit.contactId)))])
        const live = [...contacts.values()] as unknown as Contact[]
        const segmentContext = await this.#segmentContext(context, live)
        const candidates = new Map<RunnableWorkflow, EnrolmentRecord[]>()
        for (const hit of hits) {
          const contact = contacts.get(String(hit.contactId)) as Contact | undefined
          if (contact === undefined) continue
          const event: TriggerEvent = { type: hit.type === 'open' ? 'email_opened' : 'email_clicked', campaignId: String(hit.campaignId ?? '') }
          this.#match(context, segmentContext, contact, [event], Number(hit.at ?? 0), `ev:${String(hit.id)}`, candidates)
        }
        for (const [workflow, list] of candidates) enrolled += await this.#enrol(workflow, list)
      }
      const last = page.documents[page.documents.length - 1]
      if (last !== undefined) await storage.workflows.setMarker(workspaceId, 'feed:events', last.seq)
      if (page.documents.length < PAGE || page.checkpoint === null) return enrolled
      checkpoint = page.checkpoint
    }
  }

  async #enrol(workflow: RunnableWorkflow, enrolments: readonly EnrolmentRecord[]): Promise<number> {
    if (enrolments.length === 0 || workflow.published === null) return 0
    return (await this.deps.storage.workflows.enrol(enrolments, workflow.published.settings.reenrol)).length
  }

  async #eachContact(workspaceId: string, visit: (contacts: Contact[]) => Promise<void>): Promise<void> {
    await this.#eachDocument(workspaceId, 'contacts', (docs) => visit(docs as unknown as Contact[]))
  }

  async #eachDocument(workspaceId: string, collection: string, visit: (docs: Doc[]) => Promise<void>): Promise<void> {
    await this.#eachStored(workspaceId, collection, async (page) => {
      const docs = page.map((stored) => JSON.parse(stored.json) as Doc).filter((doc) => doc._deleted !== true)
      if (docs.length > 0) await visit(docs)
    })
  }

  async #eachStored(workspaceId: string, collection: string, visit: (page: Array<{ seq: number; json: string }>) => Promise<void>): Promise<void> {
    let checkpoint: ReplicationCheckpoint | null = null
    for (;;) {
      const page = await this.deps.storage.pull(workspaceId, collection, checkpoint, PAGE)
      if (page.documents.length > 0) await visit(page.documents)
      if (page.documents.length < PAGE || page.checkpoint === null) return
      checkpoint = page.checkpoint
    }
  }
}

/** The trigger's filter, when it has any condition (rules without conditions would match nobody). */
function passesFilter(trigger: WorkflowTrigger, context: SegmentContext, contact: Contact): boolean {
  const filter: SegmentRules | undefined = trigger.filter
  if (filter === undefined || !filter.groups.some((group) => group.conditions.length > 0)) return true
  return compileSegment(filter, context)(contact)
}

/**
 * The stored facts made comparable with new ones: a segment evaluated now but not then takes its
 * current membership (and one no longer watched is dropped), so starting to watch a segment makes
 * nobody "enter" or "leave" it; likewise a score computed for the first time crosses nothing.
 */
export function comparableFacts(before: FactsEnvelope, after: FactsEnvelope): ContactFacts {
  const seenBefore = new Set(before.evaluated)
  const seenNow = new Set(after.evaluated)
  const kept = before.facts.segments.filter((id) => seenBefore.has(id) && seenNow.has(id))
  const adopted = after.facts.segments.filter((id) => !seenBefore.has(id))
  const score = after.scored && before.scored === true ? before.facts.score : after.facts.score
  return { ...before.facts, segments: [...kept, ...adopted].sort(), score }
}
