import type { ServerDocuments } from '../serverDocuments'
import type { SendingConfigSource } from '../sendingSettings/sendingConfig'
import type { StoragePort } from '../storage/port'
import { CampaignSender } from './campaignSender'
import type { SenderSettings } from './campaignSender'
import { startCampaign } from './campaignStart'
import { ContactRollups } from './contactRollups'
import { Mailer } from './mailer'
import { RateLimiter } from './rateLimiter'
import type { OutboundEvents } from '../webhooks/outboundEvents'

// The scheduler (ARCHITECTURE.md, "Sending"): every tick it lists scheduled and sending campaigns,
// starts the due ones (materializing their recipients once) and keeps one sender per sending
// campaign. Several instances on one PostgreSQL each run this; the queue's claims share the work.

export interface SendingLogger {
  info(details: Record<string, unknown>, message: string): void
  error(details: Record<string, unknown>, message: string): void
}

export interface SendingServiceOptions {
  storage: StoragePort
  documents: ServerDocuments
  configSource: SendingConfigSource
  /** OUTPOST_PUBLIC_URL: base of tracking and unsubscribe links. */
  publicUrl: string
  /** OUTPOST_SECRET: signs tracking tokens. */
  secret: string
  logger: SendingLogger
  now?: () => number
  /** Scheduler interval (default 1 s). */
  tickMs?: number
  /** Campaigns sending at once in this process (default 8). */
  maxConcurrentCampaigns?: number
  /** SMTP connections per workspace pool (default 6). */
  maxConnections?: number
  /** Contact rollups are written at most this often (default 1 s). */
  rollupIntervalMs?: number
  sender?: Partial<SenderSettings>
  /** Webhook events of sending (campaign.sent, email.bounced); none when absent. */
  outboundEvents?: OutboundEvents
}

export const DEFAULT_SENDER_SETTINGS: SenderSettings = {
  leaseMs: 20_000,
  batchSize: 200,
  lanes: 12,
  statusCheckEvery: 25,
  maxAttempts: 5,
  retryBaseMs: 60_000,
  retryMaxMs: 60 * 60_000,
  statsIntervalMs: 2_000,
  abRefreshMs: 60_000,
}

export class SendingService {
  readonly #now: () => number
  readonly #tickMs: number
  readonly #maxConcurrent: number
  readonly #settings: SenderSettings
  readonly #mailer: Mailer
  readonly #rollups: ContactRollups
  readonly #limiters = new Map<string, RateLimiter>()
  /** Running senders (and starts) by workspace:campaign. */
  readonly #running = new Map<string, Promise<void>>()
  /** Campaigns with nothing due before this time, by workspace:campaign. */
  readonly #notBefore = new Map<string, number>()
  #timer: NodeJS.Timeout | null = null
  #rollupTimer: NodeJS.Timeout | null = null
  #ticking: Promise<void> | null = null
  #stopping = false

  constructor(private readonly options: SendingServiceOptions) {
    this.#now = options.now ?? Date.now
    this.#tickMs = options.tickMs ?? 1_000
    this.#maxConcurrent = options.maxConcurrentCampaigns ?? 8
    this.#settings = { ...DEFAULT_SENDER_SETTINGS, ...options.sender }
    this.#mailer = new Mailer({ maxConnections: options.maxConnections ?? 6 })
    this.#rollups = new ContactRollups(options.documents, (error) => this.#logError(error, { during: 'contact rollups' }))
  }

  start(): void {
    if (this.#timer !== null || this.#stopping) return
    this.#timer = setInterval(() => void this.tick(), this.#tickMs)
    this.#rollupTimer = setInterval(() => void this.#rollups.flush(), this.options.rollupIntervalMs ?? 1_000)
    void this.tick()
  }

  /** Stops scheduling, lets senders finish the messages in flight (unsent claims go back), closes the pools. */
  async stop(): Promise<void> {
    this.#stopping = true
    if (this.#timer !== null) clearInterval(this.#timer)
    if (this.#rollupTimer !== null) clearInterval(this.#rollupTimer)
    this.#timer = null
    this.#rollupTimer = null
    await this.#ticking
    await Promise.all(this.#running.values())
    await this.#rollups.flush()
    await this.#mailer.close()
  }

  /** One scheduling pass (the interval calls it; tests may too). Passes never overlap. */
  tick(): Promise<void> {
    this.#ticking ??= this.#schedule().finally(() => {
      this.#ticking = null
    })
    return this.#ticking
  }

  /** Resolves when no sender is running (tests: after a tick, wait for the work it started). */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running.values())
  }

