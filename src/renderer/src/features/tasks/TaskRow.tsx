import { forwardRef } from 'react'
import type { Activity } from '@core/schema'
import { isOverdue } from '../contacts/ActivityDraft'
import { relativeTime } from '../contacts/ActivityTimeline'
import { routePath } from '../../app/router'
import { formatDue } from './taskFormat'
import type { LinkedRecord } from './useLinkedRecords'

const LINK_PREFIX: Record<LinkedRecord['type'], string> = { deal: 'Deal', contact: 'Contact', company: 'Company' }

export interface TaskRowProps {
  task: Activity
  now: number
  /** Who does it; null: unassigned (not shown while local only). */
  assignee: string | null
  links: LinkedRecord[]
  /** The row the arrow keys are on: the one tab stop of the list. */
  active: boolean
  /** Hide the link to the record the list is already on (LinkedTasks). */
  hideLinkType?: LinkedRecord['type']
  onToggle: () => void
  onEdit: () => void
  onFocus: () => void
}

/** One task: check box, subject, due time, linked records and assignee, Edit on hover or focus. */
export const TaskRow = forwardRef<HTMLLIElement, TaskRowProps>(function TaskRow(
  { task, now, assignee, links, active, hideLinkType, onToggle, onEdit, onFocus },
  ref,
) {
  const done = task.done === true
  const overdue = isOverdue(task, now)
  const title = task.subject || 'Untitled task'
  const shownLinks = links.filter((link) => link.type !== hideLinkType)
  return (
    <li
      ref={ref}
      tabIndex={active ? 0 : -1}
      onFocus={onFocus}
      aria-label={`${title}${done ? ', done' : ''}`}
      data-task-id={task.id}
      className="group flex items-start gap-3 border-b border-slate-100 px-4 py-2.5 last:border-b-0 hover:bg-slate-50 focus:bg-accent-50/60 focus:outline-none"
    >
      <input
        type="checkbox"
        checked={done}
        onChange={onToggle}
        tabIndex={-1}
        aria-label={done ? `Reopen task ${title}` : `Mark task ${title} done`}
        className="mt-0.5 h-4 w-4 shrink-0 cursor-pointer rounded border-slate-300 accent-accent-600"
      />
      <div className="min-w-0 flex-1">
        <p className={`truncate text-sm font-medium ${done ? 'text-slate-500 line-through' : 'text-slate-900'}`}>{title}</p>
        <p className="mt-0.5 flex flex-wrap items-baseline gap-x-3 gap-y-0.5 text-xs text-slate-500">
          {done && task.doneAt !== undefined ? (
            <span>Done {relativeTime(task.doneAt, now)}</span>
          ) : task.dueAt !== undefined ? (
            <span className={overdue ? 'font-medium text-red-600' : undefined}>{formatDue(task.dueAt, now, done)}</span>
          ) : null}
          {shownLinks.map((link) => (
            <a
              key={link.type}
              href={routePath(link.route)}
              tabIndex={-1}
              className="max-w-[16rem] truncate text-accent-700 hover:underline"
              title={`${LINK_PREFIX[link.type]}: ${link.label}`}
            >
              {link.type === 'contact' ? link.label : `${LINK_PREFIX[link.type]}: ${link.label}`}
            </a>
          ))}
          {assignee ? <span>Assigned to {assignee}</span> : null}
        </p>
        {task.body ? <p className="mt-1 line-clamp-2 text-xs text-slate-600">{task.body}</p> : null}
      </div>
      <button
        type="button"
        tabIndex={-1}
        onClick={onEdit}
        aria-label={`Edit task ${title}`}
        className="shrink-0 rounded px-2 py-0.5 text-xs font-medium text-slate-500 opacity-0 group-hover:opacity-100 group-focus:opacity-100 hover:bg-slate-200 hover:text-slate-800"
      >
        Edit
      </button>
    </li>
  )
})
