import { useMemo, useState } from 'react'
import type { RxDocument, RxQuery } from 'rxdb'
import { feedEntries, type FeedCollection, type FeedDoc, type FeedEntry } from '@core/feed/feed'
import type { Member } from '@core/schema'
import { routePath } from '../../app/router'
import { useNow } from '../../app/useNow'
import { useCurrentMemberId, useMembers } from '../../data/crmHooks'
import { useData } from '../../data/dataContext'
import type { OutpostDatabase } from '../../data/database'
import { useRxQueryResult } from '../../data/hooks'
import { Button } from '../../ui/Button'
import { EmptyState } from '../../ui/EmptyState'
import { inputClass } from '../../ui/Field'
import { ListPageHeader } from '../../ui/ListPageHeader'
import { SegmentedControl } from '../../ui/SegmentedControl'
import { relativeTime } from '../contacts/ActivityTimeline'
import { feedVerb, memberName, targetRoute, targetTitle, useTargetTitles } from './feedDisplay'
import { MentionText } from './MentionText'

type TypeFilter = 'all' | FeedCollection

const TYPE_OPTIONS: { id: TypeFilter; label: string }[] = [
  { id: 'all', label: 'All' },
  { id: 'contacts', label: 'Contacts' },
  { id: 'companies', label: 'Companies' },
  { id: 'deals', label: 'Deals' },
  { id: 'activities', label: 'Comments & tasks' },
]
const PAGE = 100
const NO_DOCS: FeedDoc[] = []

/**
 * The most recently changed documents of one collection (index on updatedAt, then a limit), so the
 * feed reads a page, not the workspace: 100,000 contacts cost the same as 100.
 */
function useRecentDocs(db: OutpostDatabase, collection: FeedCollection, enabled: boolean, memberId: string, limit: number): FeedDoc[] | undefined {
  const docs = useRxQueryResult<FeedDoc>(
    () =>
      (enabled
        ? db[collection].find({ selector: memberId ? { updatedBy: memberId } : {}, sort: [{ updatedAt: 'desc' }], limit })
        : db[collection].find({ selector: { id: '' }, limit: 1 })) as unknown as RxQuery<FeedDoc, RxDocument<FeedDoc>[]>,
    [db, collection, enabled, memberId, limit],
  )
  return enabled ? docs : NO_DOCS
}

/** Who changed what across contacts, companies, deals and activities, newest first. */
export function TeamFeedPage() {
  const { db } = useData()
  const members = useMembers()
  const me = useCurrentMemberId()
  const now = useNow()
  const [type, setType] = useState<TypeFilter>('all')
  const [memberId, setMemberId] = useState('')
  const [limit, setLimit] = useState(PAGE)
  const wants = (collection: FeedCollection) => type === 'all' || type === collection
  const contacts = useRecentDocs(db, 'contacts', wants('contacts'), memberId, limit)
  const companies = useRecentDocs(db, 'companies', wants('companies'), memberId, limit)
  const deals = useRecentDocs(db, 'deals', wants('deals'), memberId, limit)
  const activities = useRecentDocs(db, 'activities', wants('activities'), memberId, limit)
  const loading = contacts === undefined || companies === undefined || deals === undefined || activities === undefined

  const entries = useMemo(
    () => (loading ? [] : feedEntries({ contacts, companies, deals, activities }, members ?? [], { limit, ...(memberId ? { actorId: memberId } : {}) })),
    [loading, contacts, companies, deals, activities, members, limit, memberId],
  )
  const targets = useMemo(() => entries.map((entry) => entry.target), [entries])
  const titles = useTargetTitles(targets)
  const days = useMemo(() => groupByDay(entries, now), [entries, now])
  // Each collection gave `limit` documents at most: a full page means there may be more.
  const mayHaveMore = [contacts, companies, deals, activities].some((docs) => (docs?.length ?? 0) >= limit)

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ListPageHeader title="Team activity" count={undefined}>
        <SegmentedControl<TypeFilter>
          label="Record type"
          value={type}
          onChange={(next) => {
            setType(next)
            setLimit(PAGE)
          }}
          options={TYPE_OPTIONS}
        />
        <select
          aria-label="Member"
          value={memberId}
          onChange={(event) => {
            setMemberId(event.target.value)
            setLimit(PAGE)
          }}
          className={`${inputClass} w-44`}
        >
          <option value="">Everyone</option>
          {(members ?? []).map((member) => (
            <option key={member.id} value={member.id}>
              {member.id === me ? `${member.name.trim() || member.email} (you)` : member.name.trim() || member.email}
            </option>
          ))}
        </select>
      </ListPageHeader>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {loading ? (
          <p className="px-6 py-8 text-sm text-slate-500">Loading recent changes…</p>
        ) : entries.length === 0 ? (
          <EmptyState title={memberId || type !== 'all' ? 'No changes match' : 'No activity yet'}>
            {memberId || type !== 'all'
              ? 'Try another member or record type.'
              : 'Changes to contacts, companies and deals, comments and tasks — yours and your teammates’ once synced — appear here.'}
          </EmptyState>
        ) : (
          <div className="mx-auto flex max-w-3xl flex-col gap-6 px-6 py-6">
            {days.map((day) => (
              <section key={day.label} aria-label={day.label}>
                <h2 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">{day.label}</h2>
                <ol className="flex flex-col divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
                  {day.entries.map((entry) => (
                    <FeedRow key={entry.id} entry={entry} members={members} me={me} title={entry.collection === 'activities' ? targetTitle(titles, entry.target, 'no record') : entry.title} now={now} />
                  ))}
                </ol>
              </section>
            ))}
            {mayHaveMore ? (
              <div className="flex justify-center">
                <Button onClick={() => setLimit((current) => current + PAGE)}>Show older changes</Button>
              </div>
            ) : null}
          </div>
        )}
      </div>
    </div>
  )
}

