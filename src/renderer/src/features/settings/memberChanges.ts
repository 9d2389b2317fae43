import type { Member, MemberRole } from '@core/schema'

/**
 * A change the server has acknowledged but replication may not have brought yet: a new role, or
 * null for a removal. `basedOn` is the member's `updatedAt` when it was made.
 */
export interface MemberChange {
  basedOn: number
  role: MemberRole | null
}

/** The replicated members with acknowledged changes on top, each until replication brings a newer version of that member. */
export function withMemberChanges(members: readonly Member[], changes: ReadonlyMap<string, MemberChange>): Member[] {
  return members.flatMap((member) => {
    const change = changes.get(member.id)
    if (!change || change.basedOn !== member.updatedAt) return [member]
    return change.role === null ? [] : [{ ...member, role: change.role }]
  })
}
