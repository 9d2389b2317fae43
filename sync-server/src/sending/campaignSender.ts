import { newId } from '@core/ids'
import type { AbResult, Company, Contact, Template } from '@core/schema'
import { compileEmail } from '@core/templates/emailTemplate'
import type { ServerDocuments } from '../serverDocuments'
import type { SendingConfigSource, WorkspaceSendingConfig } from '../sendingSettings/sendingConfig'
import type { StoragePort } from '../storage/port'
import type { AbDecision, CampaignRun, ClaimedRecipient, RecipientCounts, RecipientOutcome } from '../storage/sendingPort'
import { abResultOf, manualWinnerOf, metricDecision, parseRunAbTest } from './abRun'
import type { RunAbTest } from './abRun'
import { moveCampaign } from './campaignStart'
import type { ContactRollups } from './contactRollups'
import { classifyDeliveryError, retryDelayMs } from './deliveryFailure'
import type { Mailer } from './mailer'
import { buildCampaignMessage } from './messageBuilder'
import type { CampaignMessageContext } from './messageBuilder'
import { OutcomeRecorder } from './outcomeRecorder'
import type { RateLimiter } from './rateLimiter'
import { withDeliveryStats } from './sendingStats'
import type { OutboundEvents } from '../webhooks/outboundEvents'
import { eventData } from '../webhooks/storedOutboundEvents'

// Works through one campaign's queue: claims a batch with a lease, sends it over a few parallel
// lanes through the workspace's pooled transport, records each outcome as soon as the SMTP server
// answered, and stops (handing unsent claims back) when the campaign is no longer 'sending', the
// lease is running out, or the server shuts down.

export interface SenderSettings {
  leaseMs: number
  /** Most recipients claimed at once. */
  batchSize: number
  /** Messages in flight at once per campaign (= the in-flight window a crash can duplicate). */
  lanes: number
  /** Re-read the campaign status after this many messages (pause and cancel take effect). */
  statusCheckEvery: number
  maxAttempts: number
  retryBaseMs: number
  retryMaxMs: number
  /** Least time between two stats writes to the campaign document. */
  statsIntervalMs: number
  /** A/B tests waiting for their winner: how often their figures and confidence are refreshed. */
  abRefreshMs: number
}

export interface SenderDeps {
  storage: StoragePort
  documents: ServerDocuments
  configSource: SendingConfigSource
  mailer: Mailer
  rollups: ContactRollups
  limiterFor(workspaceId: string, ratePerSecond: number): RateLimiter
  publicUrl: string
  secret: string
  now: () => number
  settings: SenderSettings
  /** True once the server is stopping: finish the messages in flight, take no more. */
  stopping(): boolean
  onError(error: unknown, context: Record<string, unknown>): void
  /** Webhook events: campaign.sent, email.bounced. */
  outboundEvents?: OutboundEvents
}

/** How a run ended: the campaign is done, it has nothing due right now, or it was stopped. */
export type SenderResult = 'completed' | 'waiting' | 'halted'

type Doc = Record<string, unknown>

/** Least time between two A/B figure refreshes while the test share sends. */
const AB_FIGURES_WHILE_SENDING_MS = 10_000

export class CampaignSender {
  #lastStatsAt = 0
  #lastAbAt = 0
  /** Message contexts by variant id ('' = the campaign's template), for the current campaign name. */
  #contexts = new Map<string, CampaignMessageContext>()
  #contextName = ''
  #ab: RunAbTest | null = null
  /** After a 'waiting' run of an A/B test: when to look again (the wait ends, or figures are due a refresh). */
  wakeAt: number | null = null

  constructor(
    private readonly deps: SenderDeps,
    readonly workspaceId: string,
    readonly campaignId: string,
  ) {}

