import { useEffect, useState } from 'react'
import type { Activity, ActivityKind, Member } from '@core/schema'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { showUndoToast } from '../../app/undoRegistry'
import { useCurrentMemberId, useMembers } from '../../data/crmHooks'
import { useData } from '../../data/dataContext'
import { useRxQueryResult } from '../../data/hooks'
import type { ActivityCollection } from '../../data/database'
import { deleteSyncedDocs, patchSyncedDoc, restoreSyncedDocs } from '../../data/syncedWrites'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { isOverdue } from './ActivityDraft'
import { ActivityIcon } from './ActivityIcon'
import { assigneeName } from '../tasks/assignees'
import { DealLink } from '../tasks/DealLink'
import { formatDue } from '../tasks/taskFormat'
import { memberName } from '../feed/feedDisplay'
import { MentionText } from '../feed/MentionText'

const KIND_LABELS: Record<ActivityKind, string> = { note: 'Note', task: 'Task', call: 'Call', meeting: 'Meeting', comment: 'Comment' }
const KIND_TONES: Record<ActivityKind, string> = {
  note: 'bg-amber-50 text-amber-700 ring-amber-200',
  task: 'bg-sky-50 text-sky-700 ring-sky-200',
  call: 'bg-emerald-50 text-emerald-700 ring-emerald-200',
  meeting: 'bg-violet-50 text-violet-700 ring-violet-200',
  comment: 'bg-slate-50 text-slate-700 ring-slate-200',
}
const MINUTE = 60_000
const DAY = 86_400_000

/** Re-renders every minute so "5 minutes ago" and "overdue" stay true while the page is open. */
function useNow(intervalMs = MINUTE): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs])
  return now
}

const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })

export function relativeTime(timestamp: number, now: number): string {
  const diff = timestamp - now
  const abs = Math.abs(diff)
  if (abs < MINUTE) return 'just now'
  if (abs < 60 * MINUTE) return relativeFormat.format(Math.round(diff / MINUTE), 'minute')
  if (abs < DAY) return relativeFormat.format(Math.round(diff / (60 * MINUTE)), 'hour')
  if (abs < 30 * DAY) return relativeFormat.format(Math.round(diff / DAY), 'day')
  return new Date(timestamp).toLocaleDateString(undefined, { dateStyle: 'medium' })
}

