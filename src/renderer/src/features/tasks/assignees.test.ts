import type { Member } from '@core/schema'
import { assigneeName, assigneeOptions } from './assignees'

const member = (id: string, name: string, email = `${id}@example.com`): Member => ({ id, name, email, role: 'member', joinedAt: 0, updatedAt: 0, _clock: {} })
const members = [member('zoe', 'Zoë'), member('me', 'Ana'), member('bo', ''), member('cy', 'Cy')]

describe('assigneeOptions', () => {
  it('lists me first, the others by name, then unassigned', () => {
    expect(assigneeOptions(members, 'me')).toEqual([
      { value: 'me', label: 'Me (Ana)' },
      { value: 'bo', label: 'bo@example.com' },
      { value: 'cy', label: 'Cy' },
      { value: 'zoe', label: 'Zoë' },
      { value: '', label: 'Unassigned' },
    ])
  })

  it('keeps a former member who is still assigned, so saving does not drop them', () => {
    expect(assigneeOptions(members, 'me', 'gone').map((option) => option.label)).toEqual(['Me (Ana)', 'bo@example.com', 'Cy', 'Zoë', 'Former member', 'Unassigned'])
  })
})

describe('assigneeName', () => {
  it('says Me, a name, or nothing when unassigned', () => {
    expect(assigneeName('me', members, 'me')).toBe('Me')
    expect(assigneeName('cy', members, 'me')).toBe('Cy')
    expect(assigneeName('', members, 'me')).toBeNull()
    expect(assigneeName(undefined, members, 'me')).toBeNull()
    expect(assigneeName('gone', members, 'me')).toBe('Former member')
  })
})
