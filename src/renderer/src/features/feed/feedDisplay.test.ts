import type { Member } from '@core/schema'
import { memberName } from './feedDisplay'

const ana: Member = { id: '01JMEMBERANA0000000000000', email: 'ana@example.com', name: 'Ana', role: 'owner', joinedAt: 1, updatedAt: 1, _clock: {} }

describe('memberName', () => {
  it('names members, you, former members, and changes made while local only', () => {
    expect(memberName([ana], ana.id, null)).toBe('Ana')
    expect(memberName([ana], ana.id, ana.id)).toBe('You')
    expect(memberName([ana], '01JGONE000000000000000000', ana.id)).toBe('A former member')
    // No author recorded: on a local-only device that is the user; in a team it could be anyone.
    expect(memberName([], null, null)).toBe('You')
    expect(memberName([ana], null, ana.id)).toBe('Someone')
  })
})
