import { generateDemoWorkspace } from '@core/demo/demoWorkspace'
import { DEFAULT_PIPELINE_STAGES } from '@core/deals/pipeline'
import { canonicalSetting, isPipelineSetting, type CustomFieldDefinition, type Setting } from '@core/schema'
import type { SyncedDoc } from '@core/sync/syncedDoc'
import { actor } from '../../data/actor'
import type { OutpostDatabase } from '../../data/database'
import { deviceClock } from '../../data/deviceClock'

export interface DemoProgress {
  phase: 'companies' | 'contacts' | 'activities' | 'done'
  contactsInserted: number
  contactsTotal: number
}

export interface DemoLoadResult {
  contacts: number
  companies: number
  activities: number
  deals: number
  cancelled: boolean
}

/**
 * Writes a generated demo workspace in batches, reporting progress after each one and
 * stopping between batches when `signal` aborts (what was written stays: each batch is whole).
 */
export async function loadDemoData(
  db: OutpostDatabase,
  contactCount: number,
  onProgress: (progress: DemoProgress) => void,
  signal?: AbortSignal,
): Promise<DemoLoadResult> {
  const workspace = generateDemoWorkspace({ contacts: contactCount, now: Date.now(), nodeId: deviceClock.node })
  const result: DemoLoadResult = { contacts: 0, companies: 0, activities: 0, deals: 0, cancelled: false }
  const report = (phase: DemoProgress['phase']) => onProgress({ phase, contactsInserted: result.contacts, contactsTotal: contactCount })

  report('companies')
  const existingFields = (await db.settings.find({ selector: { kind: 'customField' } }).exec()).map(
    (doc) => (doc.toJSON() as CustomFieldDefinition).key,
  )
  // A second demo load must not define the same custom field twice.
  const newFields = workspace.settings.filter((setting) => !existingFields.includes(setting.key))
  await insertAll(db.settings.bulkInsert(newFields))
  // The deals go into a pipeline with the default stages when there is one (the deals screen's
  // first pipeline, or an earlier demo load's), so a second load does not add another.
  const pipelineId = (await defaultShapedPipeline(db)) ?? workspace.pipeline.id
  if (pipelineId === workspace.pipeline.id) await insertAll(db.settings.bulkInsert([workspace.pipeline]))
  const byMember = authoredBy(actor.memberId)
  result.companies = await insertAll(db.companies.bulkInsert(byMember(workspace.companies)))

  for (const batch of workspace.contactBatches) {
    if (signal?.aborted) return { ...result, cancelled: true }
    result.contacts += await insertAll(db.contacts.bulkInsert(byMember(batch)))
    result.deals += await insertAll(db.deals.bulkInsert(byMember(workspace.dealsFor(batch, pipelineId))))
    report('contacts')
    // Yield so the progress bar paints and input stays responsive between batches.
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
  if (signal?.aborted) return { ...result, cancelled: true }
  report('activities')
  result.activities = await insertAll(db.activities.bulkInsert(byMember(workspace.activities())))
  report('done')
  return result
}

/**
 * Names the signed-in member as the author, like every local write (syncedWrites), stamped like
 * the rest of the document; while local only the documents stay as generated.
 */
function authoredBy(memberId: string | null): <T extends SyncedDoc>(docs: T[]) => T[] {
  if (memberId === null) return (docs) => docs
  return (docs) => docs.map((doc) => ({ ...doc, updatedBy: memberId, _clock: { ...doc._clock, updatedBy: doc._clock._deleted ?? '' } }))
}

async function defaultShapedPipeline(db: OutpostDatabase): Promise<string | null> {
  const pipelines = (await db.settings.find({ selector: { kind: 'pipeline' } }).exec()).map((doc) => doc.toJSON() as Setting).filter(isPipelineSetting)
  const wanted = DEFAULT_PIPELINE_STAGES.map((stage) => stage.id)
  const fitting = pipelines.filter((pipeline) => wanted.every((id) => pipeline.stages.some((stage) => stage.id === id)))
  return canonicalSetting(fitting)?.id ?? null
}

async function insertAll(write: Promise<{ success: unknown[]; error: { status: number; documentId: string }[] }>): Promise<number> {
  const { success, error } = await write
  const first = error[0]
  if (first) throw new Error(`Could not save demo record ${first.documentId} (status ${first.status})`)
  return success.length
}
