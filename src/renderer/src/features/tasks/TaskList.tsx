import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import type { Activity } from '@core/schema'
import { navigate } from '../../app/router'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { useCurrentMemberId, useMembers } from '../../data/crmHooks'
import { useData } from '../../data/dataContext'
import { assigneeName } from './assignees'
import { toggleTaskWithUndo } from './taskActions'
import { TaskRow } from './TaskRow'
import { useLinkedRecords, type LinkedRecord } from './useLinkedRecords'

export interface TaskSection {
  id: string
  title: string
  tasks: Activity[]
  /** Heading colour: red for overdue. */
  tone?: 'danger' | 'default'
  /** Shown folded with a button to unfold (Done). */
  collapsible?: boolean
}

export interface TaskListProps {
  sections: TaskSection[]
  now: number
  onEdit: (task: Activity) => void
  /** Leave out links to the record the list sits on. */
  hideLinkType?: LinkedRecord['type']
  /** Shown instead of a section's rows when it is empty; omitted: the section is hidden. */
  emptySection?: (section: TaskSection) => ReactNode
}

/**
 * Task sections with one keyboard model: arrows (Home/End) move between rows, x checks a task
 * off (Undo on the toast), Enter opens its record, e edits it.
 */
export function TaskList({ sections, now, onEdit, hideLinkType, emptySection }: TaskListProps) {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const me = useCurrentMemberId()
  const members = useMembers()
  const linksOf = useLinkedRecords()
  const [openSections, setOpenSections] = useState<ReadonlySet<string>>(new Set())
  const [activeId, setActiveId] = useState<string | null>(null)
  const rowRefs = useRef(new Map<string, HTMLLIElement>())
  const focusNext = useRef(false)

  const visible = sections.flatMap((section) => (section.collapsible && !openSections.has(section.id) ? [] : section.tasks))
  // Keep a tab stop when the active task leaves the list (checked off, filtered out).
  const active = visible.find((task) => task.id === activeId) ?? visible[0]

  useEffect(() => {
    if (!focusNext.current || !active) return
    focusNext.current = false
    rowRefs.current.get(active.id)?.focus()
  }, [active])

  const toggle = (task: Activity) => {
    toggleTaskWithUndo(dispatch, db.activities, task).catch((error: unknown) =>
      dispatch(toastShown({ message: `Could not update the task: ${String(error)}`, tone: 'error' })),
    )
  }

  const move = (index: number) => {
    const target = visible[Math.max(0, Math.min(visible.length - 1, index))]
    if (!target) return
    setActiveId(target.id)
    rowRefs.current.get(target.id)?.focus()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!(event.target instanceof HTMLLIElement) || event.metaKey || event.ctrlKey || event.altKey || !active) return
    const index = visible.indexOf(active)
    const key = event.key
    if (key === 'ArrowDown' || key === 'j') move(index + 1)
    else if (key === 'ArrowUp' || key === 'k') move(index - 1)
    else if (key === 'Home') move(0)
    else if (key === 'End') move(visible.length - 1)
    else if (key === 'x' || key === ' ') {
      // The row leaves its section when checked off: keep the keyboard on the list.
      const neighbour = visible[index + 1] ?? visible[index - 1]
      if (neighbour && active.done !== true) setActiveId(neighbour.id)
      focusNext.current = true
      toggle(active)
    } else if (key === 'Enter') {
      const target = linksOf(active).find((link) => link.type !== hideLinkType)
      if (target) navigate(target.route)
      else onEdit(active)
    } else if (key === 'e') onEdit(active)
    else return
    event.preventDefault()
  }

  return (
    <div onKeyDown={onKeyDown} className="flex flex-col gap-5">
      {sections.map((section) => {
        const folded = section.collapsible === true && !openSections.has(section.id)
        if (section.tasks.length === 0 && !emptySection) return null
        const headingId = `tasks-section-${section.id}`
        return (
          <section key={section.id} aria-labelledby={headingId}>
            <h2 id={headingId} className="mb-1.5 flex items-center gap-2 px-1 text-xs font-semibold tracking-wide uppercase">
              {section.collapsible ? (
                <button
                  type="button"
                  aria-expanded={!folded}
                  onClick={() =>
                    setOpenSections((current) => {
                      const next = new Set(current)
                      if (next.has(section.id)) next.delete(section.id)
                      else next.add(section.id)
                      return next
                    })
                  }
                  className="inline-flex items-center gap-1 rounded text-slate-500 uppercase hover:text-slate-800"
                >
                  <span aria-hidden className={`inline-block transition-transform ${folded ? '' : 'rotate-90'}`}>
                    ▸
                  </span>
                  {section.title}
                </button>
              ) : (
                <span className={section.tone === 'danger' ? 'text-red-600' : 'text-slate-500'}>{section.title}</span>
              )}
              <span className="rounded-full bg-slate-100 px-1.5 text-[11px] font-medium text-slate-600 tabular-nums">{section.tasks.length}</span>
            </h2>
            {folded ? null : section.tasks.length === 0 ? (
              emptySection?.(section)
            ) : (
              <ul aria-label={section.title} className="overflow-hidden rounded-lg border border-slate-200 bg-white">
                {section.tasks.map((task) => (
                  <TaskRow
                    key={task.id}
                    ref={(element) => {
                      if (element) rowRefs.current.set(task.id, element)
                      else rowRefs.current.delete(task.id)
                    }}
                    task={task}
                    now={now}
                    assignee={assigneeName(task.assigneeId, members, me)}
                    links={linksOf(task)}
                    active={task.id === active?.id}
                    hideLinkType={hideLinkType}
                    onToggle={() => toggle(task)}
                    onEdit={() => onEdit(task)}
                    onFocus={() => setActiveId(task.id)}
                  />
                ))}
              </ul>
            )}
          </section>
        )
      })}
    </div>
  )
}
