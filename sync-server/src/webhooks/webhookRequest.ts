import { request as httpRequest } from 'node:http'
import type { IncomingMessage, RequestOptions } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { LookupFunction } from 'node:net'
import type { ResolvedAddress } from './ssrfGuard'

// One delivery attempt: POST the body to the vetted address (the URL's host still names the
// server for TLS and the Host header), no redirects followed, at most `timeoutMs` overall.

export const WEBHOOK_TIMEOUT_MS = 10_000
/** Response bodies are not used; reading stops here. */
const MAX_RESPONSE_BYTES = 64 * 1024

export interface WebhookRequest {
  url: URL
  target: ResolvedAddress
  headers: Record<string, string>
  body: string
  timeoutMs?: number
}

export interface WebhookResponse {
  /** The status answered; null when there was no answer. */
  statusCode: number | null
  durationMs: number
  /** '' for a 2xx answer; otherwise what went wrong, for the delivery log. */
  error: string
}

export function postWebhook(request: WebhookRequest, clock: () => number = performance.now.bind(performance)): Promise<WebhookResponse> {
  const started = clock()
  const timeoutMs = request.timeoutMs ?? WEBHOOK_TIMEOUT_MS
  // Whatever name the client looks up, it gets the address the SSRF guard vetted (no rebinding).
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (typeof options === 'object' && options.all === true) {
      ;(callback as unknown as (error: null, addresses: Array<{ address: string; family: number }>) => void)(null, [request.target])
    } else callback(null, request.target.address, request.target.family)
  }
  const options: RequestOptions = {
    method: 'POST',
    headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
    lookup: pinned,
    agent: false,
  }
  const send = request.url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve) => {
    let settled = false
    const finish = (statusCode: number | null, error: string) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve({ statusCode, durationMs: Math.max(0, Math.round(clock() - started)), error })
    }
    const outgoing = send(request.url, options, (response: IncomingMessage) => {
      const status = response.statusCode ?? 0
      let received = 0
      response.on('data', (chunk: Buffer) => {
        received += chunk.length
        if (received > MAX_RESPONSE_BYTES) response.destroy()
      })
      const done = () => finish(status, errorForStatus(status, response.headers.location))
      response.on('end', done)
      response.on('close', done)
      response.on('error', done)
    })
    const timer = setTimeout(() => {
      finish(null, `no answer within ${Math.round(timeoutMs / 1000)} s`)
      outgoing.destroy()
    }, timeoutMs)
    outgoing.on('error', (error: NodeJS.ErrnoException) => finish(null, describeNetworkError(error)))
    outgoing.end(request.body)
  })
}

function errorForStatus(status: number, location: string | undefined): string {
  if (status >= 200 && status < 300) return ''
  if (status >= 300 && status < 400) return `HTTP ${status}: redirects are not followed${location ? ` (to ${location.slice(0, 200)})` : ''}; register the final URL`
  return `HTTP ${status}`
}

function describeNetworkError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused'
    case 'ECONNRESET':
      return 'connection reset'
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable'
    default:
      return (error.code ?? error.message).slice(0, 200)
  }
}
