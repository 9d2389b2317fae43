import cors from '@fastify/cors'
import rateLimit from '@fastify/rate-limit'
import { createServer } from 'node:http'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerFactory } from 'fastify'
import { HlcClock } from '@core/hlc'
import type { ServerConfig } from './config'
import { SERVER_NODE } from './auth/memberDocs'
import { registerAuthRoutes } from './auth/routes'
import { registerPrivacyRoutes } from './privacy/routes'
import { ApiError } from './http/errors'
import { registerReplicationRoutes } from './replication/routes'
import { StreamHub } from './replication/streamHub'
import { ServerDocuments } from './serverDocuments'
import type { WorkspaceSendingConfigSource } from './sendingSettings/configSource'
import { registerSendingSettingsRoutes } from './sendingSettings/routes'
import type { StoragePort } from './storage/port'
import { createTracking } from './tracking/trackingRoutes'
import type { OutboundEvents } from './webhooks/outboundEvents'
import { registerWebhookRoutes } from './webhooks/routes'
import type { HostLookup } from './webhooks/ssrfGuard'
import { createStoredOutboundEvents } from './webhooks/storedOutboundEvents'
import { createWebhookSecrets } from './webhooks/webhookSecrets'
import type { TrackingTuning } from './tracking/trackingRoutes'
import { registerWorkflowRoutes } from './workflows/routes'

export interface AppDeps {
  config: Pick<ServerConfig, 'bodyLimitBytes' | 'sessionTtlMs' | 'authRateLimitPerMinute' | 'heartbeatMs'> & {
    trustProxy?: boolean
    /** Signs tracking and unsubscribe tokens; the /t and /u endpoints exist only when given. */
    secret?: string
    /** OUTPOST_PUBLIC_URL: base of workflow form URLs (the request's origin when absent). */
    publicUrl?: string
  }
  storage: StoragePort
  /** A pino logger (index.ts) or false for tests. */
  logger?: FastifyBaseLogger | false
  now?: () => number
  /** The server's HLC (one per process); created when absent. */
  clock?: HlcClock
  /** Tracking recorder and machine-detection settings (tests, benches); defaults otherwise. */
  tracking?: TrackingTuning
  /** Sending settings and the sink's outbox (/api/sending/*); those routes exist only when given. */
  sendingSettings?: WorkspaceSendingConfigSource
  /** Where pushes and tracking hand webhook events; default: queued in storage.webhooks. */
  outboundEvents?: OutboundEvents
  /** /api/webhooks (exists only with config.secret, which seals signing secrets): private targets allowed? DNS for tests. */
  webhooks?: { allowPrivate: boolean; lookup?: HostLookup }
}

/** Never logged, wherever they appear: bearer tokens, passwords, invite codes. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'headers.authorization',
  '*.password',
  '*.token',
  '*.code',
  'password',
  'token',
  // Sending settings: SMTP password, a URL that may carry it, the DKIM private key.
  'smtp.password',
  'smtp.url',
  '*.smtp.password',
  '*.smtp.url',
  'dkim.privateKey',
  '*.dkim.privateKey',
  '*.privateKey',
  'smtpUrl',
  '*.smtpUrl',
  'auth.pass',
  '*.auth.pass',
  // Webhook signing secrets (answered on create and rotate).
  'secret',
  '*.secret',
]

/** Builds the server; no listening and no side effects beyond what `deps` provide. */
export async function createApp(deps: AppDeps): Promise<FastifyInstance> {
  const now = deps.now ?? Date.now
  const clock = deps.clock ?? new HlcClock(SERVER_NODE, now)
  const secret = deps.config.secret
  const outboundEvents = deps.outboundEvents ?? createStoredOutboundEvents(deps.storage.webhooks, now)
  const tracking =
    secret === undefined
      ? null
      : createTracking({
          ...deps.tracking,
          secret,
          storage: deps.storage,
          documents: new ServerDocuments(deps.storage, clock, now),
          now,
          outboundEvents,
          onError: (error) => app.log.error({ err: error }, 'tracking: recording failed'),
        })
  // Pixel and click hits skip fastify's router: the bare handler answers them at several times the rate.
  const serverFactory: FastifyServerFactory | undefined =
    tracking === null
      ? undefined
      : (handler) => createServer((request, response) => (request.url?.startsWith('/t/') ? tracking.handleHit(request, response) : handler(request, response)))
  const app = Fastify({
    ...(serverFactory === undefined ? {} : { serverFactory }),
    loggerInstance: deps.logger || undefined,
    logger: deps.logger ? undefined : false,
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: deps.config.trustProxy ?? false,
    return503OnClosing: true,
  })

  // Bearer tokens only, never cookies: any origin may call, and no request carries ambient credentials.
  await app.register(cors, {
    origin: true,
    credentials: false,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'x-workspace-id'],
    maxAge: 600,
  })
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new ApiError('rate_limited', `too many attempts: try again in ${Math.ceil(context.ttl / 1000)} s`),
  })

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ApiError) return reply.code(error.status).send(error.toBody())
    const status = typeof (error as { statusCode?: unknown }).statusCode === 'number' ? (error as { statusCode: number }).statusCode : 500
    const code = (error as { code?: unknown }).code
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send(new ApiError('payload_too_large', 'request body too large').toBody())
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ error: 'invalid_request', message: error instanceof Error ? error.message : 'invalid request' })
    }
    request.log.error({ err: error }, 'request failed')
    return reply.code(500).send(new ApiError('internal', 'internal error: the server logged the details').toBody())
  })
  app.setNotFoundHandler((_request, reply) => reply.code(404).send(new ApiError('not_found', 'no such route').toBody()))

  const hub = new StreamHub(deps.storage, app.log, deps.config.heartbeatMs)
  app.addHook('preClose', async () => hub.close())

  app.get('/healthz', async () => ({ ok: true, service: 'outpost-sync-server', storage: deps.storage.kind }))
  registerAuthRoutes(app, {
    storage: deps.storage,
    now,
    sessionTtlMs: deps.config.sessionTtlMs,
    authRateLimitPerMinute: deps.config.authRateLimitPerMinute,
  })
  registerReplicationRoutes(app, { storage: deps.storage, hub, now, clock, outboundEvents })
  registerPrivacyRoutes(app, { storage: deps.storage, now, clock })
  tracking?.register(app)
  if (deps.sendingSettings) registerSendingSettingsRoutes(app, { storage: deps.storage, source: deps.sendingSettings, now })
  // Form keys are HMACs under the secret: without it there are no workflow routes.
  if (secret !== undefined) registerWorkflowRoutes(app, { storage: deps.storage, now, clock, secret, publicUrl: deps.config.publicUrl })
  if (secret !== undefined) {
    registerWebhookRoutes(app, {
      storage: deps.storage,
      secrets: createWebhookSecrets(secret),
      allowPrivate: deps.webhooks?.allowPrivate ?? false,
      ...(deps.webhooks?.lookup ? { lookup: deps.webhooks.lookup } : {}),
      now,
    })
  }
  return app
}
