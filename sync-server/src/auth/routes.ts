import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { newId } from '@core/ids'
import type { MemberRole } from '@core/schema'
import { canPerform, type WorkspaceAction } from '@core/workspace/roles'
import { ApiError, notFound } from '../http/errors'
import { parseBody } from '../http/validate'
import { EmailTakenError, type MembershipRecord, type StoragePort, type UserRecord } from '../storage/port'
import { memberDoc } from './memberDocs'
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from './passwords'
import { authenticate, authenticateWorkspace, type WorkspaceCaller } from './session'
import { hashSecret, newInviteCode, newToken, normalizeInviteCode } from './tokens'

export interface AuthRouteOptions {
  storage: StoragePort
  now: () => number
  sessionTtlMs: number
  authRateLimitPerMinute: number
}

const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000

const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'enter a valid email address' }))
  .transform((value) => value.toLowerCase())
const password = z.string().min(8, 'password must be at least 8 characters').max(200, 'password must be at most 200 characters')
const workspaceName = z.string().trim().min(1, 'workspace name is required').max(80)
const invitedRole = z.enum(['admin', 'member'])

const signupBody = z.strictObject({ email, password, name: z.string().trim().max(100).optional(), workspaceName })
const loginBody = z.strictObject({ email, password: z.string().min(1).max(200) })
const workspaceBody = z.strictObject({ name: workspaceName })
const inviteBody = z.strictObject({ role: invitedRole })
const acceptBody = z.strictObject({ code: z.string().min(1).max(64) })
const roleBody = z.strictObject({ role: invitedRole })
const userIdParams = z.strictObject({ userId: z.string().regex(/^[A-Za-z0-9]{1,26}$/) })

function publicUser(user: UserRecord) {
  return { id: user.id, email: user.email, name: user.name }
}

function require(caller: WorkspaceCaller, action: WorkspaceAction): void {
  if (!canPerform(caller.role, action)) throw new ApiError('forbidden', `your role (${caller.role}) cannot do this`)
}

