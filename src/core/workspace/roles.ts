import type { MemberRole } from '../schema/members'

/** What a member may do beyond editing the shared CRM data (which every member may). */
export type WorkspaceAction =
  | 'workspace:delete'
  | 'workspace:rename'
  | 'members:invite'
  | 'members:change-role'
  | 'members:remove'
  | 'sending-settings:update'
  /** Erase a contact everywhere (GDPR): irreversible, so not every member. */
  | 'privacy:erase'
  /** Read the audit log of exports and erasures. */
  | 'audit:read'

const ADMIN_ACTIONS: ReadonlySet<WorkspaceAction> = new Set([
  'workspace:rename',
  'members:invite',
  'members:change-role',
  'members:remove',
  'sending-settings:update',
  'privacy:erase',
  'audit:read',
])

/** Owners may do everything; admins everything but deleting the workspace; members none of these. */
export function canPerform(role: MemberRole, action: WorkspaceAction): boolean {
  if (role === 'owner') return true
  if (role === 'admin') return ADMIN_ACTIONS.has(action)
  return false
}
