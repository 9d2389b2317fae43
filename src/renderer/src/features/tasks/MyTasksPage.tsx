import { useEffect, useMemo, useState } from 'react'
import type { Activity } from '@core/schema'
import { groupTasks, isAssignedTo, startOfLocalDay } from '@core/tasks/taskGroups'
import { useNow } from '../../app/useNow'
import { useCurrentMemberId } from '../../data/crmHooks'
import { Button } from '../../ui/Button'
import { EmptyState } from '../../ui/EmptyState'
import { Kbd } from '../../ui/Kbd'
import { SegmentedControl } from '../../ui/SegmentedControl'
import { onNewTaskRequest, takeNewTaskRequest } from './newTaskRequests'
import { TaskFormDialog } from './TaskFormDialog'
import { TaskList, type TaskSection } from './TaskList'
import { useTasks } from './useTasks'

type Scope = 'mine' | 'all'

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
}

/** #/tasks: the signed-in member's tasks by when they are due; every task while local only. */
export function MyTasksPage() {
  const tasks = useTasks()
  const me = useCurrentMemberId()
  // Every 30 s: a timed task turns overdue close to its minute.
  const now = useNow(30_000)
  const [scope, setScope] = useState<Scope>('mine')
  const [dialog, setDialog] = useState<{ task: Activity | null } | null>(null)

  // "New task" from the palette or the menu lands here with the dialog open.
  useEffect(() => {
    const open = () => {
      if (takeNewTaskRequest()) setDialog({ task: null })
    }
    open()
    return onNewTaskRequest(open)
  }, [])

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'n' || event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target)) return
      if (document.querySelector('[role="dialog"]')) return
      event.preventDefault()
      setDialog({ task: null })
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])

  const localOnly = me === null
  const effectiveScope: Scope = localOnly ? 'all' : scope
  const groups = useMemo(() => {
    const shown = effectiveScope === 'mine' ? (tasks ?? []).filter((task) => isAssignedTo(task, me)) : (tasks ?? [])
    return groupTasks(shown, now, startOfLocalDay)
  }, [tasks, effectiveScope, me, now])
  const openCount = groups.overdue.length + groups.today.length + groups.upcoming.length + groups.noDueDate.length

  const sections: TaskSection[] = [
    { id: 'overdue', title: 'Overdue', tasks: groups.overdue, tone: 'danger' },
    { id: 'today', title: 'Today', tasks: groups.today },
    { id: 'upcoming', title: 'Upcoming', tasks: groups.upcoming },
    { id: 'no-due-date', title: 'No due date', tasks: groups.noDueDate },
    { id: 'done', title: 'Done', tasks: groups.done, collapsible: true },
  ]

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <header className="flex h-14 shrink-0 items-center gap-3 border-b border-slate-200 px-6">
        <h1 className="text-base font-semibold text-slate-900">My tasks</h1>
        {openCount > 0 ? <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600 tabular-nums">{openCount.toLocaleString()} open</span> : null}
        <div className="ml-auto flex items-center gap-3">
          {localOnly ? null : (
            <SegmentedControl<Scope>
              label="Whose tasks"
              value={scope}
              onChange={setScope}
              options={[
                { id: 'mine', label: 'Assigned to me' },
                { id: 'all', label: 'All' },
              ]}
            />
          )}
          <Button variant="primary" onClick={() => setDialog({ task: null })} aria-keyshortcuts="n">
            New task
            <span aria-hidden>
              <Kbd>N</Kbd>
            </span>
          </Button>
        </div>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto max-w-3xl px-6 py-5">
          {tasks === undefined ? (
            <p className="text-sm text-slate-500">Loading tasks…</p>
          ) : openCount === 0 && groups.done.length === 0 ? (
            <EmptyState
              title={effectiveScope === 'mine' && tasks.length > 0 ? 'Nothing assigned to you' : 'No tasks yet'}
              action={
                <Button variant="primary" onClick={() => setDialog({ task: null })}>
                  New task
                </Button>
              }
            >
              Add a task with a due date to get a reminder when it is due. Tasks added on a contact, company or deal show up here too.
            </EmptyState>
          ) : (
            <>
              {openCount === 0 ? <p className="mb-4 rounded-lg bg-emerald-50 px-4 py-3 text-sm text-emerald-800">All done. Nothing open{effectiveScope === 'mine' ? ' for you' : ''}.</p> : null}
              <TaskList sections={sections} now={now} onEdit={(task) => setDialog({ task })} />
              <p className="mt-6 text-xs text-slate-500">
                <Kbd>↑</Kbd> <Kbd>↓</Kbd> move · <Kbd>x</Kbd> done · <Kbd>Enter</Kbd> open record · <Kbd>e</Kbd> edit · <Kbd>n</Kbd> new task
              </p>
            </>
          )}
        </div>
      </div>
      <TaskFormDialog open={dialog !== null} onOpenChange={(open) => !open && setDialog(null)} task={dialog?.task ?? null} />
    </div>
  )
}