export function registerAuthRoutes(app: FastifyInstance, options: AuthRouteOptions): void {
  const { storage, now } = options
  const rateLimit = { max: options.authRateLimitPerMinute, timeWindow: 60_000 }

  async function startSession(userId: string): Promise<string> {
    const token = newToken()
    const at = now()
    await storage.createSession({ tokenHash: hashSecret(token), userId, createdAt: at, expiresAt: at + options.sessionTtlMs, revokedAt: null })
    return token
  }

  async function workspacesOf(userId: string) {
    const list = await storage.listWorkspacesForUser(userId)
    return list.map((workspace) => ({ id: workspace.id, name: workspace.name, role: workspace.role }))
  }

  async function createWorkspaceFor(user: UserRecord, name: string) {
    const at = now()
    const workspace = { id: newId(at), name, createdAt: at }
    const owner: MembershipRecord = { workspaceId: workspace.id, userId: user.id, role: 'owner', joinedAt: at }
    await storage.createWorkspace(workspace, owner, memberDoc(user, owner, at))
    return workspace
  }

  app.post('/api/auth/signup', { config: { rateLimit } }, async (request, reply) => {
    const body = parseBody(signupBody, request.body)
    const at = now()
    const user: UserRecord = {
      id: newId(at),
      email: body.email,
      name: body.name || body.email.split('@')[0] || body.email,
      passwordHash: await hashPassword(body.password),
      createdAt: at,
    }
    try {
      await storage.createUser(user)
    } catch (error) {
      if (error instanceof EmailTakenError) throw new ApiError('email_taken', 'an account with this email already exists: log in instead')
      throw error
    }
    const workspace = await createWorkspaceFor(user, body.workspaceName)
    const token = await startSession(user.id)
    return reply.code(201).send({ token, workspaceId: workspace.id, user: publicUser(user), workspaces: await workspacesOf(user.id) })
  })

  app.post('/api/auth/login', { config: { rateLimit } }, async (request) => {
    const body = parseBody(loginBody, request.body)
    const user = await storage.findUserByEmail(body.email)
    // Same work whether or not the account exists, so timing does not reveal registered emails.
    const valid = await verifyPassword(body.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH)
    if (!user || !valid) throw new ApiError('unauthenticated', 'wrong email or password')
    return { token: await startSession(user.id), user: publicUser(user), workspaces: await workspacesOf(user.id) }
  })

  app.post('/api/auth/logout', async (request, reply) => {
    const caller = await authenticate(storage, request, now())
    await storage.revokeSession(caller.tokenHash, now())
    return reply.code(204).send()
  })

  app.get('/api/auth/me', async (request) => {
    const caller = await authenticate(storage, request, now())
    return { user: publicUser(caller.user), workspaces: await workspacesOf(caller.user.id) }
  })

  app.post('/api/workspaces', async (request, reply) => {
    const caller = await authenticate(storage, request, now())
    const body = parseBody(workspaceBody, request.body)
    const workspace = await createWorkspaceFor(caller.user, body.name)
    return reply.code(201).send({ workspace: { id: workspace.id, name: workspace.name, role: 'owner' satisfies MemberRole } })
  })

  app.delete('/api/workspace', async (request, reply) => {
    const caller = await authenticateWorkspace(storage, request, now())
    require(caller, 'workspace:delete')
    await storage.deleteWorkspace(caller.workspaceId, now())
    return reply.code(204).send()
  })

  app.get('/api/workspace/members', async (request) => {
    const caller = await authenticateWorkspace(storage, request, now())
    const members = await storage.listMembers(caller.workspaceId)
    return {
      members: members.map((member) => ({ userId: member.userId, email: member.email, name: member.name, role: member.role, joinedAt: member.joinedAt })),
    }
  })

  app.post('/api/workspace/invites', async (request, reply) => {
    const caller = await authenticateWorkspace(storage, request, now())
    require(caller, 'members:invite')
    const body = parseBody(inviteBody, request.body)
    if (body.role === 'admin' && caller.role !== 'owner' && caller.role !== 'admin') throw new ApiError('forbidden', 'only owners and admins can invite admins')
    const code = newInviteCode()
    const at = now()
    const expiresAt = at + INVITE_TTL_MS
    await storage.createInvite({
      codeHash: hashSecret(code),
      workspaceId: caller.workspaceId,
      role: body.role,
      createdBy: caller.user.id,
      createdAt: at,
      expiresAt,
      usedAt: null,
      usedBy: null,
    })
    return reply.code(201).send({ code, expiresAt })
  })

  app.post('/api/invites/accept', { config: { rateLimit } }, async (request) => {
    const caller = await authenticate(storage, request, now())
    const body = parseBody(acceptBody, request.body)
    const codeHash = hashSecret(normalizeInviteCode(body.code))
    const at = now()
    const accepted = await storage.acceptInvite(codeHash, caller.user.id, at, (membership) => memberDoc(caller.user, membership, at))
    const workspace = accepted && (await storage.getWorkspace(accepted.invite.workspaceId))
    if (!accepted || !workspace) throw new ApiError('invite_invalid', 'this invite code is unknown, already used or expired')
    const role = accepted.membership.role
    return { workspace: { id: workspace.id, name: workspace.name, role } }
  })

  app.patch('/api/workspace/members/:userId', async (request) => {
    const caller = await authenticateWorkspace(storage, request, now())
    const { userId } = parseBody(userIdParams, request.params)
    require(caller, 'members:change-role')
    const body = parseBody(roleBody, request.body)
    const target = await storage.getMembership(caller.workspaceId, userId)
    const user = target && (await storage.findUserById(userId))
    if (!target || !user) throw notFound('member not found')
    if (target.role === 'owner') throw new ApiError('forbidden', "the owner's role cannot change")
    const at = now()
    const membership: MembershipRecord = { ...target, role: body.role }
    await storage.saveMembership(membership, memberDoc(user, membership, at))
    return { member: { userId, email: user.email, name: user.name, role: membership.role, joinedAt: membership.joinedAt } }
  })

  app.delete('/api/workspace/members/:userId', async (request, reply) => {
    const caller = await authenticateWorkspace(storage, request, now())
    const { userId } = parseBody(userIdParams, request.params)
    if (userId !== caller.user.id) require(caller, 'members:remove')
    const target = await storage.getMembership(caller.workspaceId, userId)
    const user = target && (await storage.findUserById(userId))
    if (!target || !user) throw notFound('member not found')
    if (target.role === 'owner') throw new ApiError('forbidden', 'the owner cannot leave or be removed; delete the workspace instead')
    await storage.removeMembership(caller.workspaceId, userId, memberDoc(user, target, now(), true))
    return reply.code(204).send()
  })
}

