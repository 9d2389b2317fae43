import type { Member } from '@core/schema'
import { withMemberChanges, type MemberChange } from './memberChanges'

function member(id: string, role: Member['role'], updatedAt: number): Member {
  return { id, email: `${id}@example.com`, name: id, role, joinedAt: 1, updatedAt, _clock: {} }
}

describe('withMemberChanges', () => {
  const members = [member('ada', 'owner', 1), member('grace', 'member', 5), member('alan', 'admin', 7)]

  it('shows an acknowledged role change and hides an acknowledged removal while replication has not caught up', () => {
    const changes = new Map<string, MemberChange>([
      ['grace', { basedOn: 5, role: 'admin' }],
      ['alan', { basedOn: 7, role: null }],
    ])
    expect(withMemberChanges(members, changes).map((m) => [m.id, m.role])).toEqual([
      ['ada', 'owner'],
      ['grace', 'admin'],
    ])
  })

  it('lets a newer replicated version win over the change', () => {
    const replicated = [member('grace', 'member', 9), member('alan', 'admin', 8)]
    const changes = new Map<string, MemberChange>([
      ['grace', { basedOn: 5, role: 'admin' }],
      // Removed, then invited back: the new membership shows.
      ['alan', { basedOn: 7, role: null }],
    ])
    expect(withMemberChanges(replicated, changes)).toEqual(replicated)
  })

  it('leaves the list alone without changes', () => {
    expect(withMemberChanges(members, new Map())).toEqual(members)
  })
})
