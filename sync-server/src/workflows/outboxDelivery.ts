import { newId } from '@core/ids'
import type { Company, Contact } from '@core/schema'
import type { CompiledEmail } from '@core/templates/emailTemplate'
import type { ContactRollups } from '../sending/contactRollups'
import { classifyDeliveryError, retryDelayMs } from '../sending/deliveryFailure'
import type { Mailer } from '../sending/mailer'
import type { RateLimiter } from '../sending/rateLimiter'
import type { ServerDocuments } from '../serverDocuments'
import type { SendingConfigSource, WorkspaceSendingConfig } from '../sendingSettings/sendingConfig'
import type { CampaignMessageContext } from '../sending/messageBuilder'
import type { StoragePort } from '../storage/port'
import type { OutboxItem, OutboxOutcome } from '../storage/workflowStore'
import type { OutboundEvents } from '../webhooks/outboundEvents'
import type { WorkflowWebhookPayload } from './stepRunner'
import { buildWorkflowMessage, loadEmailRun } from './workflowEmail'
import type { WorkflowEmailPayload } from './workflowEmail'

// Delivers what committed steps queued: emails through the workspace's transport (the embedded
// sink in development) and webhook events to the outbound webhook service. An item is claimed
// with a lease and marked sent as soon as the SMTP server took it, so a crash repeats only the
// items in flight (at most one per lane). Temporary failures come back with exponential backoff.

export interface OutboxSettings {
  leaseMs: number
  batchSize: number
  /** Items in flight at once (= the in-flight window a crash can duplicate). */
  lanes: number
  maxAttempts: number
  retryBaseMs: number
  retryMaxMs: number
}

export const DEFAULT_OUTBOX_SETTINGS: OutboxSettings = {
  leaseMs: 30_000,
  batchSize: 100,
  lanes: 8,
  maxAttempts: 8,
  retryBaseMs: 60_000,
  retryMaxMs: 3 * 60 * 60_000,
}

export interface OutboxDeps {
  storage: StoragePort
  documents: ServerDocuments
  configSource: SendingConfigSource
  mailer: Mailer
  rollups: ContactRollups
  limiterFor(workspaceId: string, ratePerSecond: number): RateLimiter
  outboundEvents: OutboundEvents
  publicUrl: string
  secret: string
  now: () => number
  settings: OutboxSettings
  stopping(): boolean
  onError(error: unknown, context: Record<string, unknown>): void
}

const MAX_CACHED_RUNS = 5_000

type Outcome = DistributiveOmit<OutboxOutcome, 'id' | 'claimId' | 'at'>

export class OutboxDelivery {
  readonly #compiled = new Map<string, CompiledEmail>()
  readonly #contexts = new Map<string, CampaignMessageContext>()

  constructor(private readonly deps: OutboxDeps) {}

  /** Claims one batch and delivers it; returns how many items were claimed (0: nothing due). */
  async deliverBatch(): Promise<number> {
    const { storage, now, settings } = this.deps
    const claimId = newId()
    const claimedAt = now()
    const items = await storage.workflows.claimOutbox({ claimId, now: claimedAt, limit: settings.batchSize, leaseMs: settings.leaseMs })
    if (items.length === 0) return 0
    const deadline = claimedAt + settings.leaseMs * 0.8
    // Each workspace's sending config read once per batch (settings change rarely; the next batch sees it).
    const configs = new Map<string, Promise<WorkspaceSendingConfig>>()
    const configOf = (workspaceId: string): Promise<WorkspaceSendingConfig> => {
      let config = configs.get(workspaceId)
      if (config === undefined) {
        config = this.deps.configSource.forWorkspace(workspaceId)
        configs.set(workspaceId, config)
      }
      return config
    }
    let next = 0
    const lane = async (): Promise<void> => {
      for (;;) {
        const item = items[next]
        if (item === undefined) return
        next += 1
        // Shutting down or out of lease: hand the rest back instead of racing another worker.
        const outcome: Outcome =
          this.deps.stopping() || now() > deadline ? { kind: 'retry', error: 'not delivered before shutdown or lease end', nextAttemptAt: now() } : await this.#deliver(item, configOf)
        await storage.workflows.recordOutboxOutcomes([{ ...outcome, id: item.id, claimId, at: now() } as OutboxOutcome])
      }
    }
    await Promise.all(Array.from({ length: Math.min(settings.lanes, items.length) }, lane))
    return items.length
  }

