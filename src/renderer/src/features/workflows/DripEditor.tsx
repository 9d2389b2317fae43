import type { Workflow } from '@core/schema'

/** The drip sequence editor (a list of emails with delays). Minimal first version; grows in place. */
export function DripEditor({ workflow }: { workflow: Workflow }) {
  return (
    <section aria-label="Drip sequence" className="p-6 text-sm text-slate-600">
      {workflow.name}: {workflow.graph.steps.filter((s) => s.type === 'send_email').length} emails
    </section>
  )
}
