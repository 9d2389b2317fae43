import type { Result } from '@core/result'
import type { ErrorBody } from '@core/sync/protocol'

/** What the sync client passes to fetch; a subset both the DOM's and Node's fetch accept. */
export interface FetchInit {
  method?: string
  headers?: Record<string, string>
  body?: string
  signal?: AbortSignal
  cache?: 'no-store'
}

/** `fetch`, injected: the browser's, Node's (tests against the real server) or a test double. */
export type FetchLike = (input: string, init?: FetchInit) => Promise<Response>

/** Why a request to the sync server failed, as the UI and the replication need to tell apart. */
export type SyncFailure =
  /** No answer at all: offline, DNS, refused connection, CORS, aborted. */
  | { kind: 'network'; message: string }
  /** The server answered with an error status (its `{error, message, details}` when it sent one). */
  | { kind: 'http'; status: number; code: string; message: string; details?: unknown }

/** Where to send a request and as whom. The token is read per request and never stored here. */
export interface SyncCredentials {
  serverUrl: string
  token?: string | undefined
  workspaceId?: string | undefined
}

export interface SyncRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: string
  body?: unknown
  signal?: AbortSignal | undefined
}

/** Sends one request as the signed-in user in the open workspace (SyncController.requestWorkspace). */
export type WorkspaceRequest = <T>(request: SyncRequest) => Promise<Result<T, SyncFailure>>

/** Validates what the server answers (a small zod-like parser); `invalid` when it does not match. */
export async function requestChecked<T>(
  send: WorkspaceRequest,
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
  request: SyncRequest,
  invalid: SyncFailure,
): Promise<Result<T, SyncFailure>> {
  const answer = await send<unknown>(request)
  if (!answer.ok) return answer
  const parsed = schema.safeParse(answer.value)
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: invalid }
}

/** Thrown inside RxDB handlers (which need exceptions to retry); carries the classified failure. */
export class SyncRequestError extends Error {
  constructor(readonly failure: SyncFailure) {
    super(failure.kind === 'http' ? `${failure.status} ${failure.code}: ${failure.message}` : failure.message)
    this.name = 'SyncRequestError'
  }
}

export function normalizeServerUrl(url: string): string {
  return url.trim().replace(/\/+$/, '')
}

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost'])

/** http(s) URL with a host and nothing else (no credentials, query or fragment). */
export function validateServerUrl(input: string): Result<string> {
  const trimmed = normalizeServerUrl(input)
  if (!trimmed) return { ok: false, error: 'Enter the address of your sync server.' }
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    return { ok: false, error: 'Enter a full address such as https://sync.example.com.' }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, error: 'The address must start with http:// or https://.' }
  if (!url.hostname) return { ok: false, error: 'The address needs a host name.' }
  // The content security policy allows plain http only to this computer, so tokens never cross a network unencrypted.
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    return { ok: false, error: 'Plain http:// works only for a server on this computer (localhost); use https:// for any other.' }
  }
  if (url.username || url.password || url.search || url.hash) return { ok: false, error: 'Leave out user names, ? and # parts.' }
  return { ok: true, value: trimmed }
}

export function authHeaders(credentials: SyncCredentials): Record<string, string> {
  const headers: Record<string, string> = {}
  if (credentials.token) headers.Authorization = `Bearer ${credentials.token}`
  if (credentials.workspaceId) headers['X-Workspace-Id'] = credentials.workspaceId
  return headers
}

function unreachable(serverUrl: string): SyncFailure {
  return { kind: 'network', message: `Cannot reach the sync server at ${serverUrl}. Check the address and your connection.` }
}

/** One JSON request. Never throws: every failure comes back as a value (204 yields null). */
export async function requestJson<T>(fetchFn: FetchLike, credentials: SyncCredentials, request: SyncRequest): Promise<Result<T, SyncFailure>> {
  const headers = authHeaders(credentials)
  if (request.body !== undefined) headers['Content-Type'] = 'application/json'
  let response: Response
  try {
    response = await fetchFn(`${normalizeServerUrl(credentials.serverUrl)}${request.path}`, {
      method: request.method ?? 'GET',
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: request.signal,
      cache: 'no-store',
    })
  } catch {
    return { ok: false, error: unreachable(credentials.serverUrl) }
  }
  let parsed: unknown = null
  let unreadable = false
  if (response.status !== 204) {
    try {
      const text = await response.text()
      parsed = text ? JSON.parse(text) : null
    } catch {
      unreadable = true
    }
  }
  if (!response.ok) return { ok: false, error: httpFailure(response.status, parsed) }
  if (unreadable) return { ok: false, error: { kind: 'http', status: response.status, code: 'invalid_response', message: 'The sync server sent an answer Outpost cannot read.' } }
  return { ok: true, value: parsed as T }
}

export function httpFailure(status: number, body: unknown): SyncFailure {
  const error = body as Partial<ErrorBody> | null
  const code = typeof error?.error === 'string' ? error.error : `http_${status}`
  const message = typeof error?.message === 'string' && error.message ? error.message : fallbackMessage(status)
  return error?.details === undefined ? { kind: 'http', status, code, message } : { kind: 'http', status, code, message, details: error.details }
}

function fallbackMessage(status: number): string {
  if (status === 401) return 'Your session has ended. Sign in again.'
  if (status === 404) return 'The sync server does not know this address or workspace.'
  if (status === 429) return 'Too many attempts. Wait a moment and try again.'
  if (status >= 500) return `The sync server had a problem (${status}). Try again shortly.`
  return `The sync server refused the request (${status}).`
}