  async run(): Promise<SenderResult> {
    const { storage } = this.deps
    let run = await storage.sending.getCampaignRun(this.workspaceId, this.campaignId)
    if (run === null) return 'halted'
    this.#ab = run.abTestJson === undefined ? null : parseRunAbTest(run.abTestJson)
    const recorder = new OutcomeRecorder(storage.sending, this.workspaceId, this.campaignId)
    let completed = false
    try {
      for (;;) {
        if (this.deps.stopping()) return 'halted'
        const campaign = await this.#campaign()
        if (campaign?.status !== 'sending') return 'halted'
        if (this.#ab !== null && run.abDecision === undefined) {
          // A member's pick ends the test at once, whatever phase it is in.
          const manual = manualWinnerOf(this.#ab, campaign)
          if (manual !== null) run = await this.#decide(run, { winnerId: manual, decidedBy: 'manual', decidedAt: this.deps.now() })
        }
        const config = await this.deps.configSource.forWorkspace(this.workspaceId)
        const current = run
        const contextOf = (recipient: ClaimedRecipient): CampaignMessageContext | null => this.#messageContext(current, campaign, recipient)
        const limiter = this.deps.limiterFor(this.workspaceId, config.ratePerSecond)
        const claimId = newId()
        const claimedAt = this.deps.now()
        const { leaseMs, batchSize, lanes } = this.deps.settings
        // Small enough to be sent well within the lease at the workspace's rate.
        const limit = Math.max(1, Math.min(batchSize, Math.floor((config.ratePerSecond * leaseMs) / 2_000)))
        const claimed = await storage.sending.claimRecipients(this.workspaceId, this.campaignId, { claimId, limit, now: claimedAt, leaseMs })
        if (claimed.length === 0) {
          if (this.#ab !== null && run.abDecision === undefined) {
            const decided = await this.#decideByMetric(this.#ab, run)
            if (decided === null) return 'waiting'
            run = decided
            continue
          }
          completed = await this.#completeIfDone(run)
          return completed ? 'completed' : 'waiting'
        }
        try {
          await this.#sendBatch(claimed, claimId, claimedAt + leaseMs * 0.8, config, contextOf, limiter, recorder, Math.min(lanes, claimed.length))
        } finally {
          // Whatever this claim did not get to goes back to the queue.
          await storage.sending.releaseClaim(this.workspaceId, this.campaignId, claimId)
        }
        await this.#writeStats(run, false)
      }
    } finally {
      // Completion wrote the final figures already.
      if (!completed) await this.#writeStats(run, true).catch((error: unknown) => this.deps.onError(error, { campaignId: this.campaignId }))
    }
  }

  async #campaign(): Promise<Doc | undefined> {
    return (await this.deps.storage.sending.getDocuments(this.workspaceId, 'campaigns', [this.campaignId])).get(this.campaignId)
  }

