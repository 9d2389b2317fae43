import type { FastifyRequest } from 'fastify'
import type { MemberRole } from '@core/schema'
import { ApiError, notFound } from '../http/errors'
import type { StoragePort, UserRecord } from '../storage/port'
import { hashSecret, isWellFormedToken } from './tokens'

export interface Caller {
  user: UserRecord
  tokenHash: string
}

export interface WorkspaceCaller extends Caller {
  workspaceId: string
  role: MemberRole
}

const WORKSPACE_ID_PATTERN = /^[A-Za-z0-9]{1,26}$/

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization
  if (typeof header !== 'string') return null
  const match = /^Bearer ([^\s]+)$/.exec(header)
  return match?.[1] ?? null
}

/** The signed-in user, or 401 for a missing, malformed, forged, expired or revoked token. */
export async function authenticate(storage: StoragePort, request: FastifyRequest, now: number): Promise<Caller> {
  const token = bearerToken(request)
  if (!token || !isWellFormedToken(token)) throw new ApiError('unauthenticated', 'sign in first: missing or malformed bearer token')
  const tokenHash = hashSecret(token)
  const session = await storage.findSession(tokenHash)
  if (!session || session.revokedAt !== null || session.expiresAt <= now) {
    throw new ApiError('unauthenticated', 'your session has ended: sign in again')
  }
  const user = await storage.findUserById(session.userId)
  if (!user) throw new ApiError('unauthenticated', 'your session has ended: sign in again')
  return { user, tokenHash }
}

/**
 * The caller plus the workspace named by X-Workspace-Id. A workspace the caller does not
 * belong to (or that does not exist) is 404 either way, so nothing leaks about other tenants.
 */
export async function authenticateWorkspace(storage: StoragePort, request: FastifyRequest, now: number): Promise<WorkspaceCaller> {
  const caller = await authenticate(storage, request, now)
  const header = request.headers['x-workspace-id']
  if (typeof header !== 'string' || header === '') throw new ApiError('invalid_request', 'X-Workspace-Id header is required')
  if (!WORKSPACE_ID_PATTERN.test(header)) throw notFound('workspace not found')
  const membership = await storage.getMembership(header, caller.user.id)
  if (!membership || !(await storage.getWorkspace(header))) throw notFound('workspace not found')
  return { ...caller, workspaceId: header, role: membership.role }
}
