import type { Workflow } from '@core/schema'

/** Where contacts are in a workflow (server-written stats). Minimal first version; grows in place. */
export function WorkflowRunsPanel({ workflow }: { workflow: Workflow }) {
  const stats = workflow.stats
  return (
    <section aria-label="Runs" className="p-4 text-sm text-slate-600">
      {stats ? `${stats.enrolled} enrolled, ${stats.active} active` : 'No contacts have entered yet.'}
    </section>
  )
}
