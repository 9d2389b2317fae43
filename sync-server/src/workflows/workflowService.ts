import { HlcClock } from '@core/hlc'
import { newId } from '@core/ids'
import type { WorkflowStats } from '@core/schema'
import { SERVER_NODE } from '../auth/memberDocs'
import { ContactRollups } from '../sending/contactRollups'
import { Mailer } from '../sending/mailer'
import { RateLimiter } from '../sending/rateLimiter'
import type { SendingLogger } from '../sending/sendingService'
import type { ServerDocuments } from '../serverDocuments'
import type { SendingConfigSource } from '../sendingSettings/sendingConfig'
import type { StoragePort } from '../storage/port'
import { NO_OUTBOUND_EVENTS } from '../webhooks/outboundEvents'
import type { OutboundEvents } from '../webhooks/outboundEvents'
import { DEFAULT_OUTBOX_SETTINGS, OutboxDelivery } from './outboxDelivery'
import type { OutboxSettings } from './outboxDelivery'
import { runnableWorkflow, VersionCache } from './runnableWorkflow'
import type { RunnableWorkflow } from './runnableWorkflow'
import { prefetchContacts, StepRunner } from './stepRunner'
import type { PrefetchedContact } from './stepRunner'
import { TriggerFeed } from './triggerFeed'
import { buildWorkflowStats, sameStats } from './workflowStats'

// The workflow engine's shell (issue 8, part 2), like the campaign scheduler: every tick it lists
// the runnable workflows, stores newly published versions, reads the change feeds for triggers,
// takes the due steps of claimed enrolments (each step one transaction), delivers the outbox and
// now and then writes per-workflow stats. Several instances on one PostgreSQL share the work
// through claims; ticks in one process never overlap.

export interface WorkflowServiceOptions {
  storage: StoragePort
  documents: ServerDocuments
  /** Sending config per workspace: transport (the embedded sink in development) and sender addresses. */
  configSource: SendingConfigSource
  publicUrl: string
  secret: string
  logger: SendingLogger
  now?: () => number
  /** The server's HLC (shared with the app in index.ts); its own otherwise. */
  clock?: HlcClock
  /** Engine interval (default 1 s). */
  tickMs?: number
  /** OUTPOST_WORKFLOW_TIME_SCALE: waits (and the cap's day) last 1/timeScale of their time. */
  timeScale?: number
  /** OUTPOST_WORKFLOW_EMAIL_CAP: workflow emails per contact per day (0 = no cap). */
  emailCapPerDay?: number
  outboundEvents?: OutboundEvents
  /** Stats written at most this often per workflow (default 3 s). */
  statsIntervalMs?: number
  /** Anniversary triggers are checked this often (default 1 min). */
  anniversaryIntervalMs?: number
  /** Enrolment claims: rows per claim and lease (default 200, 30 s). */
  claim?: { limit?: number; leaseMs?: number; lanes?: number }
  outbox?: Partial<OutboxSettings>
}

/** Step and delivery rounds per pass at most, so feeds and stats are not starved by a large backlog. */
const MAX_ROUNDS_PER_PASS = 50

export class WorkflowService {
  readonly #now: () => number
  readonly #tickMs: number
  readonly #storage: StoragePort
  readonly #versions: VersionCache
  readonly #feed: TriggerFeed
  readonly #runner: StepRunner
  readonly #outbox: OutboxDelivery
  readonly #mailer: Mailer
  readonly #rollups: ContactRollups
  readonly #limiters = new Map<string, RateLimiter>()
  readonly #names = new Map<string, string>()
  /** Workflows listed last tick (workspace id by workflow id), to notice one archived or deleted. */
  #listed = new Map<string, string>()
  readonly #statsAt = new Map<string, number>()
  #anniversariesAt = 0
  #timer: NodeJS.Timeout | null = null
  #ticking: Promise<void> | null = null
  #stopping = false

