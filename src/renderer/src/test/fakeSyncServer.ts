import { canonicalJson } from '@core/sync/canonicalJson'
import { mergeByFieldClock } from '@core/sync/merge'
import type { PushRow, ReplicationCheckpoint } from '@core/sync/protocol'
import type { SyncedDoc } from '@core/sync/syncedDoc'
import type { FetchLike } from '../data/sync/syncHttp'

// An in-memory stand-in for sync-server at the network boundary (a fetch function), following
// the HTTP contract of sync-server/README.md closely enough to drive the client in tests:
// accounts, workspaces, invites, member roles and removal, pull/push with the core field merge,
// and the multiplexed SSE stream.

type Doc = Record<string, unknown> & { id: string }
type Role = 'owner' | 'admin' | 'member'

interface StoredDoc {
  seq: number
  doc: Doc
}

interface OpenStream {
  workspaceId: string
  collections: Set<string>
  send(text: string): void
  close(): void
}

const MEMBER_STAMP_NODE = 'server'
let nextId = 1

function id(prefix: string): string {
  return `${prefix}${String(nextId++).padStart(26 - prefix.length, '0')}`
}

function json(status: number, body: unknown): Response {
  return new Response(body === null ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

function error(status: number, code: string, message: string): Response {
  return json(status, { error: code, message })
}

export class FakeSyncServer {
  readonly users = new Map<string, { id: string; email: string; name: string; password: string }>()
  readonly tokens = new Map<string, string>()
  readonly workspaces = new Map<string, { id: string; name: string; members: Map<string, { role: Role; joinedAt: number }> }>()
  readonly invites = new Map<string, { workspaceId: string; role: Role; used: boolean }>()
  /** "<workspace>/<collection>" -> id -> stored document. */
  readonly documents = new Map<string, Map<string, StoredDoc>>()
  readonly streams = new Set<OpenStream>()
  /** Every request as "METHOD /path" (query left out), in order. */
  readonly requests: string[] = []
  /** Every fetch call, answered or not. */
  attempts = 0
  /** Unreachable: every request fails like a refused connection. */
  unreachable = false
  /** Answer every replication request with this status (e.g. 500) until cleared. */
  failReplicationWith: number | null = null
  private readonly seqByWorkspace = new Map<string, number>()

  constructor(private readonly now: () => number = Date.now) {}

  fetch: FetchLike = async (input, init) => {
    this.attempts++
    if (this.unreachable) throw new TypeError('Failed to fetch')
    const url = new URL(input)
    const method = init?.method ?? 'GET'
    this.requests.push(`${method} ${url.pathname}`)
    const headers = new Headers(init?.headers)
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined
    return this.route(method, url, headers, body, init?.signal ?? undefined)
  }

  /** A user with a workspace, as signup makes them; returns the token. */
  seedAccount(email: string, password: string, name: string, workspaceName: string): { token: string; userId: string; workspaceId: string } {
    const userId = id('U')
    this.users.set(email, { id: userId, email, name, password })
    const token = `token-${userId}`
    this.tokens.set(token, userId)
    const workspaceId = this.createWorkspace(workspaceName, userId)
    return { token, userId, workspaceId }
  }

  createWorkspace(name: string, ownerId: string): string {
    const workspaceId = id('W')
    this.workspaces.set(workspaceId, { id: workspaceId, name, members: new Map() })
    this.addMember(workspaceId, ownerId, 'owner')
    return workspaceId
  }

  addMember(workspaceId: string, userId: string, role: Role): void {
    const workspace = this.workspaces.get(workspaceId)
    if (!workspace) throw new Error('no such workspace')
    const membership = { role, joinedAt: this.now() }
    workspace.members.set(userId, membership)
    this.writeMemberDoc(workspaceId, userId, membership, false)
  }

  /** The replicated projection of a membership, as sync-server's memberDoc writes it. */
  private writeMemberDoc(workspaceId: string, userId: string, membership: { role: Role; joinedAt: number }, deleted: boolean): void {
    const user = [...this.users.values()].find((candidate) => candidate.id === userId)
    const at = this.now()
    const stamp = `${String(at).padStart(15, '0')}-00000-${MEMBER_STAMP_NODE}`
    this.write(workspaceId, 'members', [
      {
        id: userId,
        email: user?.email ?? '',
        name: user?.name ?? '',
        role: membership.role,
        joinedAt: membership.joinedAt,
        updatedAt: at,
        _deleted: deleted,
        _clock: { email: stamp, name: stamp, role: stamp, joinedAt: stamp, _deleted: stamp },
      },
    ])
  }

  /** The stored document (what every device converges on). */
  document(workspaceId: string, collection: string, docId: string): Doc | undefined {
    return this.documents.get(`${workspaceId}/${collection}`)?.get(docId)?.doc
  }

  /** Writes documents as the server would after a push, notifying open streams. */
  write(workspaceId: string, collection: string, docs: Doc[]): void {
    const key = `${workspaceId}/${collection}`
    const stored = this.documents.get(key) ?? new Map<string, StoredDoc>()
    this.documents.set(key, stored)
    let seq = this.seqByWorkspace.get(workspaceId) ?? 0
    for (const doc of docs) {
      seq++
      stored.set(doc.id, { seq, doc })
    }
    this.seqByWorkspace.set(workspaceId, seq)
    const last = docs[docs.length - 1]
    if (!last) return
    const event = { collection, documents: docs, checkpoint: { seq, id: last.id } }
    for (const stream of this.streams) {
      if (stream.workspaceId === workspaceId && stream.collections.has(collection)) stream.send(`data: ${JSON.stringify(event)}\n\n`)
    }
  }

  /** Drops every open stream, as a server restart would. */
  closeStreams(): void {
    for (const stream of [...this.streams]) stream.close()
  }

  private userOf(headers: Headers): string | null {
    const auth = headers.get('Authorization') ?? ''
    return this.tokens.get(auth.replace(/^Bearer /, '')) ?? null
  }

  private async route(method: string, url: URL, headers: Headers, body: unknown, signal: AbortSignal | undefined): Promise<Response> {
    const path = url.pathname
    const input = (body ?? {}) as Record<string, string>
    if (method === 'POST' && path === '/api/auth/signup') {
      if (this.users.has(input.email ?? '')) return error(409, 'email_taken', 'An account with this email already exists.')
      const { token, userId, workspaceId } = this.seedAccount(input.email ?? '', input.password ?? '', input.name ?? '', input.workspaceName ?? '')
      return json(201, { token, workspaceId, user: this.userJson(userId), workspaces: this.workspacesOf(userId) })
    }
    if (method === 'POST' && path === '/api/auth/login') {
      const user = this.users.get(input.email ?? '')
      if (!user || user.password !== input.password) return error(401, 'unauthenticated', 'Wrong email or password.')
      const token = `token-${user.id}-${nextId++}`
      this.tokens.set(token, user.id)
      return json(200, { token, user: this.userJson(user.id), workspaces: this.workspacesOf(user.id) })
    }
    const userId = this.userOf(headers)
    if (!userId) return error(401, 'unauthenticated', 'Sign in first.')
    if (method === 'POST' && path === '/api/auth/logout') {
      this.tokens.delete((headers.get('Authorization') ?? '').replace(/^Bearer /, ''))
      return new Response(null, { status: 204 })
    }
    if (method === 'GET' && path === '/api/auth/me') return json(200, { user: this.userJson(userId), workspaces: this.workspacesOf(userId) })
    if (method === 'POST' && path === '/api/workspaces') {
      const workspaceId = this.createWorkspace(input.name ?? '', userId)
      return json(201, { workspace: this.workspacesOf(userId).find((workspace) => workspace.id === workspaceId) })
    }
    if (method === 'POST' && path === '/api/invites/accept') {
      const invite = this.invites.get(input.code ?? '')
      if (!invite || invite.used) return error(410, 'invite_invalid', 'This invite code is unknown, used or expired.')
      invite.used = true
      this.addMember(invite.workspaceId, userId, invite.role)
      return json(200, { workspace: this.workspacesOf(userId).find((workspace) => workspace.id === invite.workspaceId) })
    }

    const workspaceId = headers.get('X-Workspace-Id') ?? ''
    const workspace = this.workspaces.get(workspaceId)
    const membership = workspace?.members.get(userId)
    if (!workspace || !membership) return error(404, 'not_found', 'No such workspace.')
    if (method === 'POST' && path === '/api/workspace/invites') {
      if (membership.role === 'member') return error(403, 'forbidden', 'Only owners and admins can invite.')
      const code = `INV-${nextId++}`
      this.invites.set(code, { workspaceId, role: input.role === 'admin' ? 'admin' : 'member', used: false })
      return json(201, { code, expiresAt: this.now() + 7 * 86_400_000 })
    }
    if (method === 'DELETE' && path === '/api/workspace') {
      if (membership.role !== 'owner') return error(403, 'forbidden', 'Only the owner can delete the workspace.')
      this.workspaces.delete(workspaceId)
      return new Response(null, { status: 204 })
    }
    const memberMatch = /^\/api\/workspace\/members\/([^/]+)$/.exec(path)
    if ((method === 'PATCH' || method === 'DELETE') && memberMatch) {
      const target = decodeURIComponent(memberMatch[1] ?? '')
      const leaving = method === 'DELETE' && target === userId
      if (!leaving && membership.role === 'member') return error(403, 'forbidden', 'Only owners and admins can manage members.')
      const targetMembership = workspace.members.get(target)
      if (!targetMembership) return error(404, 'not_found', 'Member not found.')
      if (method === 'PATCH') {
        if (targetMembership.role === 'owner') return error(403, 'forbidden', "The owner's role cannot change.")
        if (input.role !== 'admin' && input.role !== 'member') return error(400, 'invalid_request', 'role must be admin or member.')
        const changed: { role: Role; joinedAt: number } = { ...targetMembership, role: input.role === 'admin' ? 'admin' : 'member' }
        workspace.members.set(target, changed)
        this.writeMemberDoc(workspaceId, target, changed, false)
        const user = this.userJson(target)
        return json(200, { member: { userId: target, email: user.email, name: user.name, role: changed.role, joinedAt: changed.joinedAt } })
      }
      if (targetMembership.role === 'owner') return error(403, 'forbidden', 'The owner cannot leave.')
      workspace.members.delete(target)
      this.writeMemberDoc(workspaceId, target, targetMembership, true)
      return new Response(null, { status: 204 })
    }

    if (this.failReplicationWith !== null && path.startsWith('/api/replication/')) {
      return error(this.failReplicationWith, 'internal', 'The server is having a bad day.')
    }
    if (method === 'GET' && path === '/api/replication/stream') {
      return this.openStream(workspaceId, (url.searchParams.get('collections') ?? '').split(','), signal)
    }
    const replication = /^\/api\/replication\/([a-z]+)\/(pull|push)$/.exec(path)
    if (replication) {
      const collection = replication[1] ?? ''
      if (replication[2] === 'pull') return this.pull(workspaceId, collection, url)
      if (collection === 'members') return error(400, 'read_only_collection', 'members is written by the server only.')
      return this.push(workspaceId, collection, body as PushRow<Doc>[])
    }
    return error(404, 'not_found', `No route ${method} ${path}`)
  }

  private pull(workspaceId: string, collection: string, url: URL): Response {
    const checkpointText = url.searchParams.get('checkpoint')
    const checkpoint = checkpointText ? (JSON.parse(checkpointText) as ReplicationCheckpoint) : null
    const limit = Number(url.searchParams.get('limit') ?? 100)
    const all = [...(this.documents.get(`${workspaceId}/${collection}`)?.values() ?? [])]
      .filter((entry) => !checkpoint || entry.seq > checkpoint.seq || (entry.seq === checkpoint.seq && entry.doc.id > checkpoint.id))
      .sort((a, b) => a.seq - b.seq || a.doc.id.localeCompare(b.doc.id))
      .slice(0, limit)
    const last = all[all.length - 1]
    return json(200, { documents: all.map((entry) => entry.doc), checkpoint: last ? { seq: last.seq, id: last.doc.id } : checkpoint })
  }

  private push(workspaceId: string, collection: string, rows: PushRow<Doc>[]): Response {
    const conflicts: Doc[] = []
    const writes: Doc[] = []
    const stored = this.documents.get(`${workspaceId}/${collection}`)
    for (const row of rows) {
      const master = stored?.get(row.newDocumentState.id)?.doc
      const assumed = row.assumedMasterState ?? null
      if (master && (!assumed || canonicalJson(assumed) !== canonicalJson(master))) {
        const merged = mergeByFieldClock(master as unknown as SyncedDoc, row.newDocumentState as unknown as SyncedDoc) as unknown as Doc
        writes.push(merged)
        conflicts.push(merged)
      } else {
        writes.push(row.newDocumentState)
      }
    }
    if (writes.length > 0) this.write(workspaceId, collection, writes)
    return json(200, conflicts)
  }

  private openStream(workspaceId: string, collections: string[], signal: AbortSignal | undefined): Response {
    const encoder = new TextEncoder()
    let open: OpenStream | null = null
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        open = {
          workspaceId,
          collections: new Set(collections),
          send: (text) => controller.enqueue(encoder.encode(text)),
          close: () => {
            if (open) this.streams.delete(open)
            controller.close()
          },
        }
        this.streams.add(open)
        controller.enqueue(encoder.encode(': hello\n\ndata: RESYNC\n\n'))
        signal?.addEventListener('abort', () => {
          if (open) this.streams.delete(open)
          controller.error(new DOMException('aborted', 'AbortError'))
        })
      },
      cancel: () => {
        if (open) this.streams.delete(open)
      },
    })
    return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } })
  }

  private userJson(userId: string) {
    const user = [...this.users.values()].find((candidate) => candidate.id === userId)
    return { id: userId, email: user?.email ?? '', name: user?.name ?? '' }
  }

  private workspacesOf(userId: string) {
    return [...this.workspaces.values()]
      .filter((workspace) => workspace.members.has(userId))
      .map((workspace) => ({ id: workspace.id, name: workspace.name, role: workspace.members.get(userId)?.role ?? 'member' }))
  }
}
