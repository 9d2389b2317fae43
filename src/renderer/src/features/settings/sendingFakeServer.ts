import type { SyncSession } from '../../../../shared/ipc-contract'
import type { FetchInit, FetchLike } from '../../data/sync/syncHttp'
import type { OutboxMessage, SendingSettingsAnswer } from './sendingApi'

// Tests only: the sync server's /api/sending routes behind a stubbed fetch, recording each call.

export const SERVER_URL = 'http://127.0.0.1:3100'

export function aSession(role: 'owner' | 'admin' | 'member' = 'owner', workspaceId = 'W1'): SyncSession {
  return {
    serverUrl: SERVER_URL,
    token: 'token-abc',
    user: { id: 'U1', email: 'ada@acme.example', name: 'Ada' },
    workspaceId,
    workspaces: [{ id: workspaceId, name: 'Acme', role }],
  }
}

export function settingsAnswer(overrides: Partial<SendingSettingsAnswer> = {}, settings: Partial<SendingSettingsAnswer['settings']> = {}): SendingSettingsAnswer {
  return {
    configured: true,
    mode: 'sink',
    source: 'sink',
    canEdit: true,
    problem: null,
    ...overrides,
    settings: {
      mode: 'sink',
      smtp: null,
      hasPassword: false,
      fromIdentities: [],
      dkim: null,
      hasDkimKey: false,
      ratePerSecond: 50,
      updatedAt: null,
      ...settings,
    },
  }
}

export interface RecordedRequest {
  method: string
  path: string
  headers: Record<string, string>
  body: unknown
}

type Reply = { status: number; body: unknown } | 'network-error'
type Handler = (request: RecordedRequest) => Reply

export class FakeSendingServer {
  readonly requests: RecordedRequest[] = []
  private readonly handlers = new Map<string, Handler>()
  settings: SendingSettingsAnswer = settingsAnswer()
  outbox: OutboxMessage[] = []

  constructor() {
    this.on('GET /api/sending/settings', () => ({ status: 200, body: this.settings }))
    this.on('PUT /api/sending/settings', () => ({ status: 200, body: this.settings }))
    this.on('GET /api/sending/outbox', () => ({ status: 200, body: { messages: this.outbox.map(({ id, receivedAt, from, to, subject }) => ({ id, receivedAt, from, to, subject })) } }))
    this.on('DELETE /api/sending/outbox', () => {
      const deleted = this.outbox.length
      this.outbox = []
      return { status: 200, body: { deleted } }
    })
  }

  /** Replaces the answer of `METHOD /path` (outbox messages: `GET /api/sending/outbox/:id`). */
  on(route: string, handler: Handler): void {
    this.handlers.set(route, handler)
  }

  fetch: FetchLike = async (input: string, init?: FetchInit) => {
    const url = new URL(input)
    const method = init?.method ?? 'GET'
    const request: RecordedRequest = { method, path: url.pathname + url.search, headers: init?.headers ?? {}, body: init?.body ? JSON.parse(init.body) : undefined }
    this.requests.push(request)
    const messageId = /^\/api\/sending\/outbox\/([^/]+)$/.exec(url.pathname)?.[1]
    const handler =
      this.handlers.get(`${method} ${url.pathname}`) ??
      (messageId !== undefined && method === 'GET' ? this.handlers.get('GET /api/sending/outbox/:id') ?? (() => this.message(decodeURIComponent(messageId))) : undefined)
    const reply = handler ? handler(request) : { status: 404, body: { error: 'not_found', message: 'no such route' } }
    if (reply === 'network-error') throw new TypeError('Failed to fetch')
    return new Response(JSON.stringify(reply.body), { status: reply.status, headers: { 'Content-Type': 'application/json' } })
  }

  requestsTo(method: string, pathPrefix: string): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method && request.path.startsWith(pathPrefix))
  }

  private message(id: string): Reply {
    const message = this.outbox.find((candidate) => candidate.id === id)
    return message ? { status: 200, body: { message } } : { status: 404, body: { error: 'not_found', message: 'message not found' } }
  }
}
