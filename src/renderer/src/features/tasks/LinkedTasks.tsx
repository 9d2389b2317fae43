import { useMemo, useState } from 'react'
import type { Activity } from '@core/schema'
import { groupTasks, startOfLocalDay } from '@core/tasks/taskGroups'
import { useNow } from '../../app/useNow'
import { Button } from '../../ui/Button'
import { TaskFormDialog, type TaskLinkTarget } from './TaskFormDialog'
import { TaskList } from './TaskList'
import { useTasks } from './useTasks'

/** Whether a task belongs to the record: the most specific id given decides (a deal page shows the deal's tasks). */
export function isLinkedTo(task: Pick<Activity, 'contactId' | 'companyId' | 'dealId'>, link: TaskLinkTarget): boolean {
  if (link.dealId) return task.dealId === link.dealId
  if (link.contactId) return task.contactId === link.contactId
  if (link.companyId) return task.companyId === link.companyId
  return false
}

/** A record's open tasks (done ones folded) with "Add task", prefilled with the record. */
export function LinkedTasks({ link }: { link: TaskLinkTarget }) {
  const tasks = useTasks()
  const now = useNow(30_000)
  const [dialog, setDialog] = useState<{ task: Activity | null } | null>(null)
  const { dealId, contactId, companyId } = link
  const groups = useMemo(() => {
    const mine = (tasks ?? []).filter((task) => isLinkedTo(task, { dealId, contactId, companyId }))
    return groupTasks(mine, now, startOfLocalDay)
  }, [tasks, dealId, contactId, companyId, now])
  const open = [...groups.overdue, ...groups.today, ...groups.upcoming, ...groups.noDueDate]
  const hideLinkType = dealId ? 'deal' : contactId ? 'contact' : 'company'

  return (
    <section aria-label="Tasks" className="flex flex-col gap-2">
      <div className="flex items-center justify-between">
        <h2 className="text-sm font-semibold text-slate-900">Tasks</h2>
        <Button size="sm" onClick={() => setDialog({ task: null })}>
          Add task
        </Button>
      </div>
      {tasks === undefined ? (
        <p className="text-sm text-slate-500">Loading tasks…</p>
      ) : open.length === 0 && groups.done.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 px-4 py-4 text-center text-sm text-slate-600">No tasks yet. Add one to get a reminder when it is due.</p>
      ) : (
        <TaskList
          now={now}
          hideLinkType={hideLinkType}
          onEdit={(task) => setDialog({ task })}
          sections={[
            { id: 'open', title: 'Open', tasks: open },
            { id: 'done', title: 'Done', tasks: groups.done, collapsible: true },
          ]}
          emptySection={(section) => (section.id === 'open' ? <p className="px-1 text-sm text-slate-500">Nothing open.</p> : null)}
        />
      )}
      <TaskFormDialog open={dialog !== null} onOpenChange={(next) => !next && setDialog(null)} task={dialog?.task ?? null} initialLink={link} />
    </section>
  )
}
