import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { newId } from '@core/ids'
import { WEBHOOK_EVENT_TYPES } from '@core/webhooks/events'
import { authenticateWorkspace, type WorkspaceCaller } from '../auth/session'
import { ApiError, notFound } from '../http/errors'
import { parseBody } from '../http/validate'
import type { StoragePort } from '../storage/port'
import type { WebhookDeliveryRecord, WebhookEndpointRecord } from '../storage/webhookStore'
import { newWebhookSecret } from './signature'
import { vetWebhookUrl } from './ssrfGuard'
import type { HostLookup } from './ssrfGuard'
import { webhookPayload } from './storedOutboundEvents'
import type { WebhookSecrets } from './webhookSecrets'

// Settings → Webhooks (/api/webhooks). Owners and admins only (others 403); another workspace's
// endpoint is 404, as everywhere. The signing secret is answered on create and rotate only, and
// is stored sealed; it never appears in a list, a log or a synced document.

export interface WebhookRouteOptions {
  storage: StoragePort
  secrets: WebhookSecrets
  /** OUTPOST_WEBHOOKS_ALLOW_PRIVATE. */
  allowPrivate: boolean
  lookup?: HostLookup
  now: () => number
}

/** Endpoints per workspace: enough for any integration set, small enough to fan out cheaply. */
export const MAX_ENDPOINTS_PER_WORKSPACE = 25
const DESCRIPTION_MAX = 500
const DEFAULT_LOG_PAGE = 25
const MAX_LOG_PAGE = 100
const ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/

const eventsSchema = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, { message: `unknown event type: use ${WEBHOOK_EVENT_TYPES.join(', ')}` }))
  .min(1, 'choose at least one event')
  .max(WEBHOOK_EVENT_TYPES.length)
  .transform((events) => WEBHOOK_EVENT_TYPES.filter((type) => events.includes(type)))
const urlSchema = z.string().trim().min(1, 'enter the URL that receives the events').max(2_048)
const descriptionSchema = z.string().trim().max(DESCRIPTION_MAX)

const createBody = z.strictObject({ url: urlSchema, events: eventsSchema, description: descriptionSchema.default('') })
const updateBody = z
  .strictObject({ url: urlSchema.optional(), events: eventsSchema.optional(), description: descriptionSchema.optional(), enabled: z.boolean().optional() })
  .refine((body) => Object.keys(body).length > 0, 'nothing to change: give url, events, description or enabled')
const logQuery = z.strictObject({
  before: z.string().regex(ID_PATTERN, 'before must be a delivery id from the previous page').optional(),
  limit: z.coerce.number().int().min(1).max(MAX_LOG_PAGE).default(DEFAULT_LOG_PAGE),
})

function requireAdmin(caller: WorkspaceCaller): void {
  if (caller.role !== 'owner' && caller.role !== 'admin') throw new ApiError('forbidden', `only owners and admins manage webhooks (your role: ${caller.role})`)
}

function publicEndpoint(endpoint: WebhookEndpointRecord, last: WebhookDeliveryRecord | undefined) {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    events: endpoint.events,
    enabled: endpoint.enabled,
    disabledReason: endpoint.disabledReason,
    disabledAt: endpoint.disabledAt,
    consecutiveFailures: endpoint.consecutiveFailures,
    createdAt: endpoint.createdAt,
    createdBy: endpoint.createdBy,
    updatedAt: endpoint.updatedAt,
    lastDelivery:
      last === undefined
        ? null
        : { id: last.id, eventType: last.eventType, status: last.status, at: last.lastAttemptAt ?? last.createdAt, statusCode: last.lastStatusCode, error: last.lastError },
  }
}

export type PublicWebhookEndpoint = ReturnType<typeof publicEndpoint>

function publicDelivery(delivery: WebhookDeliveryRecord & { attemptLog: Array<{ attempt: number; at: number; statusCode: number | null; durationMs: number; error: string }> }) {
  return {
    id: delivery.id,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.status === 'queued' ? delivery.nextAttemptAt : null,
    firstAttemptAt: delivery.firstAttemptAt,
    lastAttemptAt: delivery.lastAttemptAt,
    lastStatusCode: delivery.lastStatusCode,
    lastDurationMs: delivery.lastDurationMs,
    lastError: delivery.lastError,
    createdAt: delivery.createdAt,
    attemptLog: delivery.attemptLog.map(({ attempt, at, statusCode, durationMs, error }) => ({ attempt, at, statusCode, durationMs, error })),
  }
}

