import type { Member } from '@core/schema'

/** What a member is called in lists: the name, else the email. */
export function memberLabel(member: Pick<Member, 'name' | 'email'>): string {
  return member.name.trim() || member.email
}

/**
 * The assignee picker's options: "Me" first (the person assigning to themselves most often),
 * then the other members by name, then "Unassigned". An assignee that is no longer a member
 * keeps an option so editing the task does not silently drop them.
 */
export function assigneeOptions(members: readonly Member[], me: string | null, current = ''): { value: string; label: string }[] {
  const mine = members.find((member) => member.id === me)
  const others = members.filter((member) => member.id !== me).sort((a, b) => memberLabel(a).localeCompare(memberLabel(b)))
  const options = [
    ...(mine ? [{ value: mine.id, label: `Me (${memberLabel(mine)})` }] : []),
    ...others.map((member) => ({ value: member.id, label: memberLabel(member) })),
    { value: '', label: 'Unassigned' },
  ]
  if (current && !options.some((option) => option.value === current)) options.splice(options.length - 1, 0, { value: current, label: 'Former member' })
  return options
}

/** The name to show for an assignee id; null when unassigned. */
export function assigneeName(assigneeId: string | undefined, members: readonly Member[] | undefined, me: string | null): string | null {
  if (!assigneeId) return null
  if (assigneeId === me) return 'Me'
  const member = members?.find((candidate) => candidate.id === assigneeId)
  return member ? memberLabel(member) : 'Former member'
}
