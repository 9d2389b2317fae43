import type { Contact } from '@core/schema'

// The UI copy is English, so numbers and dates are formatted the same way everywhere (and in tests).
const numberFormat = new Intl.NumberFormat('en-US')
const monthDay = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric' })
const monthDayYear = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric' })

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

type NameParts = Pick<Contact, 'firstName' | 'lastName' | 'email'>

/** What a person is called in lists: their name, else their email. */
export function contactDisplayName(contact: NameParts): string {
  const name = `${contact.firstName} ${contact.lastName}`.trim()
  return name || contact.email || 'Unnamed contact'
}

export function contactInitials(contact: NameParts): string {
  const first = contact.firstName.trim()[0] ?? ''
  const last = contact.lastName.trim()[0] ?? ''
  const initials = first + last || contact.email.trim()[0] || '?'
  return initials.toUpperCase()
}

export function formatCount(value: number): string {
  return numberFormat.format(value)
}

export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : plural}`
}

/** The header count: everything, or how many of everything the current filters keep. */
export function contactCountLabel(matching: number, total: number, filtered: boolean): string {
  return filtered ? `${formatCount(matching)} of ${formatCount(total)} match` : pluralize(total, 'contact')
}

/** Short "when" for a table cell: recent times relative, older ones as a date. */
export function formatRelativeTime(timestamp: number, now: number): string {
  const elapsed = now - timestamp
  if (elapsed < MINUTE) return 'just now'
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)}m ago`
  if (elapsed < DAY) return `${Math.floor(elapsed / HOUR)}h ago`
  if (elapsed < 2 * DAY) return 'Yesterday'
  if (elapsed < 7 * DAY) return `${Math.floor(elapsed / DAY)}d ago`
  const date = new Date(timestamp)
  return date.getFullYear() === new Date(now).getFullYear() ? monthDay.format(date) : monthDayYear.format(date)
}
