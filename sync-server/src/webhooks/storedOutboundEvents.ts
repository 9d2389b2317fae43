import { newId } from '@core/ids'
import type { WebhookStore, NewWebhookDelivery } from '../storage/webhookStore'
import type { OutboundEvent, OutboundEvents } from './outboundEvents'

// The OutboundEvents the server runs with: each event becomes one queued delivery per enabled
// endpoint of its workspace subscribed to its type (or the one endpoint it names), durably and
// at most once per endpoint and event id. The dispatcher sends them.

/** The request body every delivery carries (what the signature covers). */
export function webhookPayload(event: OutboundEvent): string {
  return JSON.stringify({ id: event.id, type: event.type, createdAt: new Date(event.at).toISOString(), workspaceId: event.workspaceId, data: event.data })
}

/** Drops `_clock` (field stamps are sync plumbing, not data) from a replicated document. */
export function eventData(doc: Record<string, unknown>): Record<string, unknown> {
  const { _clock: _stamps, ...data } = doc
  return data
}

export function createStoredOutboundEvents(store: WebhookStore, now: () => number = Date.now): OutboundEvents {
  return {
    async emit(events) {
      const byWorkspace = new Map<string, OutboundEvent[]>()
      for (const event of events) byWorkspace.set(event.workspaceId, [...(byWorkspace.get(event.workspaceId) ?? []), event])
      for (const [workspaceId, list] of byWorkspace) {
        const endpoints = (await store.listEndpoints(workspaceId)).filter((endpoint) => endpoint.enabled)
        if (endpoints.length === 0) continue
        const at = now()
        const deliveries: NewWebhookDelivery[] = []
        for (const event of list) {
          const targets = event.endpointId === undefined ? endpoints.filter((endpoint) => endpoint.events.includes(event.type)) : endpoints.filter((endpoint) => endpoint.id === event.endpointId)
          if (targets.length === 0) continue
          const payloadJson = webhookPayload(event)
          for (const endpoint of targets) {
            deliveries.push({ id: newId(at), workspaceId, endpointId: endpoint.id, eventId: event.id, eventType: event.type, payloadJson, createdAt: at })
          }
        }
        await store.enqueueDeliveries(deliveries)
      }
    },
  }
}