/** A contact's notes, tasks, calls and meetings, newest first (index [contactId, occurredAt]). */
export function ActivityTimeline({ contactId }: { contactId: string }) {
  const { db } = useData()
  const activities = useRxQueryResult<Activity>(
    () => db.activities.find({ selector: { contactId }, sort: [{ occurredAt: 'desc' }] }),
    [db, contactId],
  )
  const now = useNow()
  const [deleting, setDeleting] = useState<Activity | null>(null)
  const dispatch = useAppDispatch()
  const members = useMembers()
  const me = useCurrentMemberId()

  const toggleDone = (activity: Activity) => toggleTaskDone(db.activities, activity)

  const remove = async (activity: Activity) => {
    setDeleting(null)
    try {
      const before = await deleteSyncedDocs<Activity>(db.activities, [activity.id])
      showUndoToast(dispatch, `Deleted ${KIND_LABELS[activity.kind].toLowerCase()}`, () => restoreSyncedDocs(db.activities, before))
    } catch (error) {
      dispatch(toastShown({ message: `Could not delete: ${String(error)}`, tone: 'error' }))
    }
  }

  if (activities === undefined) return <p className="px-1 py-4 text-sm text-slate-500">Loading activity…</p>
  if (activities.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 px-4 py-8 text-center text-sm text-slate-600">
        No activity yet — add a note, task or call above.
      </p>
    )
  }
  return (
    <>
      <ol aria-label="Activity timeline" className="relative flex flex-col">
        {activities.map((activity, index) => (
          <TimelineItem
            key={activity.id}
            activity={activity}
            now={now}
            assignee={activity.kind === 'task' ? assigneeName(activity.assigneeId, members, me) : null}
            members={members}
            me={me}
            last={index === activities.length - 1}
            onToggleDone={() => void toggleDone(activity)}
            onDelete={() => setDeleting(activity)}
          />
        ))}
      </ol>
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete this ${deleting ? KIND_LABELS[deleting.kind].toLowerCase() : 'activity'}?`}
        message="It is removed from the timeline. You can undo right after."
        confirmLabel="Delete"
        onConfirm={() => deleting && void remove(deleting)}
        onCancel={() => setDeleting(null)}
      />
    </>
  )
}

interface TimelineItemProps {
  activity: Activity
  now: number
  /** Tasks: who does it (null: unassigned). */
  assignee: string | null
  /** Comments: their author's name and highlighted @mentions. */
  members: Member[] | undefined
  me: string | null
  last: boolean
  onToggleDone: () => void
  onDelete: () => void
}

function TimelineItem({ activity, now, assignee, members, me, last, onToggleDone, onDelete }: TimelineItemProps) {
  const overdue = isOverdue(activity, now)
  const comment = activity.kind === 'comment'
  const title = comment ? memberName(members, activity.authorId ?? null, me) : activity.subject || (activity.kind === 'note' ? '' : KIND_LABELS[activity.kind])
  const label = KIND_LABELS[activity.kind]
  return (
    <li className="group relative flex gap-3 pb-4">
      {last ? null : <span aria-hidden className="absolute top-8 bottom-0 left-[15px] w-px bg-slate-200" />}
      <span aria-hidden className={`relative z-10 grid h-8 w-8 shrink-0 place-items-center rounded-full ring-1 ring-inset ${KIND_TONES[activity.kind]}`}>
        <ActivityIcon kind={activity.kind} className="h-4 w-4" />
      </span>
      <article aria-label={title ? `${label}: ${title}` : label} className="min-w-0 flex-1 rounded-lg border border-slate-200 bg-white px-3 py-2">
        <div className="flex items-start gap-2">
          {activity.kind === 'task' ? (
            <input
              type="checkbox"
              checked={activity.done === true}
              onChange={onToggleDone}
              aria-label={activity.done ? `Reopen task ${title}` : `Mark task ${title} done`}
              className="mt-0.5 h-4 w-4 shrink-0 cursor-pointer rounded border-slate-300 accent-accent-600"
            />
          ) : null}
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-baseline gap-x-2 text-sm">
              {title ? (
                <span className={`font-medium ${activity.done ? 'text-slate-500 line-through' : 'text-slate-900'}`}>{title}</span>
              ) : (
                <span className="font-medium text-slate-900">{label}</span>
              )}
              <time dateTime={new Date(activity.occurredAt).toISOString()} title={new Date(activity.occurredAt).toLocaleString()} className="text-xs text-slate-500">
                {title && activity.kind !== 'task' ? `${label} · ` : ''}
                {relativeTime(activity.occurredAt, now)}
              </time>
            </div>
            {activity.kind === 'task' && (activity.dueAt !== undefined || activity.done || assignee || activity.dealId) ? (
              <p className="mt-0.5 flex flex-wrap gap-x-2 text-xs text-slate-500">
                {activity.done && activity.doneAt !== undefined ? (
                  <span>Done {relativeTime(activity.doneAt, now)}</span>
                ) : activity.dueAt !== undefined ? (
                  <span className={overdue ? 'font-medium text-red-600' : undefined}>{formatDue(activity.dueAt, now)}</span>
                ) : null}
                {assignee ? <span>Assigned to {assignee}</span> : null}
                {activity.dealId ? <DealLink dealId={activity.dealId} /> : null}
              </p>
            ) : null}
            {(activity.kind === 'call' || activity.kind === 'meeting') && activity.durationMinutes !== undefined ? (
              <p className="mt-0.5 text-xs text-slate-500">{formatDuration(activity.durationMinutes)}</p>
            ) : null}
            {activity.body ? (
              <p className="mt-1 text-sm leading-relaxed break-words whitespace-pre-wrap text-slate-700">
                {comment ? <MentionText body={activity.body} members={members ?? []} me={me} /> : activity.body}
              </p>
            ) : null}
          </div>
          {/* Only its author deletes a comment (the sync server undoes anyone else's). */}
          {comment && activity.authorId !== undefined && activity.authorId !== me ? null : (
            <button
              type="button"
              onClick={onDelete}
              aria-label={`Delete ${label.toLowerCase()}${title ? ` ${title}` : ''}`}
              className="shrink-0 rounded p-1 text-slate-400 opacity-0 group-focus-within:opacity-100 group-hover:opacity-100 hover:bg-red-50 hover:text-red-600 focus-visible:opacity-100"
            >
              <svg aria-hidden viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" className="h-4 w-4">
                <path d="M3 6h18" />
                <path d="M8 6V4h8v2" />
                <path d="M19 6l-1 14H6L5 6" />
              </svg>
            </button>
          )}
        </div>
      </article>
    </li>
  )
}

/** Completing stamps when; reopening clears it. */
async function toggleTaskDone(activities: ActivityCollection, activity: Activity): Promise<void> {
  if (activity.done) await patchSyncedDoc<Activity>(activities, activity.id, { done: false }, ['doneAt'])
  else await patchSyncedDoc<Activity>(activities, activity.id, { done: true, doneAt: Date.now() })
}

function formatDuration(minutes: number): string {
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  return rest ? `${hours} h ${rest} min` : `${hours} h`
}
