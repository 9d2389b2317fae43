import { generateDemoWorkspace } from '@core/demo/demoWorkspace'
import type { CustomFieldDefinition } from '@core/schema'
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
  // The deals' pipeline: the same fixed-id document the deals screen creates, so never twice.
  if (!(await db.settings.findOne(workspace.pipeline.id).exec())) await insertAll(db.settings.bulkInsert([workspace.pipeline]))
  result.companies = await insertAll(db.companies.bulkInsert(workspace.companies))

  for (const batch of workspace.contactBatches) {
    if (signal?.aborted) return { ...result, cancelled: true }
    result.contacts += await insertAll(db.contacts.bulkInsert(batch))
    result.deals += await insertAll(db.deals.bulkInsert(workspace.dealsFor(batch)))
    report('contacts')
    // Yield so the progress bar paints and input stays responsive between batches.
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
  if (signal?.aborted) return { ...result, cancelled: true }
  report('activities')
  result.activities = await insertAll(db.activities.bulkInsert(workspace.activities()))
  report('done')
  return result
}

async function insertAll(write: Promise<{ success: unknown[]; error: { status: number; documentId: string }[] }>): Promise<number> {
  const { success, error } = await write
  const first = error[0]
  if (first) throw new Error(`Could not save demo record ${first.documentId} (status ${first.status})`)
  return success.length
}
