import { contactCountLabel, contactDisplayName, contactInitials, formatRelativeTime } from './contactDisplay'

const person = (firstName: string, lastName: string, email: string) => ({ firstName, lastName, email })

describe('contact display helpers', () => {
  it('names a contact by first and last name, falling back to the email', () => {
    expect(contactDisplayName(person('Ada', 'Lovelace', 'ada@example.com'))).toBe('Ada Lovelace')
    expect(contactDisplayName(person('', 'Lovelace', 'ada@example.com'))).toBe('Lovelace')
    expect(contactDisplayName(person('', '', 'ada@example.com'))).toBe('ada@example.com')
    expect(contactInitials(person('ada', 'lovelace', ''))).toBe('AL')
    expect(contactInitials(person('', '', 'zed@example.com'))).toBe('Z')
  })

  it('counts all contacts, or how many of them match', () => {
    expect(contactCountLabel(12_345, 12_345, false)).toBe('12,345 contacts')
    expect(contactCountLabel(1, 1, false)).toBe('1 contact')
    expect(contactCountLabel(37, 12_345, true)).toBe('37 of 12,345 match')
  })

  it('shows recent times relatively and older ones as a date', () => {
    const now = new Date(2024, 5, 15, 12, 0).getTime()
    expect(formatRelativeTime(now - 10_000, now)).toBe('just now')
    expect(formatRelativeTime(now - 5 * 60_000, now)).toBe('5m ago')
    expect(formatRelativeTime(now - 3 * 3_600_000, now)).toBe('3h ago')
    expect(formatRelativeTime(now - 30 * 3_600_000, now)).toBe('Yesterday')
    expect(formatRelativeTime(new Date(2024, 2, 4).getTime(), now)).toBe('Mar 4')
    expect(formatRelativeTime(new Date(2022, 2, 4).getTime(), now)).toBe('Mar 4, 2022')
  })
})
