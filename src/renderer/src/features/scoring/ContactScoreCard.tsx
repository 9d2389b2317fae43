import type { Contact } from '@core/schema'

// Placeholder: the contact's lead score and which rules gave which points (replaced by the real one).
export function ContactScoreCard(_props: { contact: Contact }) {
  return null
}
