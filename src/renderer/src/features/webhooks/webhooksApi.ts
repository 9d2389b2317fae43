import { useMemo } from 'react'
import { z } from 'zod'
import type { Result } from '@core/result'
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@core/webhooks/events'
import { useAppSelector } from '../../app/store'
import { useData } from '../../data/dataContext'
import { requestChecked, type SyncFailure, type SyncRequest, type WorkspaceRequest } from '../../data/sync/syncHttp'

// The sync server's /api/webhooks routes (sync-server/src/webhooks/routes.ts), for Settings →
// Webhooks and the workflow builder's "call webhook" step. Answers are checked; an event type this
// app does not know yet (a newer server) is dropped rather than failing the whole answer.

const eventTypesSchema = z.array(z.string()).transform((types) => WEBHOOK_EVENT_TYPES.filter((type) => types.includes(type)))

const deliveryStatusSchema = z.enum(['queued', 'sending', 'succeeded', 'failed'])

const endpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  events: eventTypesSchema,
  enabled: z.boolean(),
  disabledReason: z.string(),
  disabledAt: z.number().nullable(),
  consecutiveFailures: z.number(),
  createdAt: z.number(),
  updatedAt: z.number(),
  lastDelivery: z
    .object({ id: z.string(), eventType: z.string(), status: deliveryStatusSchema, at: z.number(), statusCode: z.number().nullable(), error: z.string() })
    .nullable(),
})

const listSchema = z.object({ endpoints: z.array(endpointSchema), limit: z.number() })
const createdSchema = z.object({ endpoint: endpointSchema, secret: z.string() })
const updatedSchema = z.object({ endpoint: endpointSchema })
const secretSchema = z.object({ secret: z.string() })
const deletedSchema = z.object({ deleted: z.literal(true) })
const testSchema = z.object({ deliveryId: z.string(), eventId: z.string() })

const attemptSchema = z.object({ attempt: z.number(), at: z.number(), statusCode: z.number().nullable(), durationMs: z.number(), error: z.string() })
const deliverySchema = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: deliveryStatusSchema,
  attempts: z.number(),
  nextAttemptAt: z.number().nullable(),
  firstAttemptAt: z.number().nullable(),
  lastAttemptAt: z.number().nullable(),
  lastStatusCode: z.number().nullable(),
  lastDurationMs: z.number().nullable(),
  lastError: z.string(),
  createdAt: z.number(),
  attemptLog: z.array(attemptSchema),
})
const deliveriesSchema = z.object({ deliveries: z.array(deliverySchema), nextBefore: z.string().nullable() })

export type WebhookEndpoint = z.infer<typeof endpointSchema>
export type WebhookDelivery = z.infer<typeof deliverySchema>
export type WebhookDeliveryStatus = z.infer<typeof deliveryStatusSchema>
export type { WebhookEventType }

export interface WebhookEndpointInput {
  url: string
  events: WebhookEventType[]
  description: string
}

/** A failed call; `field` ('url') when the server refused one field. */
export type WebhookFailure = SyncFailure & { field?: string }

const invalidAnswer: SyncFailure = {
  kind: 'http',
  status: 200,
  code: 'invalid_response',
  message: 'The sync server does not answer like an Outpost server with webhooks (is it up to date?).',
}

async function call<S extends z.ZodType>(send: WorkspaceRequest, schema: S, request: SyncRequest): Promise<Result<z.infer<S>, WebhookFailure>> {
  const answer = await requestChecked<z.infer<S>>(send, schema, request, invalidAnswer)
  if (answer.ok || answer.error.kind !== 'http') return answer
  const field = (answer.error.details as { field?: unknown } | undefined)?.field
  if (typeof field !== 'string') return answer
  // The server's message starts with the field ("url: …"); the form shows it beside the field.
  const prefix = `${field}: `
  const message = answer.error.message.startsWith(prefix) ? answer.error.message.slice(prefix.length) : answer.error.message
  return { ok: false, error: { ...answer.error, field, message } }
}

const base = (id: string) => `/api/webhooks/${encodeURIComponent(id)}`

export function createWebhooksApi(send: WorkspaceRequest) {
  return {
    list: () => call(send, listSchema, { path: '/api/webhooks' }),
    create: (input: WebhookEndpointInput) => call(send, createdSchema, { method: 'POST', path: '/api/webhooks', body: input }),
    update: (id: string, changes: Partial<WebhookEndpointInput> & { enabled?: boolean }) => call(send, updatedSchema, { method: 'PATCH', path: base(id), body: changes }),
    remove: (id: string) => call(send, deletedSchema, { method: 'DELETE', path: base(id) }),
    sendTest: (id: string) => call(send, testSchema, { method: 'POST', path: `${base(id)}/test` }),
    rotateSecret: (id: string) => call(send, secretSchema, { method: 'POST', path: `${base(id)}/rotate-secret` }),
    deliveries: (id: string, before: string | null, limit = 20) =>
      call(send, deliveriesSchema, { path: `${base(id)}/deliveries?limit=${limit}${before === null ? '' : `&before=${encodeURIComponent(before)}`}` }),
  }
}

export type WebhooksApi = ReturnType<typeof createWebhooksApi>

/** The workspace's endpoints (the workflow builder's "call webhook" step picks one). Owners and admins only: others get a 403 failure. */
export async function listWebhookEndpoints(send: WorkspaceRequest): Promise<Result<WebhookEndpoint[], WebhookFailure>> {
  const answer = await createWebhooksApi(send).list()
  return answer.ok ? { ok: true, value: answer.value.endpoints } : answer
}

/** What to tell the user when a call failed: offline gets the same clear sentence everywhere. */
export function webhookFailureMessage(failure: SyncFailure, doing: string): string {
  if (failure.kind === 'network') return `The sync server cannot be reached right now: connect to ${doing}.`
  if (failure.kind === 'http' && failure.code === 'signed_out') return `Sign in to a sync server (Settings → Sync) to ${doing}.`
  if (failure.kind === 'http' && failure.status === 403) return 'Only owners and admins of this workspace manage webhooks.'
  return failure.message
}

/** The API as the signed-in user in the open workspace, and whether that user may manage webhooks. */
export function useWebhooksApi(): { api: WebhooksApi; signedIn: boolean; canManage: boolean } {
  const { sync } = useData()
  const account = useAppSelector((state) => state.sync.account)
  const api = useMemo(() => createWebhooksApi((request) => sync.requestWorkspace(request)), [sync])
  const role = account?.workspaces.find((workspace) => workspace.id === account.workspaceId)?.role
  return { api, signedIn: account !== null, canManage: role === 'owner' || role === 'admin' }
}
