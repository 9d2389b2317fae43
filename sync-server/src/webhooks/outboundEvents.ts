import type { WebhookEventType } from '@core/webhooks/events'

// How the rest of the server hands events to outbound webhooks (sync-server/src/webhooks): the
// replication routes, tracking, sending and the workflow engine call `emit`; the webhook service
// queues one delivery per subscribed endpoint (durably) and delivers them in the background.

export interface OutboundEvent {
  /**
   * Unique per event (a ULID, or a key derived from what caused it): emitting the same id twice
   * queues it once per endpoint, so a caller retrying after a crash never delivers it twice.
   */
  id: string
  workspaceId: string
  type: WebhookEventType
  /** When it happened (epoch ms). */
  at: number
  /** The payload's `data` (documents as clients see them, minus `_clock`). */
  data: Record<string, unknown>
  /** Deliver only to this endpoint (a workflow's "call webhook" step), subscribed or not. */
  endpointId?: string
}

export interface OutboundEvents {
  emit(events: readonly OutboundEvent[]): Promise<void>
}

/** For servers and tests without webhooks. */
export const NO_OUTBOUND_EVENTS: OutboundEvents = { emit: () => Promise.resolve() }
