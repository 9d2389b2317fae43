import { navigate } from '../../app/router'
import { Button } from '../../ui/Button'
import { EmptyState } from '../../ui/EmptyState'
import { DripEditor } from './DripEditor'
import { NEW_WORKFLOW_ROUTE_ID, useWorkflow } from './useWorkflows'
import { WorkflowBuilder } from './WorkflowBuilder'
import { WorkflowsPage } from './WorkflowsPage'

/** `#/workflows/<id>`: the drip editor for drips, the visual builder for everything else. */
export function WorkflowPage({ id }: { id: string }) {
  // `#/workflows/new` (the palette's New workflow): the list with the new-workflow dialog open.
  if (id === NEW_WORKFLOW_ROUTE_ID) return <WorkflowsPage startCreating />
  return <ExistingWorkflowPage id={id} />
}

function ExistingWorkflowPage({ id }: { id: string }) {
  const workflow = useWorkflow(id)
  if (workflow === undefined) return <p className="px-6 py-4 text-sm text-slate-500">Loading…</p>
  if (workflow === null) {
    return (
      <EmptyState title="This automation was deleted or does not exist" action={<Button onClick={() => navigate({ name: 'workflows' })}>Back to automations</Button>}>
        It may have been deleted on this device or another one.
      </EmptyState>
    )
  }
  if (workflow.kind === 'drip') return <DripEditor key={workflow.id} workflow={workflow} />
  return <WorkflowBuilder key={workflow.id} workflow={workflow} />
}
