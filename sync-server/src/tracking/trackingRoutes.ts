import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyInstance } from 'fastify'
import { newId } from '@core/ids'
import type { ServerDocuments } from '../serverDocuments'
import { UnknownWorkspaceError } from '../storage/port'
import type { StoragePort } from '../storage/port'
import { CampaignLinkCache } from './campaignLinkCache'
import { DEFAULT_MACHINE_WINDOW_SECONDS, isMachineClick, isMachineOpen, userAgentFamily } from './machineDetection'
import type { UserAgentFamily } from './machineDetection'
import { TrackingProjector } from './trackingProjector'
import { TrackingRecorder } from './trackingRecorder'
import { verifyTrackingToken } from './trackingTokens'
import type { TrackingTokenClaims } from './trackingTokens'
import { confirmUnsubscribePage, invalidLinkPage, PAGE_HEADERS, unsubscribedPage } from './unsubscribePages'
import type { OutboundEvents } from '../webhooks/outboundEvents'

// The public tracking endpoints (ARCHITECTURE.md): GET /t/o/:token (open pixel), GET /t/c/:token
// (click redirect), GET and POST /u/:token (unsubscribe). A token that does not verify gets 404
// and nothing is recorded. Clicks redirect only to the link stored for the token's campaign at
// the token's link index; nothing of the request but the token is read.
//
// Pixel and click are the hot path: `handleHit` works on the bare node request, so the server
// can route /t/ to it ahead of fastify's router (app.ts, serverFactory); fastify routes reach
// the same function for app.inject(). It checks the HMAC, answers, and queues the event for the
// recorder's next batch.

/** The 1×1 transparent GIF (43 bytes). */
export const PIXEL_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')

const PIXEL_HEADERS = {
  'content-type': 'image/gif',
  'content-length': String(PIXEL_GIF.length),
  'cache-control': 'no-store, no-cache, must-revalidate, max-age=0',
  expires: '0',
}
const NOT_FOUND_BODY = JSON.stringify({ error: 'not_found', message: 'no such link' })
const UNAVAILABLE_BODY = JSON.stringify({ error: 'internal', message: 'the server is shutting down' })
// Stored links come from templates; only plain web addresses are ever redirected to.
const REDIRECTABLE = /^https?:\/\/[^\s]+$/i

/** Settings with working defaults (10 s machine window, 50 ms flushes, rollups and stats at most once a second). */
export interface TrackingTuning {
  machineWindowSeconds?: number
  flushIntervalMs?: number
  statsIntervalMs?: number
  rollupIntervalMs?: number
}

export interface TrackingOptions extends TrackingTuning {
  secret: string
  storage: StoragePort
  documents: ServerDocuments
  now: () => number
  /** Webhook events: first human opens and clicks, unsubscribes. */
  outboundEvents?: OutboundEvents
  onError: (error: unknown) => void
}

const registered = new WeakMap<FastifyInstance, Tracking>()

/** The tracking of an app built with a secret (tests flush its recorder), else null. */
export function trackingOf(app: FastifyInstance): Tracking | null {
  return registered.get(app) ?? null
}

export interface Tracking {
  recorder: TrackingRecorder
  projector: TrackingProjector
  /** Serves /t/o/… and /t/c/… on the bare node request (and 404 for any other /t/ path). */
  handleHit(request: IncomingMessage, response: ServerResponse): void
  register(app: FastifyInstance): void
}