  /** Writes pending contact rollups now. */
  flushRollups(): Promise<void> {
    return this.#rollups.flush()
  }

  async #schedule(): Promise<void> {
    if (this.#stopping) return
    let campaigns
    try {
      campaigns = await this.options.storage.sending.listActiveCampaigns()
    } catch (error) {
      this.#logError(error, { during: 'listing campaigns' })
      return
    }
    const now = this.#now()
    for (const { workspaceId, doc } of campaigns) {
      if (this.#running.size >= this.#maxConcurrent) return
      const campaignId = String(doc.id)
      const key = `${workspaceId}:${campaignId}`
      if (this.#running.has(key)) continue
      const due =
        doc.status === 'scheduled'
          ? typeof doc.scheduledAt === 'number' && doc.scheduledAt <= now
          : now >= (this.#notBefore.get(key) ?? 0) || manualAbPickPending(doc)
      if (!due) continue
      const work = this.#work(workspaceId, campaignId, doc).finally(() => this.#running.delete(key))
      this.#running.set(key, work)
    }
  }

  async #work(workspaceId: string, campaignId: string, doc: Record<string, unknown>): Promise<void> {
    const key = `${workspaceId}:${campaignId}`
    try {
      // 'sending' without a run: a start that stopped half-way; starting again completes it.
      if (doc.status === 'scheduled' || (await this.options.storage.sending.getCampaignRun(workspaceId, campaignId)) === null) {
        const outcome = await startCampaign({ ...this.options, now: this.#now }, workspaceId, doc)
        this.options.logger.info({ workspaceId, campaignId, ...outcome }, 'campaign start')
        if (outcome.kind !== 'started') return
      }
      const sender = new CampaignSender(
        {
          ...this.options,
          mailer: this.#mailer,
          rollups: this.#rollups,
          limiterFor: (ws, rate) => this.#limiterFor(ws, rate),
          now: this.#now,
          settings: this.#settings,
          stopping: () => this.#stopping,
          onError: (error, context) => this.#logError(error, { workspaceId, ...context }),
        },
        workspaceId,
        campaignId,
      )
      const result = await sender.run()
      if (result === 'completed') this.options.logger.info({ workspaceId, campaignId }, 'campaign sent')
      // Nothing claimable: look again when the next retry or lease falls due, or an A/B test's wait ends.
      const nextDue = result === 'waiting' ? await this.options.storage.sending.nextDueAt(workspaceId, campaignId) : null
      const wakes = [nextDue, result === 'waiting' ? sender.wakeAt : null].filter((at): at is number => at !== null)
      if (wakes.length === 0) this.#notBefore.delete(key)
      else this.#notBefore.set(key, Math.min(...wakes))
    } catch (error) {
      this.#logError(error, { workspaceId, campaignId })
      // A failing campaign (its transport down, say) waits a moment instead of spinning every tick.
      this.#notBefore.set(key, this.#now() + 10 * this.#tickMs)
    }
  }

  #limiterFor(workspaceId: string, ratePerSecond: number): RateLimiter {
    let limiter = this.#limiters.get(workspaceId)
    if (limiter === undefined) {
      limiter = new RateLimiter(ratePerSecond, this.#now)
      this.#limiters.set(workspaceId, limiter)
    } else if (limiter.ratePerSecond !== ratePerSecond) limiter.setRate(ratePerSecond)
    return limiter
  }

  #logError(error: unknown, details: Record<string, unknown>): void {
    this.options.logger.error({ err: error, ...details }, 'sending failed')
  }
}

/** A member picked an A/B winner the server has not acted on yet: run the campaign now, whatever it waits for. */
function manualAbPickPending(doc: Record<string, unknown>): boolean {
  const abTest = doc.abTest as { manualWinnerId?: unknown; variants?: Array<{ id?: unknown }> } | undefined
  const abResult = doc.abResult as { winnerId?: unknown } | undefined
  const picked = abTest?.manualWinnerId
  // Only a pick of one of its variants: anything else would wake the campaign every tick for nothing.
  return typeof picked === 'string' && picked !== '' && (abTest?.variants ?? []).some((variant) => variant.id === picked) && (abResult?.winnerId ?? '') === ''
}
