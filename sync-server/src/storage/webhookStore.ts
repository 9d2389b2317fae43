import type { WebhookEventType } from '@core/webhooks/events'

// Outbound webhooks' durable state (sync-server/src/webhooks): endpoints, the delivery queue and
// the attempts log. Both storage implementations provide it as `storage.webhooks` and pass
// webhookContract.test.ts. Times are epoch ms.
//
// A delivery moves queued → sending (claimed with a lease) → succeeded | failed, or back to
// queued with a later next_attempt_at. A claim whose lease ran out (its dispatcher died) is
// claimed again, so an event is never dropped; only a request in flight at a crash can repeat.
// Deliveries of a disabled endpoint stay where they are and are not claimed until re-enabled.

export interface WebhookEndpointRecord {
  /** A ULID. */
  id: string
  workspaceId: string
  url: string
  description: string
  events: WebhookEventType[]
  /** The signing secret sealed with the server secret (secretBox.ts); never plaintext. */
  secretCipher: string
  enabled: boolean
  /** Why it was disabled ('' when enabled, or disabled by hand with no reason). */
  disabledReason: string
  disabledAt: number | null
  /** Failed attempts since the last success. */
  consecutiveFailures: number
  /** When the current failure streak began; null after a success. */
  failingSince: number | null
  createdAt: number
  createdBy: string
  updatedAt: number
}

export type NewWebhookEndpoint = Omit<WebhookEndpointRecord, 'disabledReason' | 'disabledAt' | 'consecutiveFailures' | 'failingSince' | 'updatedAt'>

/** Fields an admin changes; `enabled: true` also clears the disabled notice and the failure streak. */
export interface WebhookEndpointChanges {
  url?: string
  description?: string
  events?: WebhookEventType[]
  enabled?: boolean
  secretCipher?: string
}

export type WebhookDeliveryStatus = 'queued' | 'sending' | 'succeeded' | 'failed'

export interface NewWebhookDelivery {
  /** A ULID. */
  id: string
  workspaceId: string
  endpointId: string
  eventId: string
  eventType: WebhookEventType
  /** The request body, exactly as it will be signed and sent. */
  payloadJson: string
  createdAt: number
}

export interface WebhookDeliveryRecord extends NewWebhookDelivery {
  status: WebhookDeliveryStatus
  /** Attempts made (or in flight). */
  attempts: number
  nextAttemptAt: number
  firstAttemptAt: number | null
  lastAttemptAt: number | null
  lastStatusCode: number | null
  lastDurationMs: number | null
  lastError: string
}

export interface WebhookAttemptRecord {
  deliveryId: string
  /** 1 for the first attempt. */
  attempt: number
  at: number
  /** The HTTP status answered; null when no answer (timeout, refused, SSRF guard). */
  statusCode: number | null
  durationMs: number
  /** '' on success. */
  error: string
}

export interface WebhookClaimRequest {
  claimId: string
  limit: number
  now: number
  leaseMs: number
}

/** A claimed delivery with what sending it needs. */
export interface ClaimedWebhookDelivery {
  delivery: WebhookDeliveryRecord
  url: string
  secretCipher: string
}

export type WebhookAttemptOutcome =
  | { kind: 'succeeded' }
  | { kind: 'retry'; nextAttemptAt: number }
  | { kind: 'failed' }

export interface WebhookAttemptResult {
  deliveryId: string
  claimId: string
  /** The claimed delivery's `attempts` (1 for the first attempt). */
  attempt: number
  at: number
  statusCode: number | null
  durationMs: number
  error: string
  outcome: WebhookAttemptOutcome
}

/** The endpoint's failure streak after an attempt was recorded. */
export interface WebhookEndpointHealth {
  workspaceId: string
  endpointId: string
  enabled: boolean
  consecutiveFailures: number
  failingSince: number | null
}

export interface WebhookDeliveryPage {
  /** Newest first; each with its attempts, oldest first. */
  deliveries: Array<WebhookDeliveryRecord & { attemptLog: WebhookAttemptRecord[] }>
  /** Pass as `before` for the next (older) page; null when this was the last. */
  nextBefore: string | null
}

/** Attempts kept per endpoint (older ones are pruned as new ones are written). */
export const WEBHOOK_ATTEMPTS_KEPT = 1_000

export interface WebhookStore {
  createEndpoint(endpoint: NewWebhookEndpoint): Promise<void>
  /** Null when missing or another workspace's. */
  getEndpoint(workspaceId: string, id: string): Promise<WebhookEndpointRecord | null>
  /** Oldest first. */
  listEndpoints(workspaceId: string): Promise<WebhookEndpointRecord[]>
  /** Null when missing or another workspace's (and then nothing changed). */
  updateEndpoint(workspaceId: string, id: string, changes: WebhookEndpointChanges, at: number): Promise<WebhookEndpointRecord | null>
  /** Disables an enabled endpoint with a reason (its queued deliveries wait); false when it was not enabled. */
  disableEndpoint(workspaceId: string, id: string, reason: string, at: number): Promise<boolean>
  /** Deletes the endpoint with its deliveries and attempts; false when missing. */
  deleteEndpoint(workspaceId: string, id: string): Promise<boolean>
  /**
   * An erasure: deletes the workspace's deliveries whose payload names the contact (sent or not,
   * with their attempts), so no copy of the person's data stays here or goes out later. Returns how many.
   */
  forgetContact(workspaceId: string, contactId: string): Promise<number>

  /** Queues deliveries; one already queued for the same endpoint and event is kept as it is. Returns how many were new. */
  enqueueDeliveries(deliveries: readonly NewWebhookDelivery[]): Promise<number>
  /**
   * Claims up to `limit` deliveries of enabled endpoints that are queued and due, or whose lease
   * ran out; concurrent claimers never get the same one. Counts the attempt.
   */
  claimDeliveries(request: WebhookClaimRequest): Promise<ClaimedWebhookDelivery[]>
  /**
   * One transaction: logs the attempt, moves the delivery (only while still held by claimId),
   * updates the endpoint's failure streak (a success resets it) and prunes its log to the newest
   * WEBHOOK_ATTEMPTS_KEPT attempts. Null when the delivery is gone (endpoint deleted meanwhile).
   */
  recordAttempt(result: WebhookAttemptResult): Promise<WebhookEndpointHealth | null>
  /** Puts deliveries still held by `claimId` back (shutdown); their attempt is given back. */
  releaseClaim(claimId: string): Promise<number>
  getDelivery(workspaceId: string, id: string): Promise<WebhookDeliveryRecord | null>
  /** The endpoint's deliveries, newest first, older than `before` (a delivery id) when given. */
  listDeliveries(workspaceId: string, endpointId: string, options: { before?: string; limit: number }): Promise<WebhookDeliveryPage>
  /** Latest delivery per endpoint of the workspace (the list's "last delivery" column). */
  latestDeliveries(workspaceId: string): Promise<Map<string, WebhookDeliveryRecord>>
}
