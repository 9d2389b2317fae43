import { newId } from '@core/ids'
import type { ClaimedWebhookDelivery, WebhookAttemptOutcome, WebhookStore } from '../storage/webhookStore'
import { afterFailure, disableReason } from './retryPolicy'
import { signWebhookBody } from './signature'
import { vetWebhookUrl } from './ssrfGuard'
import type { HostLookup } from './ssrfGuard'
import { postWebhook, WEBHOOK_TIMEOUT_MS } from './webhookRequest'
import type { WebhookRequest, WebhookResponse } from './webhookRequest'
import type { WebhookSecrets } from './webhookSecrets'

// Sends queued deliveries in the background (like sending/sendingService.ts): every tick it
// claims due deliveries with a lease, POSTs each signed, records the attempt, schedules a retry
// with backoff or gives up after 24 h, and switches off endpoints that keep failing. Several
// instances on one PostgreSQL share the queue through the claims.

export interface WebhookDispatcherLogger {
  info(details: Record<string, unknown>, message: string): void
  error(details: Record<string, unknown>, message: string): void
}

export interface WebhookDispatcherOptions {
  store: WebhookStore
  secrets: WebhookSecrets
  /** OUTPOST_WEBHOOKS_ALLOW_PRIVATE. */
  allowPrivate: boolean
  logger: WebhookDispatcherLogger
  now?: () => number
  random?: () => number
  lookup?: HostLookup
  /** The HTTP client (tests observe or replace it). */
  post?: (request: WebhookRequest) => Promise<WebhookResponse>
  /** Interval between passes (default 1 s). */
  tickMs?: number
  /** Deliveries claimed at once (default 50) and sent in parallel (default 8). */
  batchSize?: number
  concurrency?: number
  timeoutMs?: number
}

export class WebhookDispatcher {
  readonly #now: () => number
  readonly #post: (request: WebhookRequest) => Promise<WebhookResponse>
  #timer: NodeJS.Timeout | null = null
  #ticking: Promise<void> | null = null
  #stopping = false

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.#now = options.now ?? Date.now
    this.#post = options.post ?? ((request) => postWebhook(request))
  }

  start(): void {
    if (this.#timer !== null || this.#stopping) return
    this.#timer = setInterval(() => void this.tick(), this.options.tickMs ?? 1_000)
    void this.tick()
  }

  /** Stops claiming; requests in flight finish and are recorded. */
  async stop(): Promise<void> {
    this.#stopping = true
    if (this.#timer !== null) clearInterval(this.#timer)
    this.#timer = null
    await this.#ticking
  }

  /** One pass: sends everything due now (the interval calls it; tests may too). Passes never overlap. */
  tick(): Promise<void> {
    this.#ticking ??= this.#drain().finally(() => {
      this.#ticking = null
    })
    return this.#ticking
  }

  async #drain(): Promise<void> {
    const batchSize = this.options.batchSize ?? 50
    const timeoutMs = this.options.timeoutMs ?? WEBHOOK_TIMEOUT_MS
    while (!this.#stopping) {
      const claimId = newId()
      let claimed: ClaimedWebhookDelivery[]
      try {
        // The lease outlasts every request of the batch, so no other dispatcher takes one meanwhile.
        const waves = Math.ceil(batchSize / (this.options.concurrency ?? 8))
        claimed = await this.options.store.claimDeliveries({ claimId, limit: batchSize, now: this.#now(), leaseMs: waves * timeoutMs + 30_000 })
      } catch (error) {
        this.options.logger.error({ err: error }, 'webhooks: claiming deliveries failed')
        return
      }
      if (claimed.length === 0) return
      let next = 0
      const lane = async (): Promise<void> => {
        for (let item = claimed[next++]; item !== undefined; item = claimed[next++]) await this.#deliver(item, claimId, timeoutMs)
      }
      await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 8, claimed.length) }, lane))
      if (claimed.length < batchSize) return
    }
  }

  async #deliver({ delivery, url, secretCipher }: ClaimedWebhookDelivery, claimId: string, timeoutMs: number): Promise<void> {
    const { store, logger } = this.options
    try {
      const response = await this.#attempt(delivery.workspaceId, delivery.endpointId, delivery.id, delivery.eventType, delivery.payloadJson, url, secretCipher, timeoutMs)
      const at = this.#now()
      const outcome: WebhookAttemptOutcome =
        response.error === '' ? { kind: 'succeeded' } : afterFailure(delivery.attempts, delivery.firstAttemptAt ?? at, at, this.options.random)
      const health = await store.recordAttempt({ deliveryId: delivery.id, claimId, attempt: delivery.attempts, at, ...response, outcome })
      if (health === null) return
      const reason = disableReason(health, at)
      if (reason !== null && (await store.disableEndpoint(health.workspaceId, health.endpointId, reason, at))) {
        logger.info({ workspaceId: health.workspaceId, endpointId: health.endpointId, failures: health.consecutiveFailures }, 'webhooks: endpoint disabled after failing')
      }
    } catch (error) {
      // The claim runs out and the delivery is tried again then.
      logger.error({ err: error, deliveryId: delivery.id }, 'webhooks: recording a delivery failed')
    }
  }

  async #attempt(
    workspaceId: string,
    endpointId: string,
    deliveryId: string,
    eventType: string,
    body: string,
    rawUrl: string,
    secretCipher: string,
    timeoutMs: number,
  ): Promise<WebhookResponse> {
    const secret = this.options.secrets.open(secretCipher, workspaceId, endpointId)
    if (secret === null) return { statusCode: null, durationMs: 0, error: 'the signing secret cannot be decrypted on this server (was OUTPOST_SECRET changed?): rotate it' }
    // Checked again at every attempt: what the host resolves to may have changed since registration.
    const vetted = await vetWebhookUrl(rawUrl, { allowPrivate: this.options.allowPrivate, ...(this.options.lookup ? { lookup: this.options.lookup } : {}) })
    if (!vetted.ok) return { statusCode: null, durationMs: 0, error: `not sent: ${vetted.error}` }
    const timestamp = Math.floor(this.#now() / 1000)
    return this.#post({
      url: vetted.value.url,
      target: vetted.value.target,
      body,
      timeoutMs,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Outpost-Webhooks/1',
        'x-outpost-event': eventType,
        'x-outpost-delivery': deliveryId,
        'x-outpost-timestamp': String(timestamp),
        'x-outpost-signature': signWebhookBody(secret, timestamp, body),
      },
    })
  }
}