  async #deliver(item: OutboxItem, configOf: (workspaceId: string) => Promise<WorkspaceSendingConfig>): Promise<Outcome> {
    try {
      return item.kind === 'email' ? await this.#email(item, configOf) : await this.#webhook(item)
    } catch (error) {
      // A bug or the database: the item is tried again later rather than lost.
      this.deps.onError(error, { workspaceId: item.workspaceId, outboxItemId: item.id })
      return this.#retry(item, error instanceof Error ? error.message : String(error))
    }
  }

  #retry(item: OutboxItem, error: string): Outcome {
    const { settings, now } = this.deps
    // `attempts` counts this one (claimOutbox increments it).
    if (item.attempts >= settings.maxAttempts) return { kind: 'failed', error: `gave up after ${item.attempts} attempts: ${error}` }
    return { kind: 'retry', error, nextAttemptAt: now() + retryDelayMs(item.attempts, settings.retryBaseMs, settings.retryMaxMs) }
  }

  async #webhook(item: OutboxItem): Promise<Outcome> {
    const payload = JSON.parse(item.payloadJson) as WorkflowWebhookPayload
    const contactId = typeof payload.data.contactId === 'string' ? payload.data.contactId : ''
    const stored = contactId === '' ? undefined : (await this.deps.storage.sending.getDocuments(item.workspaceId, 'contacts', [contactId])).get(contactId)
    const { _clock: _stamps, ...contact } = stored ?? {}
    const data = { ...payload.data, contact: stored === undefined ? null : contact }
    // The outbox item id is the event id: emitting again after a crash queues nothing twice.
    await this.deps.outboundEvents.emit([
      { id: item.id, workspaceId: item.workspaceId, type: payload.type, at: item.createdAt, data, ...(payload.endpointId ? { endpointId: payload.endpointId } : {}) },
    ])
    return { kind: 'sent' }
  }

  async #email(item: OutboxItem, configOf: (workspaceId: string) => Promise<WorkspaceSendingConfig>): Promise<Outcome> {
    const { storage, now } = this.deps
    const payload = JSON.parse(item.payloadJson) as WorkflowEmailPayload
    const { workspaceId } = item
    const contact = (await storage.sending.getDocuments(workspaceId, 'contacts', [payload.contactId])).get(payload.contactId) as Contact | undefined
    if (contact === undefined) return { kind: 'failed', error: 'contact deleted' }
    const email = contact.email.trim().toLowerCase()
    if (email === '') return { kind: 'failed', error: 'the contact has no email address' }
    // The step checked this too; an unsubscribe may have arrived since.
    if (contact.unsubscribed === true || contact.bounced === true || (await storage.sending.isSuppressed(workspaceId, email))) return { kind: 'failed', error: 'suppressed' }
    // A stored run never changes: its message context is kept (bounded) once loaded.
    const runKey = `${workspaceId}:${payload.emailKey}`
    let context = this.#contexts.get(runKey)
    if (context === undefined) {
      const run = await loadEmailRun({ sending: storage.sending, publicUrl: this.deps.publicUrl, secret: this.deps.secret, now }, workspaceId, payload, this.#compiled)
      if (!run.ok) return { kind: 'failed', error: run.reason }
      context = run.context
      if (this.#contexts.size >= MAX_CACHED_RUNS) {
        this.#contexts.clear()
        this.#compiled.clear()
      }
      this.#contexts.set(runKey, context)
    }
    let config
    try {
      config = await configOf(workspaceId)
    } catch (error) {
      return this.#retry(item, `sending is not configured: ${error instanceof Error ? error.message : String(error)}`)
    }
    const company =
      contact.companyId === '' ? null : (((await storage.sending.getDocuments(workspaceId, 'companies', [contact.companyId])).get(contact.companyId) as Company | undefined) ?? null)
    let message
    try {
      message = buildWorkflowMessage(context, payload, contact, company, now())
    } catch (error) {
      return { kind: 'failed', error: `could not render: ${error instanceof Error ? error.message : String(error)}` }
    }
    await this.deps.limiterFor(workspaceId, config.ratePerSecond).take()
    try {
      await this.deps.mailer.send(workspaceId, config, message)
    } catch (error) {
      const failure = classifyDeliveryError(error)
      if (failure.kind === 'bounce') {
        await this.#bounced(workspaceId, payload, email)
        return { kind: 'failed', error: `bounced: ${failure.message}` }
      }
      return failure.kind === 'permanent' ? { kind: 'failed', error: failure.message } : this.#retry(item, failure.message)
    }
    this.deps.rollups.emailed(workspaceId, contact.id, now())
    return { kind: 'sent' }
  }

  /** A hard bounce: never mail the address again, flag the contact, tell every device (as campaigns do). */
  async #bounced(workspaceId: string, payload: WorkflowEmailPayload, email: string): Promise<void> {
    const at = this.deps.now()
    try {
      await this.deps.storage.sending.addSuppression(workspaceId, email, 'hard_bounce', at)
      await this.deps.documents.patch(workspaceId, 'contacts', new Map([[payload.contactId, () => ({ bounced: true })]]))
      await this.deps.documents.insert(workspaceId, 'events', [
        { id: newId(at), type: 'bounce', campaignId: payload.emailKey, contactId: payload.contactId, email, linkIndex: -1, url: '', machine: false, at },
      ])
    } catch (error) {
      this.deps.onError(error, { workspaceId, contactId: payload.contactId })
    }
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
