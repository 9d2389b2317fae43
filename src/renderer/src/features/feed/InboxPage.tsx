import { useMemo, useState } from 'react'
import { markAllRead, markRead, type InboxItem } from '@core/feed/inbox'
import type { Member } from '@core/schema'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { navigate, routePath } from '../../app/router'
import { useNow } from '../../app/useNow'
import { useMembers } from '../../data/crmHooks'
import { useData } from '../../data/dataContext'
import { Button } from '../../ui/Button'
import { EmptyState } from '../../ui/EmptyState'
import { ListPageHeader } from '../../ui/ListPageHeader'
import { SegmentedControl } from '../../ui/SegmentedControl'
import { relativeTime } from '../contacts/ActivityTimeline'
import { inboxVerb, memberName, targetKey, targetRoute, targetTitle, useTargetTitles } from './feedDisplay'
import { saveInboxReadState } from './feedWrites'
import { useInbox } from './inboxSource'
import { MentionText } from './MentionText'

type InboxFilter = 'all' | 'unread'

const KIND_LABELS: Record<InboxItem['kind'], string> = {
  mention: 'Mention',
  assigned: 'Task',
  'comment-on-followed': 'Comment',
  'change-on-followed': 'Change',
}
const KIND_TONES: Record<InboxItem['kind'], string> = {
  mention: 'bg-amber-50 text-amber-800 ring-amber-200',
  assigned: 'bg-sky-50 text-sky-700 ring-sky-200',
  'comment-on-followed': 'bg-slate-50 text-slate-700 ring-slate-200',
  'change-on-followed': 'bg-emerald-50 text-emerald-700 ring-emerald-200',
}

/** Mentions, tasks assigned to me and news on records I follow; opening one marks it read. */
export function InboxPage() {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const inbox = useInbox()
  const members = useMembers()
  const now = useNow()
  const [filter, setFilter] = useState<InboxFilter>('all')
  const targets = useMemo(() => inbox.items.map((item) => item.target), [inbox.items])
  const titles = useTargetTitles(targets)
  const shown = filter === 'unread' ? inbox.items.filter((item) => item.unread) : inbox.items

  const save = async (next: ReturnType<typeof markRead>) => {
    if (inbox.memberId === null) return
    try {
      await saveInboxReadState(db, inbox.memberId, next)
    } catch (error) {
      dispatch(toastShown({ message: `Could not save what you read: ${String(error)}`, tone: 'error' }))
    }
  }

  const open = (item: InboxItem) => {
    if (item.unread) void save(markRead(inbox.readState, inbox.items, [item.id]))
    navigate(targetRoute(item.target))
  }

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ListPageHeader title="Inbox" count={inbox.memberId === null ? undefined : inbox.unread}>
        {inbox.items.length > 0 ? (
          <>
            <SegmentedControl<InboxFilter>
              label="Show"
              value={filter}
              onChange={setFilter}
              options={[
                { id: 'all', label: 'All' },
                { id: 'unread', label: 'Unread', badge: inbox.unread > 0 ? inbox.unread : undefined },
              ]}
            />
            <Button disabled={inbox.unread === 0} onClick={() => void save(markAllRead(inbox.readState, inbox.items))}>
              Mark all read
            </Button>
          </>
        ) : null}
      </ListPageHeader>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {inbox.memberId === null ? (
          <EmptyState title="Your inbox fills in once you sync" action={<a className="text-sm font-medium text-accent-700 hover:underline" href={routePath({ name: 'settings', section: 'sync' })}>Open Settings → Sync</a>}>
            Sign up or log in to a workspace: teammates can then @mention you, assign you tasks, and you can follow records.
          </EmptyState>
        ) : !inbox.ready ? (
          <p className="px-6 py-8 text-sm text-slate-500">Loading your inbox…</p>
        ) : shown.length === 0 ? (
          <EmptyState title={filter === 'unread' && inbox.items.length > 0 ? 'All caught up' : 'Nothing here yet'}>
            {filter === 'unread' && inbox.items.length > 0
              ? 'You have read everything.'
              : 'When a teammate @mentions you, assigns you a task, or comments on or changes a record you follow, it shows up here — also when it arrives by sync later.'}
          </EmptyState>
        ) : (
          <ul aria-label="Inbox items" className="mx-auto flex max-w-3xl flex-col gap-2 px-6 py-6">
            {shown.map((item) => (
              <InboxRow key={item.id} item={item} members={members} me={inbox.memberId} title={targetTitle(titles, item.target, '')} now={now} onOpen={() => open(item)} />
            ))}
          </ul>
        )}
      </div>
    </div>
  )
}

function InboxRow({ item, members, me, title, now, onOpen }: { item: InboxItem; members: Member[] | undefined; me: string | null; title: string; now: number; onOpen: () => void }) {
  const actor = memberName(members, item.actorId, null)
  return (
    <li>
      <button
        type="button"
        onClick={onOpen}
        aria-label={`${item.unread ? 'Unread: ' : ''}${actor} ${inboxVerb(item)} ${title}`}
        data-unread={item.unread || undefined}
        data-target={targetKey(item.target)}
        className={`flex w-full items-start gap-3 rounded-lg border px-4 py-3 text-left transition-colors hover:border-slate-300 hover:bg-slate-50 ${
          item.unread ? 'border-accent-100 bg-accent-50/40' : 'border-slate-200 bg-white'
        }`}
      >
        <span aria-hidden className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${item.unread ? 'bg-accent-600' : 'bg-transparent'}`} />
        <span className="min-w-0 flex-1">
          <span className="flex flex-wrap items-baseline gap-x-2">
            <span className={`text-sm ${item.unread ? 'font-semibold text-slate-900' : 'text-slate-800'}`}>
              {actor} {inboxVerb(item)} <span className="text-accent-700">{title}</span>
            </span>
            <span className={`rounded px-1.5 py-0.5 text-[11px] font-medium ring-1 ring-inset ${KIND_TONES[item.kind]}`}>{KIND_LABELS[item.kind]}</span>
            <time dateTime={new Date(item.at).toISOString()} title={new Date(item.at).toLocaleString()} className="ml-auto text-xs text-slate-500">
              {relativeTime(item.at, now)}
            </time>
          </span>
          {item.text && item.kind !== 'change-on-followed' ? (
            <span className="mt-1 line-clamp-2 block text-sm text-slate-600">
              <MentionText body={item.text} members={members ?? []} me={me} />
            </span>
          ) : null}
        </span>
      </button>
    </li>
  )
}
