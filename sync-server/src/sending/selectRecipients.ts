import { normalizeEmail } from '../storage/port'
import type { MaterializedRecipient } from '../storage/sendingPort'

// Who a campaign goes to, decided once when it starts: audience members that are live, not
// unsubscribed or bounced, not on the suppression list, one message per address (the first
// contact with an address gets it).

export interface RecipientCandidate {
  id: string
  email: string
  unsubscribed?: boolean
  bounced?: boolean
  _deleted?: boolean
}

export interface RecipientSelection {
  recipients: MaterializedRecipient[]
  /** Audience members left out: unsubscribed, bounced or suppressed. */
  suppressed: number
  /** Audience members left out because an earlier one had the same address. */
  duplicates: number
  /** Audience members without a usable address. */
  invalid: number
}

// Deliberately loose: the SMTP server is the judge; this only keeps out what cannot be an address.
const ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/

export function selectRecipients<C extends RecipientCandidate>(
  contacts: Iterable<C>,
  inAudience: (contact: C) => boolean,
  suppressedEmails: ReadonlySet<string>,
): RecipientSelection {
  const recipients: MaterializedRecipient[] = []
  const seen = new Set<string>()
  let suppressed = 0
  let duplicates = 0
  let invalid = 0
  for (const contact of contacts) {
    if (contact._deleted === true || !inAudience(contact)) continue
    const email = normalizeEmail(contact.email)
    if (!ADDRESS.test(email)) {
      invalid += 1
    } else if (contact.unsubscribed === true || contact.bounced === true || suppressedEmails.has(email)) {
      suppressed += 1
    } else if (seen.has(email)) {
      duplicates += 1
    } else {
      seen.add(email)
      recipients.push({ contactId: contact.id, email })
    }
  }
  return { recipients, suppressed, duplicates, invalid }
}