function FeedRow({ entry, members, me, title, now }: { entry: FeedEntry; members: Member[] | undefined; me: string | null; title: string; now: number }) {
  const actor = memberName(members, entry.actorId, me)
  const initials = actor === 'Someone' ? '?' : actor.replace(/[^\p{L}\p{N} ]/gu, '').split(/\s+/).filter(Boolean).slice(0, 2).map((word) => word[0]?.toUpperCase()).join('') || '?'
  const link = entry.target && entry.action !== 'deleted' ? routePath(targetRoute(entry.target)) : null
  return (
    <li className="flex items-start gap-3 px-4 py-3">
      <span aria-hidden className="grid h-7 w-7 shrink-0 place-items-center rounded-full bg-slate-100 text-[11px] font-semibold text-slate-600">
        {initials}
      </span>
      <div className="min-w-0 flex-1">
        <p className="text-sm text-slate-800">
          <span className="font-medium text-slate-900">{actor}</span> {feedVerb(entry)}{' '}
          {link ? (
            <a href={link} className="font-medium text-accent-700 hover:underline">
              {title}
            </a>
          ) : (
            <span className="font-medium">{title}</span>
          )}
        </p>
        {entry.action === 'commented' ? (
          <p className="mt-0.5 line-clamp-2 text-sm text-slate-600">
            <MentionText body={entry.title} members={members ?? []} me={me} />
          </p>
        ) : null}
      </div>
      <time dateTime={new Date(entry.at).toISOString()} title={new Date(entry.at).toLocaleString()} className="shrink-0 text-xs text-slate-500">
        {relativeTime(entry.at, now)}
      </time>
    </li>
  )
}

function groupByDay(entries: readonly FeedEntry[], now: number): { label: string; entries: FeedEntry[] }[] {
  const today = new Date(now)
  today.setHours(0, 0, 0, 0)
  const startOfToday = today.getTime()
  const groups: { label: string; entries: FeedEntry[] }[] = []
  for (const entry of entries) {
    const label =
      entry.at >= startOfToday
        ? 'Today'
        : entry.at >= startOfToday - 86_400_000
          ? 'Yesterday'
          : new Date(entry.at).toLocaleDateString(undefined, { weekday: 'long', month: 'long', day: 'numeric' })
    const last = groups.at(-1)
    if (last && last.label === label) last.entries.push(entry)
    else groups.push({ label, entries: [entry] })
  }
  return groups
}
