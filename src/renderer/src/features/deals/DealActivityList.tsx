import type { RxDocument, RxQuery } from 'rxdb'
import type { Activity, ActivityKind } from '@core/schema'
import { useNow } from '../../app/useNow'
import { useMembers } from '../../data/crmHooks'
import { useData } from '../../data/dataContext'
import { useRxQueryResult } from '../../data/hooks'

const KIND_LABELS: Record<ActivityKind, string> = { note: 'Note', task: 'Task', call: 'Call', meeting: 'Meeting', comment: 'Comment' }
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })

function ago(at: number, now: number): string {
  const minutes = Math.round((at - now) / 60_000)
  if (Math.abs(minutes) < 1) return 'just now'
  if (Math.abs(minutes) < 60) return relative.format(minutes, 'minute')
  const hours = Math.round(minutes / 60)
  if (Math.abs(hours) < 24) return relative.format(hours, 'hour')
  const days = Math.round(hours / 24)
  if (Math.abs(days) < 30) return relative.format(days, 'day')
  return new Date(at).toLocaleDateString(undefined, { dateStyle: 'medium' })
}

/**
 * Comments, notes, calls and meetings about one deal, newest first (tasks have their own card).
 * Read through the [contactId, occurredAt] index, since deal ids are not indexed.
 */
export function DealActivityList({ dealId, contactId }: { dealId: string; contactId: string }) {
  const { db } = useData()
  const now = useNow()
  const members = useMembers()
  const activities = useRxQueryResult<Activity>(
    () =>
      db.activities.find({ selector: { contactId, dealId }, sort: [{ occurredAt: 'desc' }] }) as unknown as RxQuery<Activity, RxDocument<Activity>[]>,
    [db, contactId, dealId],
  )
  const shown = (activities ?? []).filter((activity) => activity.kind !== 'task')
  const author = (id: string | undefined) => (id ? (members?.find((member) => member.id === id)?.name ?? 'A former member') : '')

  return (
    <section aria-labelledby="deal-activity-heading" className="rounded-lg border border-slate-200">
      <h2 id="deal-activity-heading" className="border-b border-slate-100 px-4 py-2.5 text-sm font-semibold text-slate-900">
        Comments and activity
      </h2>
      {activities === undefined ? (
        <p className="px-4 py-4 text-sm text-slate-500">Loading…</p>
      ) : shown.length === 0 ? (
        <p className="px-4 py-6 text-sm text-slate-600">Nothing yet. Comments, notes and calls about this deal show here.</p>
      ) : (
        <ol aria-label="Deal activity" className="divide-y divide-slate-100">
          {shown.map((activity) => (
            <li key={activity.id} className="px-4 py-3 text-sm">
              <p className="flex flex-wrap items-baseline gap-x-2 text-xs text-slate-500">
                <span className="font-medium text-slate-700">{KIND_LABELS[activity.kind]}</span>
                {author(activity.authorId) ? <span>{author(activity.authorId)}</span> : null}
                <time dateTime={new Date(activity.occurredAt).toISOString()}>{ago(activity.occurredAt, now)}</time>
              </p>
              {activity.subject ? <p className="mt-1 font-medium text-slate-900">{activity.subject}</p> : null}
              {activity.body ? <p className="mt-0.5 whitespace-pre-wrap text-slate-700">{activity.body}</p> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
