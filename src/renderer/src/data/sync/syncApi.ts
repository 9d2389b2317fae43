import { z } from 'zod'
import type { Result } from '@core/result'
import { workspaceRoleSchema } from '../../../../shared/ipc-contract'
import { requestJson, type FetchLike, type SyncCredentials, type SyncFailure } from './syncHttp'

// The account and workspace routes of sync-server/README.md. Answers are checked, so a
// mismatched server yields a clear error instead of a half-stored session.

const userSchema = z.object({ id: z.string().min(1).max(64), email: z.string().max(254), name: z.string().max(200) })
const workspaceSchema = z.object({ id: z.string().min(1).max(64), name: z.string().max(200), role: workspaceRoleSchema })

export type SyncUser = z.infer<typeof userSchema>
export type SyncWorkspace = z.infer<typeof workspaceSchema>

const loginAnswer = z.object({ token: z.string().min(1).max(4096), user: userSchema, workspaces: z.array(workspaceSchema) })
const signupAnswer = loginAnswer.extend({ workspaceId: z.string().min(1).max(64) })
const meAnswer = z.object({ user: userSchema, workspaces: z.array(workspaceSchema) })
const workspaceAnswer = z.object({ workspace: workspaceSchema })
const inviteAnswer = z.object({ code: z.string().min(1).max(200), expiresAt: z.number() })
const memberAnswer = z.object({
  member: z.object({ userId: z.string().min(1).max(64), email: z.string().max(254), name: z.string().max(200), role: workspaceRoleSchema, joinedAt: z.number() }),
})

export type LoginAnswer = z.infer<typeof loginAnswer>
export type SignupAnswer = z.infer<typeof signupAnswer>
export type InviteAnswer = z.infer<typeof inviteAnswer>
export type SyncMember = z.infer<typeof memberAnswer>['member']

const invalidAnswer: SyncFailure = {
  kind: 'http',
  status: 200,
  code: 'invalid_response',
  message: 'The server at this address does not answer like an Outpost sync server.',
}

async function call<S extends z.ZodType>(
  schema: S,
  fetchFn: FetchLike,
  credentials: SyncCredentials,
  request: Parameters<typeof requestJson>[2],
): Promise<Result<z.infer<S>, SyncFailure>> {
  const result = await requestJson<unknown>(fetchFn, credentials, request)
  if (!result.ok) return result
  const parsed = schema.safeParse(result.value)
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: invalidAnswer }
}

async function callNoContent(fetchFn: FetchLike, credentials: SyncCredentials, request: Parameters<typeof requestJson>[2]): Promise<Result<null, SyncFailure>> {
  const result = await requestJson<unknown>(fetchFn, credentials, request)
  return result.ok ? { ok: true, value: null } : result
}

export function createSyncApi(fetchFn: FetchLike) {
  return {
    signUp: (serverUrl: string, body: { email: string; password: string; name: string; workspaceName: string }) =>
      call(signupAnswer, fetchFn, { serverUrl }, { method: 'POST', path: '/api/auth/signup', body }),
    logIn: (serverUrl: string, body: { email: string; password: string }) =>
      call(loginAnswer, fetchFn, { serverUrl }, { method: 'POST', path: '/api/auth/login', body }),
    logOut: (credentials: SyncCredentials) => callNoContent(fetchFn, credentials, { method: 'POST', path: '/api/auth/logout' }),
    me: (credentials: SyncCredentials) => call(meAnswer, fetchFn, credentials, { path: '/api/auth/me' }),
    createWorkspace: (credentials: SyncCredentials, name: string) =>
      call(workspaceAnswer, fetchFn, credentials, { method: 'POST', path: '/api/workspaces', body: { name } }),
    createInvite: (credentials: SyncCredentials, role: 'admin' | 'member') =>
      call(inviteAnswer, fetchFn, credentials, { method: 'POST', path: '/api/workspace/invites', body: { role } }),
    acceptInvite: (credentials: SyncCredentials, code: string) =>
      call(workspaceAnswer, fetchFn, credentials, { method: 'POST', path: '/api/invites/accept', body: { code } }),
    changeMemberRole: (credentials: SyncCredentials, userId: string, role: 'admin' | 'member') =>
      call(memberAnswer, fetchFn, credentials, { method: 'PATCH', path: `/api/workspace/members/${encodeURIComponent(userId)}`, body: { role } }),
    removeMember: (credentials: SyncCredentials, userId: string) =>
      callNoContent(fetchFn, credentials, { method: 'DELETE', path: `/api/workspace/members/${encodeURIComponent(userId)}` }),
    deleteWorkspace: (credentials: SyncCredentials) => callNoContent(fetchFn, credentials, { method: 'DELETE', path: '/api/workspace' }),
  }
}

export type SyncApi = ReturnType<typeof createSyncApi>
