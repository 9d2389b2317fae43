import type { Contact } from '@core/schema'
import { contactInitials } from './contactDisplay'

/** The person's initials in a circle (detail header, company page rows). */
export function ContactAvatar({ contact, size = 'sm' }: { contact: Pick<Contact, 'firstName' | 'lastName' | 'email'>; size?: 'sm' | 'lg' }) {
  const sizing = size === 'lg' ? 'h-12 w-12 text-base' : 'h-7 w-7 text-[11px]'
  return (
    <span aria-hidden className={`grid shrink-0 place-items-center rounded-full bg-accent-100 font-semibold text-accent-700 ${sizing}`}>
      {contactInitials(contact)}
    </span>
  )
}