  /** The context a recipient's message renders with: its variant's, the winner's, or the campaign's template. */
  #messageContext(run: CampaignRun, campaign: Doc, recipient: ClaimedRecipient): CampaignMessageContext | null {
    const name = typeof campaign.name === 'string' ? campaign.name : ''
    if (name !== this.#contextName) {
      this.#contexts.clear()
      this.#contextName = name
    }
    const key = this.#ab === null ? '' : (recipient.variant ?? run.abDecision?.winnerId ?? '')
    const cached = this.#contexts.get(key)
    if (cached !== undefined) return cached
    const variant = key === '' ? undefined : this.#ab?.variants.find((candidate) => candidate.id === key)
    if (key !== '' && variant === undefined) {
      this.deps.onError(new Error('a recipient names a variant the run does not have'), { campaignId: this.campaignId, variant: key })
      return null
    }
    const template = JSON.parse(variant?.templateJson ?? run.templateJson) as Template
    const compiled = compileEmail(template)
    if (!compiled.ok) {
      // Checked when the campaign started, so only a changed template engine gets here.
      this.deps.onError(new Error('the campaign’s template no longer compiles'), { campaignId: this.campaignId, issues: compiled.error })
      return null
    }
    const context: CampaignMessageContext = {
      workspaceId: this.workspaceId,
      campaign: { id: this.campaignId, name },
      compiled: compiled.value,
      from: { name: template.fromName, address: template.fromEmail.trim() },
      publicUrl: this.deps.publicUrl,
      secret: this.deps.secret,
      linkOffset: variant?.linkOffset ?? 0,
    }
    this.#contexts.set(key, context)
    return context
  }

  /** Records a decision (once, across instances) and writes the result; returns the run as stored. */
  async #decide(run: CampaignRun, decision: AbDecision): Promise<CampaignRun> {
    const { run: stored } = await this.deps.storage.sending.decideAbWinner(this.workspaceId, this.campaignId, decision)
    await this.#writeStats(stored, true)
    return stored
  }

  /** The test share is sent: decide by the metric once the wait is over, else note when to look again. */
  async #decideByMetric(setup: RunAbTest, run: CampaignRun): Promise<CampaignRun | null> {
    const now = this.deps.now()
    const figures = await this.deps.storage.sending.abVariantFigures(this.workspaceId, this.campaignId)
    const decision = metricDecision(setup, run, figures, now)
    if (decision !== null) return this.#decide(run, decision)
    await this.#writeStats(run, true)
    const endsAt = Math.max(now, ...figures.map((figure) => (figure.firstSentAt ?? run.createdAt) + setup.waitMinutes * 60_000))
    this.wakeAt = Math.min(endsAt, now + this.deps.settings.abRefreshMs)
    return null
  }

  async #sendBatch(
    claimed: readonly ClaimedRecipient[],
    claimId: string,
    deadline: number,
    config: WorkspaceSendingConfig,
    contextOf: (recipient: ClaimedRecipient) => CampaignMessageContext | null,
    limiter: RateLimiter,
    recorder: OutcomeRecorder,
    laneCount: number,
  ): Promise<void> {
    const { storage, now, settings } = this.deps
    const contacts = await storage.sending.getDocuments(this.workspaceId, 'contacts', claimed.map((recipient) => recipient.contactId))
    const companyIds = [...new Set([...contacts.values()].map((contact) => String(contact.companyId ?? '')).filter((id) => id !== ''))]
    const companies = companyIds.length === 0 ? new Map<string, Doc>() : await storage.sending.getDocuments(this.workspaceId, 'companies', companyIds)
    const suppressed = await storage.sending.suppressedAmong(this.workspaceId, claimed.map((recipient) => recipient.email))

    let next = 0
    let sinceStatusCheck = 0
    let halted = false
    const outcome = (recipient: ClaimedRecipient, fields: DistributiveOmit<RecipientOutcome, 'contactId' | 'claimId' | 'at'>): RecipientOutcome =>
      ({ ...fields, contactId: recipient.contactId, claimId, at: now() }) as RecipientOutcome

    const lane = async (): Promise<void> => {
      while (!halted) {
        if (this.deps.stopping() || now() > deadline) {
          halted = true
          return
        }
        sinceStatusCheck += 1
        if (sinceStatusCheck >= settings.statusCheckEvery) {
          sinceStatusCheck = 0
          if ((await this.#campaign())?.status !== 'sending') halted = true
          if (halted) return
        }
        const recipient = claimed[next]
        next += 1
        if (recipient === undefined) return
        const contact = contacts.get(recipient.contactId) as Contact | undefined
        if (contact === undefined || contact.unsubscribed === true || contact.bounced === true || suppressed.has(recipient.email)) {
          // Unsubscribed, bounced, suppressed or deleted since the campaign started.
          await recorder.record(outcome(recipient, { kind: 'skipped', error: contact === undefined ? 'contact deleted' : 'suppressed' }))
          continue
        }
        const context = contextOf(recipient)
        if (context === null) {
          // Unsendable content: the claim is released after the batch and the campaign halts.
          halted = true
          return
        }
        await limiter.take()
        if (halted || this.deps.stopping()) {
          // Not sent: the claim is released after the batch.
          halted = true
          return
        }
        await this.#sendOne(recipient, contact, companies, config, context, recorder, outcome)
      }
    }
    await Promise.all(Array.from({ length: laneCount }, lane))
  }

  async #sendOne(
    recipient: ClaimedRecipient,
    contact: Contact,
    companies: ReadonlyMap<string, Doc>,
    config: WorkspaceSendingConfig,
    context: CampaignMessageContext,
    recorder: OutcomeRecorder,
    outcome: (recipient: ClaimedRecipient, fields: DistributiveOmit<RecipientOutcome, 'contactId' | 'claimId' | 'at'>) => RecipientOutcome,
  ): Promise<void> {
    const { now, settings } = this.deps
    const company = (companies.get(contact.companyId) as Company | undefined) ?? null
    let message
    try {
      message = buildCampaignMessage(context, recipient, contact, company, now())
    } catch (error) {
      // A render that exceeds the template limits fails this message only.
      await recorder.record(outcome(recipient, { kind: 'failed', error: `could not render: ${error instanceof Error ? error.message : String(error)}` }))
      return
    }
    try {
      await this.deps.mailer.send(this.workspaceId, config, message)
    } catch (error) {
      const failure = classifyDeliveryError(error)
      if (failure.kind === 'bounce') {
        await recorder.record(outcome(recipient, { kind: 'bounced', error: failure.message }))
        await this.#bounced(recipient)
      } else if (failure.kind === 'permanent' || recipient.attempts >= settings.maxAttempts) {
        await recorder.record(outcome(recipient, { kind: 'failed', error: failure.message }))
      } else {
        const nextAttemptAt = now() + retryDelayMs(recipient.attempts, settings.retryBaseMs, settings.retryMaxMs)
        await recorder.record(outcome(recipient, { kind: 'retry', error: failure.message, nextAttemptAt }))
      }
      return
    }
    const sent = outcome(recipient, { kind: 'sent', messageId: message.messageId })
    await recorder.record(sent)
    this.deps.rollups.emailed(this.workspaceId, recipient.contactId, sent.at)
  }

  /** A hard bounce: never mail the address again, flag the contact, and tell every device. */
  async #bounced(recipient: ClaimedRecipient): Promise<void> {
    const at = this.deps.now()
    try {
      await this.deps.storage.sending.addSuppression(this.workspaceId, recipient.email, 'hard_bounce', at)
      await this.deps.documents.patch(this.workspaceId, 'contacts', new Map([[recipient.contactId, () => ({ bounced: true })]]))
      await this.deps.documents.insert(this.workspaceId, 'events', [
        { id: newId(at), type: 'bounce', campaignId: this.campaignId, contactId: recipient.contactId, email: recipient.email, linkIndex: -1, url: '', machine: false, at },
      ])
      const data = { campaignId: this.campaignId, contactId: recipient.contactId, email: recipient.email, at }
      await this.deps.outboundEvents?.emit([{ id: `bounce:${this.campaignId}:${recipient.contactId}`, workspaceId: this.workspaceId, type: 'email.bounced', at, data }])
    } catch (error) {
      this.deps.onError(error, { campaignId: this.campaignId, contactId: recipient.contactId })
    }
  }

  async #completeIfDone(run: CampaignRun): Promise<boolean> {
    const counts = await this.deps.storage.sending.countRecipients(this.workspaceId, this.campaignId)
    // Held rows wait for an A/B winner: the campaign is not sent before they are.
    if (counts.queued + counts.sending + counts.held > 0) return false
    const now = this.deps.now()
    const abResult = await this.#abResult(run, counts)
    await moveCampaign(this.deps, this.workspaceId, this.campaignId, 'complete', (current) => ({
      completedAt: now,
      stats: withDeliveryStats(current.stats, run, counts, now),
      ...(abResult === null ? {} : { abResult }),
    }))
    await this.#campaignSent()
    return true
  }

  /** Tells webhooks the campaign is sent (once per campaign, whichever instance completes it). */
  async #campaignSent(): Promise<void> {
    if (this.deps.outboundEvents === undefined) return
    try {
      const campaign = await this.#campaign()
      if (campaign?.status !== 'sent') return
      const at = typeof campaign.completedAt === 'number' ? campaign.completedAt : this.deps.now()
      await this.deps.outboundEvents.emit([{ id: `campaign.sent:${this.campaignId}`, workspaceId: this.workspaceId, type: 'campaign.sent', at, data: eventData(campaign) }])
    } catch (error) {
      this.deps.onError(error, { campaignId: this.campaignId, during: 'webhook event' })
    }
  }

  async #writeStats(run: CampaignRun, force: boolean): Promise<void> {
    const now = this.deps.now()
    if (!force && now - this.#lastStatsAt < this.deps.settings.statsIntervalMs) return
    this.#lastStatsAt = now
    const counts = await this.deps.storage.sending.countRecipients(this.workspaceId, this.campaignId)
    // The per-variant join costs about 0.2 s at 100,000 recipients on SQLite: not at every stats write.
    const abDue = force || now - this.#lastAbAt >= Math.min(this.deps.settings.abRefreshMs, AB_FIGURES_WHILE_SENDING_MS)
    const abResult = abDue ? await this.#abResult(run, counts) : null
    if (abDue) this.#lastAbAt = now
    await this.deps.documents.patch(
      this.workspaceId,
      'campaigns',
      new Map([[this.campaignId, (current: Doc) => ({ stats: withDeliveryStats(current.stats, run, counts, now), ...(abResult === null ? {} : { abResult }) })]]),
    )
  }

  async #abResult(run: CampaignRun, counts: RecipientCounts): Promise<AbResult | null> {
    if (this.#ab === null) return null
    return abResultOf(this.#ab, run, await this.deps.storage.sending.abVariantFigures(this.workspaceId, this.campaignId), counts)
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
