import { useMemo } from 'react'
import type { RxDocument, RxQuery } from 'rxdb'
import { describeFields, type FeedEntry, type FeedTarget } from '@core/feed/feed'
import type { InboxItem } from '@core/feed/inbox'
import type { Deal, Member } from '@core/schema'
import type { Route } from '../../app/router'
import { useData } from '../../data/dataContext'
import { useContactIndexVersion, useRxQueryResult } from '../../data/hooks'
import { contactDisplayName } from '../contacts/contactDisplay'

// How feed entries and inbox items read: "Ana changed stage and title on Bob Smith".

export function targetRoute(target: FeedTarget): Route {
  if (target.type === 'contact') return { name: 'contact', id: target.id }
  if (target.type === 'company') return { name: 'company', id: target.id }
  return { name: 'deal', id: target.id }
}

export function targetKey(target: FeedTarget): string {
  return `${target.type}:${target.id}`
}

/** Display names of the records some entries lead to (contacts and companies from memory, deals by id). */
export function useTargetTitles(targets: readonly (FeedTarget | null)[]): ReadonlyMap<string, string> {
  const { db, contacts } = useData()
  const version = useContactIndexVersion(contacts)
  const dealIds = useMemo(
    () => [...new Set(targets.filter((target): target is FeedTarget => target?.type === 'deal').map((target) => target.id))].sort(),
    [targets],
  )
  const dealKey = dealIds.join(',')
  const deals = useRxQueryResult<Deal>(
    () => db.deals.find({ selector: { id: { $in: dealIds } } }) as unknown as RxQuery<Deal, RxDocument<Deal>[]>,
    [db, dealKey],
  )
  return useMemo(() => {
    const titles = new Map<string, string>()
    for (const target of targets) {
      if (target === null || target.type === 'deal') continue
      const key = targetKey(target)
      if (titles.has(key)) continue
      if (target.type === 'contact') {
        const contact = contacts.get(target.id)
        if (contact) titles.set(key, contactDisplayName(contact))
      } else {
        const name = contacts.companyName(target.id)
        if (name) titles.set(key, name)
      }
    }
    for (const deal of deals ?? []) titles.set(`deal:${deal.id}`, deal.name)
    return titles
    // version: the contact index changed (names load in the background).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [targets, deals, contacts, version])
}

const TYPE_WORDS: Record<FeedTarget['type'], string> = { contact: 'contact', company: 'company', deal: 'deal' }

export function memberName(members: readonly Member[] | undefined, id: string | null, me: string | null): string {
  // Changes made while local only name nobody: on a device that is still local only, that is you.
  if (id === null) return me === null ? 'You' : 'Someone'
  if (id === me) return 'You'
  const member = members?.find((candidate) => candidate.id === id)
  return member ? member.name.trim() || member.email : 'A former member'
}

/** What an entry did, after the actor's name: "changed stage and title on", "commented on". */
export function feedVerb(entry: FeedEntry): string {
  if (entry.collection === 'activities') {
    const kind = entry.activityKind ?? 'activity'
    switch (entry.action) {
      case 'commented':
        return 'commented on'
      case 'completed':
        return `completed the task “${entry.title}” on`
      case 'created':
        return kind === 'task' ? `added the task “${entry.title}” to` : `added a ${kind} to`
      case 'deleted':
        return `deleted a ${kind} on`
      default:
        return `edited a ${kind}${entry.fields.length > 0 ? ` (${describeFields(entry.fields)})` : ''} on`
    }
  }
  const type = TYPE_WORDS[entry.target?.type ?? 'contact']
  switch (entry.action) {
    case 'created':
      return `created the ${type}`
    case 'deleted':
      return `deleted the ${type}`
    default:
      return entry.fields.length > 0 ? `changed ${describeFields(entry.fields)} on` : `updated the ${type}`
  }
}

/** What an inbox item is, after the actor's name. */
export function inboxVerb(item: InboxItem): string {
  switch (item.kind) {
    case 'mention':
      return 'mentioned you on'
    case 'assigned':
      return 'assigned you a task on'
    case 'comment-on-followed':
      return 'commented on'
    case 'change-on-followed':
      return item.change ? feedVerb(item.change) : 'changed'
  }
}

/** The record's name for a sentence (the entry's own title for records, else the looked-up name). */
export function targetTitle(titles: ReadonlyMap<string, string>, target: FeedTarget | null, fallback: string): string {
  if (target === null) return fallback
  return titles.get(targetKey(target)) ?? `an unknown ${TYPE_WORDS[target.type]}`
}