  constructor(private readonly options: WorkflowServiceOptions) {
    this.#now = options.now ?? Date.now
    this.#tickMs = options.tickMs ?? 1_000
    this.#storage = options.storage
    const clock = options.clock ?? new HlcClock(SERVER_NODE, this.#now)
    this.#versions = new VersionCache(options.storage.workflows)
    this.#feed = new TriggerFeed({ storage: options.storage, now: this.#now })
    this.#runner = new StepRunner({
      storage: options.storage,
      clock,
      now: this.#now,
      versions: this.#versions,
      workflowName: (id) => this.#names.get(id) ?? 'Workflow',
      timeScale: Math.max(1, options.timeScale ?? 1),
      emailCapPerDay: options.emailCapPerDay ?? 3,
    })
    this.#mailer = new Mailer({ maxConnections: 4 })
    this.#rollups = new ContactRollups(options.documents, (error) => this.#logError(error, { during: 'contact rollups' }))
    this.#outbox = new OutboxDelivery({
      storage: options.storage,
      documents: options.documents,
      configSource: options.configSource,
      mailer: this.#mailer,
      rollups: this.#rollups,
      limiterFor: (workspaceId, rate) => this.#limiterFor(workspaceId, rate),
      outboundEvents: options.outboundEvents ?? NO_OUTBOUND_EVENTS,
      publicUrl: options.publicUrl,
      secret: options.secret,
      now: this.#now,
      settings: { ...DEFAULT_OUTBOX_SETTINGS, ...options.outbox },
      stopping: () => this.#stopping,
      onError: (error, context) => this.#logError(error, context),
    })
  }

  start(): void {
    if (this.#timer !== null || this.#stopping) return
    this.#timer = setInterval(() => void this.tick(), this.#tickMs)
    void this.tick()
  }

  /** Stops ticking; the pass in progress finishes (claims it did not get to go back), then pools close. */
  async stop(): Promise<void> {
    this.#stopping = true
    if (this.#timer !== null) clearInterval(this.#timer)
    this.#timer = null
    await this.#ticking
    await this.#rollups.flush()
    await this.#mailer.close()
  }

  /** One pass (the interval calls it; tests may too). Passes never overlap. */
  tick(): Promise<void> {
    this.#ticking ??= this.#pass().finally(() => {
      this.#ticking = null
    })
    return this.#ticking
  }

  /** Resolves when nothing is due: ticks until a pass finds no step and no outbox item to work on (tests). */
  async idle(maxPasses = 100): Promise<void> {
    for (let pass = 0; pass < maxPasses; pass++) {
      const before = this.#worked
      await this.tick()
      if (this.#worked === before) return
    }
    throw new Error('the workflow engine still had work after many passes')
  }

  /** Work done so far (steps recorded, items delivered, contacts enrolled): idle() watches it. */
  #worked = 0

  async #pass(): Promise<void> {
    if (this.#stopping) return
    let workflows: RunnableWorkflow[]
    try {
      workflows = (await this.#storage.workflows.listRunnableWorkflows())
        .map(({ workspaceId, doc }) => runnableWorkflow(workspaceId, doc))
        .filter((workflow): workflow is RunnableWorkflow => workflow !== null)
    } catch (error) {
      this.#logError(error, { during: 'listing workflows' })
      return
    }
    const now = this.#now()
    for (const workflow of workflows) this.#names.set(workflow.id, workflow.name)
    await this.#guard({ during: 'versions' }, () => this.#saveVersions(workflows, now))
    await this.#guard({ during: 'archived workflows' }, () => this.#endVanished(workflows, now))

    const published = workflows.filter((workflow) => workflow.published !== null)
    const active = published.filter((workflow) => workflow.status === 'active')
    // Paused workflows keep their workspace's feed moving (enrolling only active ones), so a
    // pause never turns into a backlog of enrolments on resume.
    const byWorkspace = new Map<string, RunnableWorkflow[]>()
    for (const workflow of published) byWorkspace.set(workflow.workspaceId, [...(byWorkspace.get(workflow.workspaceId) ?? []), workflow])
    const anniversaries = now - this.#anniversariesAt >= (this.options.anniversaryIntervalMs ?? 60_000)
    if (anniversaries) this.#anniversariesAt = now
    for (const [workspaceId, list] of byWorkspace) {
      if (this.#stopping) return
      const running = list.filter((workflow) => workflow.status === 'active')
      await this.#guard({ workspaceId, during: 'triggers' }, async () => {
        this.#worked += await this.#feed.runWorkspace(workspaceId, list)
        this.#worked += await this.#feed.runSchedules(workspaceId, running)
        if (anniversaries) this.#worked += await this.#feed.runAnniversaries(workspaceId, running)
      })
    }

    // Steps and deliveries take turns, so email goes out while a large backlog is still being stepped.
    const workflowIds = active.map((workflow) => workflow.id)
    for (let round = 0; round < MAX_ROUNDS_PER_PASS && !this.#stopping; round++) {
      let busy = false
      await this.#guard({ during: 'steps' }, async () => {
        busy = (await this.#stepRound(workflowIds)) || busy
      })
      await this.#guard({ during: 'outbox' }, async () => {
        const delivered = await this.#outbox.deliverBatch()
        this.#worked += delivered
        busy = delivered > 0 || busy
      })
      if (!busy) break
    }
    await this.#guard({ during: 'stats' }, () => this.#writeStats(workflows))
  }

  async #saveVersions(workflows: readonly RunnableWorkflow[], now: number): Promise<void> {
    for (const workflow of workflows) await this.#versions.ensureSaved(workflow, now)
  }

  /** A workflow no longer listed (archived, deleted, back to draft) lets its contacts go when archived or deleted. */
  async #endVanished(workflows: readonly RunnableWorkflow[], now: number): Promise<void> {
    const listed = new Map(workflows.map((workflow) => [workflow.id, workflow.workspaceId]))
    for (const [workflowId, workspaceId] of this.#listed) {
      if (listed.has(workflowId)) continue
      const doc = (await this.#storage.sending.getDocuments(workspaceId, 'workflows', [workflowId])).get(workflowId)
      if (doc === undefined || doc.status === 'archived') {
        const ended = await this.#storage.workflows.exitEnrolments(workspaceId, workflowId, 'all', 'archived', now)
        if (ended > 0) this.options.logger.info({ workspaceId, workflowId, ended }, 'workflow archived: its contacts left')
        await this.#writeStatsOf(workspaceId, workflowId, null, [], true)
      }
    }
    this.#listed = listed
  }

  /** Claims one batch of due enrolments and takes their steps; false when nothing was due. */
  async #stepRound(workflowIds: readonly string[]): Promise<boolean> {
    if (workflowIds.length === 0) return false
    const limit = this.options.claim?.limit ?? 200
    const leaseMs = this.options.claim?.leaseMs ?? 30_000
    const lanes = this.options.claim?.lanes ?? 4
    const claimId = newId()
    const claimed = await this.#storage.workflows.claimDue({ claimId, now: this.#now(), limit, leaseMs, workflowIds })
    if (claimed.length === 0) return false
    // One contact's enrolments run one after another, so the frequency cap counts the email another
    // workflow just sent them (across instances two sends at the same moment can still both pass).
    const byContact = new Map<string, typeof claimed>()
    for (const enrolment of claimed) byContact.set(enrolment.contactId, [...(byContact.get(enrolment.contactId) ?? []), enrolment])
    const groups = [...byContact.values()]
    // Each contact read once per claim and workspace; a contact's second step re-reads it (the first may have changed it).
    const prefetched = new Map<string, PrefetchedContact>()
    const byWorkspace = new Map<string, string[]>()
    for (const enrolment of claimed) byWorkspace.set(enrolment.workspaceId, [...(byWorkspace.get(enrolment.workspaceId) ?? []), enrolment.contactId])
    for (const [workspaceId, contactIds] of byWorkspace) {
      for (const [contactId, read] of await prefetchContacts(this.#storage, workspaceId, [...new Set(contactIds)])) prefetched.set(`${workspaceId}:${contactId}`, read)
    }
    let next = 0
    const lane = async (): Promise<void> => {
      for (;;) {
        const group = groups[next]
        if (group === undefined || this.#stopping) return
        next += 1
        for (const [index, enrolment] of group.entries()) {
          try {
            const read = index === 0 ? prefetched.get(`${enrolment.workspaceId}:${enrolment.contactId}`) : undefined
            if (await this.#runner.run(enrolment, claimId, read)) this.#worked += 1
          } catch (error) {
            // Left claimed: released below, tried again next round.
            this.#logError(error, { workspaceId: enrolment.workspaceId, workflowId: enrolment.workflowId, enrolmentId: enrolment.id })
          }
        }
      }
    }
    try {
      await Promise.all(Array.from({ length: Math.min(lanes, groups.length) }, lane))
    } finally {
      await this.#storage.workflows.releaseClaim(claimId)
    }
    return true
  }

  async #writeStats(workflows: readonly RunnableWorkflow[]): Promise<void> {
    const now = this.#now()
    const interval = this.options.statsIntervalMs ?? 3_000
    for (const workflow of workflows) {
      const key = workflow.id
      if (now - (this.#statsAt.get(key) ?? 0) < interval) continue
      this.#statsAt.set(key, now)
      const order = workflow.published?.graph.steps.map((step) => step.id) ?? []
      await this.#writeStatsOf(workflow.workspaceId, workflow.id, workflow.published?.version ?? null, order, false)
    }
    await this.#rollups.flush()
  }

  /** Writes the workflow's stats when they changed (only for a workflow anyone enrolled in, unless forced). */
  async #writeStatsOf(workspaceId: string, workflowId: string, publishedVersion: number | null, order: readonly string[], force: boolean): Promise<void> {
    const counts = await this.#storage.workflows.countByStep(workspaceId, workflowId)
    if (counts.length === 0 && !force) return
    const passed = await this.#storage.workflows.countPassed(workspaceId, workflowId)
    const stats = buildWorkflowStats(counts, passed, order, publishedVersion, this.#now())
    await this.options.documents.patch(
      workspaceId,
      'workflows',
      new Map([[workflowId, (current) => (sameStats(current.stats as WorkflowStats | undefined, stats) ? null : { stats })]]),
    )
  }

  #limiterFor(workspaceId: string, ratePerSecond: number): RateLimiter {
    let limiter = this.#limiters.get(workspaceId)
    if (limiter === undefined) {
      limiter = new RateLimiter(ratePerSecond, this.#now)
      this.#limiters.set(workspaceId, limiter)
    } else if (limiter.ratePerSecond !== ratePerSecond) limiter.setRate(ratePerSecond)
    return limiter
  }

  async #guard(details: Record<string, unknown>, work: () => Promise<void>): Promise<void> {
    try {
      await work()
    } catch (error) {
      this.#logError(error, details)
    }
  }

  #logError(error: unknown, details: Record<string, unknown>): void {
    this.options.logger.error({ err: error, ...details }, 'workflow engine failed')
  }
}
