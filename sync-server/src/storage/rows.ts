import { MEMBER_ROLES } from '@core/schema'
import type { MemberRole } from '@core/schema'
import type { InviteRecord, MembershipRecord, SessionRecord, UserRecord, WorkspaceRecord } from './port'

// Row shapes as both dialects return them (snake_case columns, int8 parsed as number) and their
// mapping to the port's records. The SELECT lists below keep the two implementations in step.

export interface UserRow {
  id: string
  email: string
  name: string
  password_hash: string
  created_at: number
}
export const USER_COLUMNS = 'id, email, name, password_hash, created_at'

export function toUser(row: UserRow): UserRecord {
  return { id: row.id, email: row.email, name: row.name, passwordHash: row.password_hash, createdAt: row.created_at }
}

export interface SessionRow {
  token_hash: string
  user_id: string
  created_at: number
  expires_at: number
  revoked_at: number | null
}
export const SESSION_COLUMNS = 'token_hash, user_id, created_at, expires_at, revoked_at'

export function toSession(row: SessionRow): SessionRecord {
  return {
    tokenHash: row.token_hash,
    userId: row.user_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  }
}

export interface WorkspaceRow {
  id: string
  name: string
  created_at: number
}

export function toWorkspace(row: WorkspaceRow): WorkspaceRecord {
  return { id: row.id, name: row.name, createdAt: row.created_at }
}

export interface WorkspaceWithRoleRow extends WorkspaceRow {
  role: string
}

export function toWorkspaceWithRole(row: WorkspaceWithRoleRow): WorkspaceRecord & { role: MemberRole } {
  return { ...toWorkspace(row), role: toMemberRole(row.role) }
}

export interface MembershipRow {
  workspace_id: string
  user_id: string
  role: string
  joined_at: number
}

export function toMembership(row: MembershipRow): MembershipRecord {
  return { workspaceId: row.workspace_id, userId: row.user_id, role: toMemberRole(row.role), joinedAt: row.joined_at }
}

export interface MemberRow extends MembershipRow {
  email: string
  name: string
}

export function toMember(row: MemberRow): MembershipRecord & { email: string; name: string } {
  return { ...toMembership(row), email: row.email, name: row.name }
}

export interface InviteRow {
  code_hash: string
  workspace_id: string
  role: string
  created_by: string
  created_at: number
  expires_at: number
  used_at: number | null
  used_by: string | null
}
export const INVITE_COLUMNS = 'code_hash, workspace_id, role, created_by, created_at, expires_at, used_at, used_by'

export function toInvite(row: InviteRow): InviteRecord {
  const role = toMemberRole(row.role)
  if (role === 'owner') throw new Error(`invite ${row.code_hash} carries the owner role`)
  return {
    codeHash: row.code_hash,
    workspaceId: row.workspace_id,
    role,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
    usedBy: row.used_by,
  }
}

/** The documents a pull or a push's master read returns. */
export interface DocumentRow {
  id: string
  seq: number
  json: string
}

function toMemberRole(value: string): MemberRole {
  const role = MEMBER_ROLES.find((candidate) => candidate === value)
  if (role === undefined) throw new Error(`unknown member role in storage: ${value}`)
  return role
}
