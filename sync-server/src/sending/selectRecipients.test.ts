import { describe, expect, it } from 'vitest'
import { selectRecipients, type RecipientCandidate } from './selectRecipients'

const everyone = (): boolean => true

describe('selectRecipients', () => {
  it('keeps audience members, one per address (normalized), the first contact winning', () => {
    const contacts: RecipientCandidate[] = [
      { id: 'a', email: 'Ada@Example.com' },
      { id: 'b', email: ' ada@example.COM ' },
      { id: 'c', email: 'grace@example.com' },
    ]
    expect(selectRecipients(contacts, everyone, new Set())).toEqual({
      recipients: [
        { contactId: 'a', email: 'ada@example.com' },
        { contactId: 'c', email: 'grace@example.com' },
      ],
      suppressed: 0,
      duplicates: 1,
      invalid: 0,
    })
  })

  it('leaves out unsubscribed, bounced and suppressed addresses, deleted contacts and those outside the audience', () => {
    const contacts: RecipientCandidate[] = [
      { id: 'u', email: 'u@example.com', unsubscribed: true },
      { id: 'b', email: 'b@example.com', bounced: true },
      { id: 's', email: 'S@example.com' },
      { id: 'd', email: 'd@example.com', _deleted: true },
      { id: 'o', email: 'o@example.com' },
      { id: 'k', email: 'k@example.com' },
    ]
    const selection = selectRecipients(contacts, (contact) => contact.id !== 'o', new Set(['s@example.com']))
    expect(selection.recipients).toEqual([{ contactId: 'k', email: 'k@example.com' }])
    expect(selection.suppressed).toBe(3)
  })

  it('counts contacts without a usable address apart', () => {
    const selection = selectRecipients([{ id: 'x', email: '' }, { id: 'y', email: 'not an address' }], everyone, new Set())
    expect(selection).toMatchObject({ recipients: [], invalid: 2 })
  })
})
