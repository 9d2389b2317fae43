import type { Contact } from '@core/schema'
import { routePath } from '../../app/router'
import type { Audience } from '../../data/audience'
import { useData } from '../../data/dataContext'
import { contactDisplayName, formatCount, pluralize } from '../contacts/contactDisplay'
import { LifecycleStagePill } from '../contacts/LifecycleStagePill'

/** "1,234 contacts · 12 unsubscribed or bounced excluded" */
export function audienceLabel(audience: Pick<Audience, 'count' | 'suppressed'>): string {
  const main = pluralize(audience.count, 'contact')
  return audience.suppressed > 0 ? `${main} · ${formatCount(audience.suppressed)} unsubscribed or bounced excluded` : main
}

export function AudienceCount({ audience }: { audience: Audience }) {
  return (
    <p role="status" aria-label="Audience" className={`flex items-baseline gap-2 text-sm tabular-nums transition-opacity ${audience.computing ? 'opacity-60' : ''}`}>
      <span className="text-2xl font-semibold tracking-tight text-slate-900">{formatCount(audience.count)}</span>{' '}
      <span className="text-slate-600">
        {audience.count === 1 ? 'contact' : 'contacts'}
        {audience.suppressed > 0 ? ` · ${formatCount(audience.suppressed)} unsubscribed or bounced excluded` : ''}
      </span>
    </p>
  )
}

/** The first matches, each linking to its contact. */
export function AudienceSample({ audience, title = 'Matching contacts' }: { audience: Audience; title?: string }) {
  const { contacts } = useData()
  return (
    <section aria-labelledby="audience-sample-heading" className="rounded-lg border border-slate-200 bg-white">
      <header className="flex items-baseline justify-between border-b border-slate-100 px-4 py-2.5">
        <h2 id="audience-sample-heading" className="text-sm font-semibold text-slate-900">
          {title}
        </h2>
        {audience.count > audience.sample.length ? (
          <span className="text-xs text-slate-500">
            First {audience.sample.length} of {formatCount(audience.count)}
          </span>
        ) : null}
      </header>
      {audience.sample.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-slate-500">
          {contacts.size === 0 ? 'There are no contacts in this workspace yet.' : 'No contacts match these conditions yet.'}
        </p>
      ) : (
        <ul aria-label={title} className="divide-y divide-slate-100">
          {audience.sample.map((contact) => (
            <SampleRow key={contact.id} contact={contact} company={contacts.companyName(contact.companyId)} />
          ))}
        </ul>
      )}
    </section>
  )
}

function SampleRow({ contact, company }: { contact: Contact; company: string }) {
  return (
    <li>
      <a
        href={routePath({ name: 'contact', id: contact.id })}
        className="grid grid-cols-[minmax(0,1fr)_auto] items-center gap-3 px-4 py-2 text-sm hover:bg-slate-50 focus-visible:bg-accent-50 focus-visible:outline-none"
      >
        <span className="min-w-0">
          <span className="block truncate font-medium text-slate-900">{contactDisplayName(contact)}</span>
          <span className="block truncate text-xs text-slate-500">{[contact.email, company].filter(Boolean).join(' · ')}</span>
        </span>
        <LifecycleStagePill stage={contact.lifecycleStage} />
      </a>
    </li>
  )
}
