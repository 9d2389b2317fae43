import { formatStamp } from '@core/hlc'
import type { Member } from '@core/schema'
import type { MembershipRecord, UserRecord } from '../storage/port'

/** The HLC node id of documents the server authors. */
export const SERVER_NODE = 'server'

/** The replicated projection of a membership (the `members` collection, read-only on clients). */
export function memberDoc(
  user: Pick<UserRecord, 'id' | 'email' | 'name'>,
  membership: MembershipRecord,
  now: number,
  deleted = false,
): Member & { _deleted: boolean } {
  const stamp = formatStamp({ wallMs: now, counter: 0, node: SERVER_NODE })
  const fields = ['email', 'name', 'role', 'joinedAt', '_deleted'] as const
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: membership.role,
    joinedAt: membership.joinedAt,
    updatedAt: now,
    _deleted: deleted,
    _clock: Object.fromEntries(fields.map((field) => [field, stamp])),
  }
}
