import { useEffect, useRef, useState } from 'react'
import type { FeedTarget } from '@core/feed/feed'
import type { InboxItem } from '@core/feed/inbox'
import type { Member } from '@core/schema'
import { routePath } from '../../app/router'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { useMembers } from '../../data/crmHooks'
import { useData, type OutpostData } from '../../data/dataContext'
import { platform } from '../../platform'
import { contactDisplayName } from '../contacts/contactDisplay'
import { inboxVerb, memberName } from './feedDisplay'
import { InboxArrivals } from './inboxArrivals'
import { useInbox } from './inboxSource'

async function recordTitle({ db, contacts }: OutpostData, target: FeedTarget): Promise<string> {
  if (target.type === 'contact') {
    const contact = contacts.get(target.id)
    return contact ? contactDisplayName(contact) : 'a contact'
  }
  if (target.type === 'company') return contacts.companyName(target.id) || 'a company'
  const deal = await db.deals.findOne(target.id).exec()
  return deal?.name ?? 'a deal'
}

/**
 * Mounted once in the shell: inbox items that arrive while the app runs (a mention, an assigned
 * task, news on a followed record) become a desktop notification whose click opens the record, or
 * an in-app toast where the platform shows none (a browser tab without permission). The backlog
 * at start does not notify; the sidebar count and the inbox show it.
 */
export function FeedNotifier() {
  const data = useData()
  const dispatch = useAppDispatch()
  const inbox = useInbox()
  const members = useMembers()
  const [startedAt] = useState(() => Date.now())
  const tracker = useRef<{ memberId: string | null; arrivals: InboxArrivals } | null>(null)
  const latestMembers = useRef<Member[] | undefined>(members)
  useEffect(() => {
    latestMembers.current = members
  }, [members])

  useEffect(() => {
    if (!inbox.ready || inbox.memberId === null) return
    // Signing in as someone else starts a fresh backlog.
    if (tracker.current?.memberId !== inbox.memberId) tracker.current = { memberId: inbox.memberId, arrivals: new InboxArrivals(startedAt) }
    const fresh = tracker.current.arrivals.arrivals(inbox.items)
    for (const item of fresh) void announce(item)

    async function announce(item: InboxItem) {
      const actor = memberName(latestMembers.current, item.actorId, null)
      const title = `${actor} ${inboxVerb(item)} ${await recordTitle(data, item.target)}`
      const body = item.kind === 'change-on-followed' ? '' : item.text
      const result = await platform.notify({ title, body, route: routePath({ name: 'inbox' }) }).catch(() => ({ shown: false }))
      if (!result.shown) dispatch(toastShown({ message: body ? `${title}: ${body}` : title }))
    }
  }, [inbox, data, dispatch, startedAt])

  return null
}

/** The unread count next to "Inbox" in the sidebar (nothing when zero or local only). */
export function InboxUnreadBadge() {
  const { unread } = useInbox()
  if (unread === 0) return null
  return (
    <span data-testid="inbox-unread" className="ml-auto rounded-full bg-accent-600 px-1.5 py-px text-[11px] font-semibold text-white tabular-nums">
      <span aria-hidden>{unread > 99 ? '99+' : unread}</span>
      <span className="sr-only">, {unread} unread</span>
    </span>
  )
}