export function registerWebhookRoutes(app: FastifyInstance, options: WebhookRouteOptions): void {
  const { storage, secrets, now } = options
  const store = storage.webhooks

  async function adminCaller(request: Parameters<typeof authenticateWorkspace>[1]): Promise<WorkspaceCaller> {
    const caller = await authenticateWorkspace(storage, request, now())
    requireAdmin(caller)
    return caller
  }

  async function endpointOf(caller: WorkspaceCaller, params: unknown): Promise<WebhookEndpointRecord> {
    const { id } = params as { id?: string }
    const endpoint = id !== undefined && ID_PATTERN.test(id) ? await store.getEndpoint(caller.workspaceId, id) : null
    if (endpoint === null) throw notFound('webhook endpoint not found')
    return endpoint
  }

  async function vetted(url: string): Promise<string> {
    const checked = await vetWebhookUrl(url, { allowPrivate: options.allowPrivate, ...(options.lookup ? { lookup: options.lookup } : {}) })
    if (!checked.ok) throw new ApiError('invalid_request', `url: ${checked.error}`, { field: 'url' })
    return checked.value.url.href
  }

  app.get('/api/webhooks', async (request) => {
    const caller = await adminCaller(request)
    const [endpoints, latest] = await Promise.all([store.listEndpoints(caller.workspaceId), store.latestDeliveries(caller.workspaceId)])
    return { endpoints: endpoints.map((endpoint) => publicEndpoint(endpoint, latest.get(endpoint.id))), limit: MAX_ENDPOINTS_PER_WORKSPACE }
  })

  app.post('/api/webhooks', async (request, reply) => {
    const caller = await adminCaller(request)
    const body = parseBody(createBody, request.body)
    const url = await vetted(body.url)
    if ((await store.listEndpoints(caller.workspaceId)).length >= MAX_ENDPOINTS_PER_WORKSPACE) {
      throw new ApiError('invalid_request', `a workspace has at most ${MAX_ENDPOINTS_PER_WORKSPACE} webhook endpoints: delete one first`)
    }
    const id = newId()
    const secret = newWebhookSecret()
    const at = now()
    await store.createEndpoint({
      id,
      workspaceId: caller.workspaceId,
      url,
      description: body.description,
      events: body.events,
      secretCipher: secrets.seal(secret, caller.workspaceId, id),
      enabled: true,
      createdAt: at,
      createdBy: caller.user.id,
    })
    const endpoint = await store.getEndpoint(caller.workspaceId, id)
    if (endpoint === null) throw notFound('workspace not found')
    return reply.code(201).send({ endpoint: publicEndpoint(endpoint, undefined), secret })
  })

  app.patch('/api/webhooks/:id', async (request) => {
    const caller = await adminCaller(request)
    const current = await endpointOf(caller, request.params)
    const body = parseBody(updateBody, request.body)
    const url = body.url === undefined ? undefined : await vetted(body.url)
    const updated = await store.updateEndpoint(
      caller.workspaceId,
      current.id,
      {
        ...(url === undefined ? {} : { url }),
        ...(body.events === undefined ? {} : { events: body.events }),
        ...(body.description === undefined ? {} : { description: body.description }),
        ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
      },
      now(),
    )
    if (updated === null) throw notFound('webhook endpoint not found')
    return { endpoint: publicEndpoint(updated, (await store.latestDeliveries(caller.workspaceId)).get(updated.id)) }
  })

  app.delete('/api/webhooks/:id', async (request) => {
    const caller = await adminCaller(request)
    const endpoint = await endpointOf(caller, request.params)
    if (!(await store.deleteEndpoint(caller.workspaceId, endpoint.id))) throw notFound('webhook endpoint not found')
    return { deleted: true }
  })

  app.post('/api/webhooks/:id/rotate-secret', async (request) => {
    const caller = await adminCaller(request)
    const endpoint = await endpointOf(caller, request.params)
    const secret = newWebhookSecret()
    const updated = await store.updateEndpoint(caller.workspaceId, endpoint.id, { secretCipher: secrets.seal(secret, caller.workspaceId, endpoint.id) }, now())
    if (updated === null) throw notFound('webhook endpoint not found')
    return { secret }
  })

  // A test event: a 'contact.updated' with a sample contact (no dedicated type, so receivers need
  // no special case), marked `test: true` in its data, sent to this endpoint only.
  app.post('/api/webhooks/:id/test', async (request) => {
    const caller = await adminCaller(request)
    const endpoint = await endpointOf(caller, request.params)
    if (!endpoint.enabled) throw new ApiError('invalid_request', 'this endpoint is disabled: re-enable it to send a test event')
    const at = now()
    const eventId = `test:${newId(at)}`
    const payloadJson = webhookPayload({ id: eventId, workspaceId: caller.workspaceId, type: 'contact.updated', at, data: sampleContact(at) })
    const deliveryId = newId(at)
    await store.enqueueDeliveries([{ id: deliveryId, workspaceId: caller.workspaceId, endpointId: endpoint.id, eventId, eventType: 'contact.updated', payloadJson, createdAt: at }])
    return { deliveryId, eventId }
  })

  app.get('/api/webhooks/:id/deliveries', async (request) => {
    const caller = await adminCaller(request)
    const endpoint = await endpointOf(caller, request.params)
    const query = parseBody(logQuery, request.query)
    const page = await store.listDeliveries(caller.workspaceId, endpoint.id, { limit: query.limit, ...(query.before === undefined ? {} : { before: query.before }) })
    return { deliveries: page.deliveries.map(publicDelivery), nextBefore: page.nextBefore }
  })
}

function sampleContact(at: number): Record<string, unknown> {
  return {
    test: true,
    id: '01JTEST0000000000000000000',
    email: 'ada.lovelace@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    lifecycleStage: 'lead',
    tags: ['webhook-test'],
    createdAt: at,
    updatedAt: at,
    _deleted: false,
  }
}