export function createTracking(options: TrackingOptions): Tracking {
  const { secret, storage, documents, now } = options
  const windowSeconds = options.machineWindowSeconds ?? DEFAULT_MACHINE_WINDOW_SECONDS
  const links = new CampaignLinkCache(storage.sending)
  const projector = new TrackingProjector({
    tracking: storage.tracking,
    documents,
    links,
    now,
    onError: options.onError,
    ...(options.outboundEvents === undefined ? {} : { outboundEvents: options.outboundEvents }),
    ...(options.statsIntervalMs === undefined ? {} : { statsIntervalMs: options.statsIntervalMs }),
    ...(options.rollupIntervalMs === undefined ? {} : { rollupIntervalMs: options.rollupIntervalMs }),
  })
  const recorder = new TrackingRecorder({
    tracking: storage.tracking,
    projector,
    onError: options.onError,
    ...(options.flushIntervalMs === undefined ? {} : { flushIntervalMs: options.flushIntervalMs }),
  })

  // Mail clients and proxies send few distinct User-Agents: each is matched against the family
  // patterns once (bounded: a flood of made-up ones only starts the memo over).
  const families = new Map<string, UserAgentFamily>()
  const familyOf = (userAgent: string | undefined): UserAgentFamily => {
    if (userAgent === undefined) return userAgentFamily(userAgent)
    let family = families.get(userAgent)
    if (family === undefined) {
      family = userAgentFamily(userAgent)
      if (families.size >= 1_000) families.clear()
      families.set(userAgent, family)
    }
    return family
  }

  const send = (response: ServerResponse, status: number, headers: Record<string, string>, body?: string | Buffer): void => {
    response.writeHead(status, headers)
    response.end(body)
  }
  const notFound = (response: ServerResponse): void =>
    send(response, 404, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, NOT_FOUND_BODY)

  const redirect = (request: IncomingMessage, response: ServerResponse, claims: TrackingTokenClaims, stored: readonly string[] | null, at: number): void => {
    const target = stored?.[claims.linkIndex]
    if (target === undefined || !REDIRECTABLE.test(target)) return notFound(response)
    const userAgent = request.headers['user-agent']
    const family = familyOf(userAgent)
    const method = request.method ?? 'GET'
    recorder.record({
      workspaceId: claims.workspaceId,
      campaignId: claims.campaignId,
      contactId: claims.contactId,
      type: 'click',
      linkIndex: claims.linkIndex,
      at,
      machine: isMachineClick({ userAgent, family, at, issuedAt: claims.issuedAt, windowSeconds, method }),
      userAgentFamily: family,
    })
    send(response, 302, { location: target, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'content-length': '0' })
  }

  const handleHit = (request: IncomingMessage, response: ServerResponse): void => {
    const url = request.url ?? ''
    const queryAt = url.indexOf('?')
    const path = queryAt === -1 ? url : url.slice(0, queryAt)
    const kind = path.startsWith('/t/o/') ? 'o' : path.startsWith('/t/c/') ? 'c' : null
    const method = request.method
    if (kind === null || (method !== 'GET' && method !== 'HEAD')) return notFound(response)
    const claims = verifyTrackingToken(path.slice(5), kind, secret)
    if (claims === null) return notFound(response)
    if (recorder.closed) return send(response, 503, { 'content-type': 'application/json; charset=utf-8' }, UNAVAILABLE_BODY)
    const at = now()
    if (kind === 'o') {
      const userAgent = request.headers['user-agent']
      const family = familyOf(userAgent)
      recorder.record({
        workspaceId: claims.workspaceId,
        campaignId: claims.campaignId,
        contactId: claims.contactId,
        type: 'open',
        linkIndex: -1,
        at,
        machine: isMachineOpen({ userAgent, family, at, issuedAt: claims.issuedAt, windowSeconds }),
        userAgentFamily: family,
      })
      return send(response, 200, PIXEL_HEADERS, method === 'HEAD' ? undefined : PIXEL_GIF)
    }
    const cached = links.peek(claims.workspaceId, claims.campaignId)
    if (cached !== undefined) return redirect(request, response, claims, cached, at)
    links.get(claims.workspaceId, claims.campaignId).then(
      (stored) => redirect(request, response, claims, stored, at),
      (error: unknown) => {
        options.onError(error)
        send(response, 500, { 'content-type': 'application/json; charset=utf-8' }, JSON.stringify({ error: 'internal', message: 'internal error' }))
      },
    )
  }

  /** POST /u: suppress the address, mark the contact, record the event; all durable before the answer. */
  const unsubscribe = async (claims: TrackingTokenClaims, userAgent: string | undefined): Promise<void> => {
    const at = now()
    const email = await storage.tracking.contactEmail(claims.workspaceId, claims.contactId)
    if (email !== null) await storage.sending.addSuppression(claims.workspaceId, email, 'unsubscribed', at)
    await documents.patch(claims.workspaceId, 'contacts', new Map([[claims.contactId, () => ({ unsubscribed: true })]]))
    const added = await storage.tracking.recordUnsubscribe({
      workspaceId: claims.workspaceId,
      campaignId: claims.campaignId,
      contactId: claims.contactId,
      type: 'unsubscribe',
      linkIndex: -1,
      at,
      machine: false,
      userAgentFamily: userAgentFamily(userAgent),
    })
    if (!added) return
    // A deleted or erased contact: counted in tracking_events, never shown as theirs.
    if (email !== null) {
      await documents.insert(claims.workspaceId, 'events', [
        { id: newId(at), type: 'unsubscribe', campaignId: claims.campaignId, contactId: claims.contactId, email, linkIndex: -1, url: '', machine: false, at },
      ])
      const data = { contactId: claims.contactId, email, campaignId: claims.campaignId, at }
      await options.outboundEvents
        ?.emit([{ id: `unsubscribe:${claims.campaignId}:${claims.contactId}`, workspaceId: claims.workspaceId, type: 'contact.unsubscribed', at, data }])
        .catch(options.onError)
    }
    projector.statsChanged(claims.workspaceId, claims.campaignId)
  }

  const tracking: Tracking = { recorder, projector, handleHit, register: (app) => register(app) }
  const register = (app: FastifyInstance): void => {
    registered.set(app, tracking)
    app.route({
      method: ['GET', 'HEAD'],
      url: '/t/*',
      exposeHeadRoute: false,
      handler: (request, reply) => {
        reply.hijack()
        handleHit(request.raw, reply.raw)
      },
    })

    void app.register(async (scope) => {
      // RFC 8058 senders POST `List-Unsubscribe=One-Click` form-encoded (or multipart); the page
      // posts its form. The body is not needed: the token says who, the POST says "do it".
      scope.removeAllContentTypeParsers()
      scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) => done(null, body))

      const claimsOf = (params: unknown): TrackingTokenClaims | null => {
        const token = (params as { '*'?: string })['*'] ?? ''
        return verifyTrackingToken(token, 'u', secret)
      }

      scope.get('/u/*', async (request, reply) => {
        const valid = claimsOf(request.params) !== null
        return reply.code(valid ? 200 : 404).headers(PAGE_HEADERS).send(valid ? confirmUnsubscribePage() : invalidLinkPage())
      })

      scope.post('/u/*', async (request, reply) => {
        const claims = claimsOf(request.params)
        if (claims === null) return reply.code(404).headers(PAGE_HEADERS).send(invalidLinkPage())
        try {
          await unsubscribe(claims, request.headers['user-agent'])
        } catch (error) {
          if (error instanceof UnknownWorkspaceError) return reply.code(404).headers(PAGE_HEADERS).send(invalidLinkPage())
          throw error
        }
        return reply.code(200).headers(PAGE_HEADERS).send(unsubscribedPage())
      })
    })

    app.addHook('preClose', async () => recorder.close())
  }

  return tracking
}
