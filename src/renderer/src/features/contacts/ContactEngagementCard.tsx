import type { RxDocument, RxQuery } from 'rxdb'
import type { Campaign, Contact, EngagementEvent, EngagementEventType } from '@core/schema'
import { routePath } from '../../app/router'
import { useNow } from '../../app/useNow'
import { useData } from '../../data/dataContext'
import { useRxQueryResult } from '../../data/hooks'
import { formatCount, formatRelativeTime } from './contactDisplay'

const RECENT_EVENTS = 8

const EVENT_LABELS: Record<EngagementEventType, string> = {
  open: 'Opened',
  click: 'Clicked',
  bounce: 'Bounced',
  unsubscribe: 'Unsubscribed from',
  complaint: 'Marked as spam',
}

/**
 * Email engagement on the contact page: the server-written rollups (sent, opens, clicks, last
 * activity), whether the address is suppressed, and the latest events this device has synced.
 */
export function ContactEngagementCard({ contact }: { contact: Contact }) {
  const { db } = useData()
  const now = useNow(60_000)
  const events = useRxQueryResult<EngagementEvent>(
    () =>
      db.events.find({ selector: { contactId: contact.id }, sort: [{ at: 'desc' }], limit: RECENT_EVENTS }) as unknown as RxQuery<
        EngagementEvent,
        RxDocument<EngagementEvent>[]
      >,
    [db, contact.id],
  )
  const campaignIds = [...new Set((events ?? []).map((event) => event.campaignId))]
  const campaigns = useRxQueryResult<Campaign>(
    () => db.campaigns.find({ selector: { id: { $in: campaignIds } } }) as unknown as RxQuery<Campaign, RxDocument<Campaign>[]>,
    [db, campaignIds.join(',')],
  )
  const campaignName = new Map((campaigns ?? []).map((campaign) => [campaign.id, campaign.name]))
  const emailed = contact.emailCount ?? 0

  return (
    <section aria-labelledby="engagement-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex items-center justify-between gap-2">
        <h2 id="engagement-heading" className="text-sm font-semibold text-slate-900">
          Email engagement
        </h2>
        <div className="flex gap-1.5">
          {contact.unsubscribed ? <Badge tone="danger">Unsubscribed</Badge> : null}
          {contact.bounced ? <Badge tone="warning">Bounced</Badge> : null}
        </div>
      </div>
      <dl className="mt-3 grid grid-cols-3 gap-2 text-center">
        <Figure label={emailed === 1 ? 'email' : 'emails'} value={emailed} />
        <Figure label={contact.openCount === 1 ? 'open' : 'opens'} value={contact.openCount ?? 0} />
        <Figure label={contact.clickCount === 1 ? 'click' : 'clicks'} value={contact.clickCount ?? 0} />
      </dl>
      <p className="mt-3 text-xs text-slate-500">
        {contact.lastOpenedAt ? `Last opened ${formatRelativeTime(contact.lastOpenedAt, now)}` : 'Never opened an email'}
        {contact.lastClickedAt ? ` · last clicked ${formatRelativeTime(contact.lastClickedAt, now)}` : ''}
      </p>
      {contact.unsubscribed || contact.bounced ? (
        <p className="mt-2 text-xs text-slate-600">Campaigns skip this address: it {contact.unsubscribed ? 'unsubscribed' : 'bounced'}.</p>
      ) : null}
      {events && events.length > 0 ? (
        <ul aria-label="Recent email activity" className="mt-3 flex flex-col gap-1.5 border-t border-slate-100 pt-3 text-xs">
          {events.map((event) => (
            <li key={event.id} className="flex items-baseline justify-between gap-2">
              <span className="min-w-0 truncate text-slate-700">
                {EVENT_LABELS[event.type]}{' '}
                <a href={routePath({ name: 'campaignReport', id: event.campaignId })} className="font-medium text-accent-700 hover:underline">
                  {campaignName.get(event.campaignId) ?? 'a campaign'}
                </a>
                {event.machine ? <span className="text-slate-400"> (automated)</span> : null}
              </span>
              <span className="shrink-0 text-slate-400">{formatRelativeTime(event.at, now)}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <div className="flex flex-col-reverse rounded-md bg-slate-50 px-2 py-2">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-lg font-semibold text-slate-900">{formatCount(value)}</dd>
    </div>
  )
}

function Badge({ tone, children }: { tone: 'danger' | 'warning'; children: string }) {
  const colors = tone === 'danger' ? 'bg-red-50 text-red-700 ring-red-200' : 'bg-amber-50 text-amber-800 ring-amber-200'
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${colors}`}>{children}</span>
}
