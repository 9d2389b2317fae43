import type { RxDocument, RxQuery } from 'rxdb'
import { newId } from '@core/ids'
import type { Workflow, WorkflowKind, WorkflowSettings, WorkflowTrigger } from '@core/schema'
import { graphFromDrip } from '@core/workflows/drip'
import { newWorkflowGraph } from '@core/workflows/versions'
import type { OutpostDatabase } from '../../data/collections'
import { useData } from '../../data/dataContext'
import { useRxDocument, useRxQueryResult } from '../../data/hooks'
import { insertSyncedDoc } from '../../data/syncedWrites'

/** `#/workflows/new` opens the list with the New workflow dialog (ids are ULIDs, never this). */
export const NEW_WORKFLOW_ROUTE_ID = 'new'

/** Every workflow and drip, most recently changed first (undefined while loading). */
export function useWorkflows(): Workflow[] | undefined {
  const { db } = useData()
  return useRxQueryResult<Workflow>(
    () => db.workflows.find({ sort: [{ updatedAt: 'desc' }] }) as unknown as RxQuery<Workflow, RxDocument<Workflow>[]>,
    [db],
  )
}

export function useWorkflow(id: string): Workflow | null | undefined {
  const { db } = useData()
  return useRxDocument<Workflow>(() => db.workflows.findOne(id) as unknown as RxQuery<Workflow, RxDocument<Workflow> | null>, [db, id])
}

/** A new workflow leaves on unsubscribe and enrols each contact once: the safe defaults. */
export const DEFAULT_WORKFLOW_SETTINGS: WorkflowSettings = { reenrol: 'never', exitOnUnsubscribe: true }

export async function createWorkflow(db: OutpostDatabase, name: string, trigger: WorkflowTrigger): Promise<Workflow> {
  return insertWorkflow(db, name, 'workflow', newWorkflowGraph(trigger))
}

/** A drip starts empty and enrols by hand until its editor picks a trigger. */
export async function createDrip(db: OutpostDatabase, name: string): Promise<Workflow> {
  return insertWorkflow(db, name, 'drip', graphFromDrip([], { type: 'manual' }, () => newId()))
}

async function insertWorkflow(db: OutpostDatabase, name: string, kind: WorkflowKind, graph: Workflow['graph']): Promise<Workflow> {
  return insertSyncedDoc<Workflow>(db.workflows, {
    name: name.trim(),
    description: '',
    kind,
    status: 'draft',
    graph,
    settings: DEFAULT_WORKFLOW_SETTINGS,
  })
}
