import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import type { Deal, Setting } from '@core/schema'
import { actor } from '../../data/actor'
import { createOutpostDatabase, type OutpostDatabase } from '../../data/database'
import { loadDemoData, type DemoProgress } from './loadDemoData'

describe('loadDemoData', () => {
  let db: OutpostDatabase
  beforeEach(async () => {
    db = await createOutpostDatabase({ name: `demo${Math.random().toString(36).slice(2)}`, storage: getRxStorageMemory() })
  })
  afterEach(async () => {
    actor.set(null)
    await db.remove()
  })

  it('writes companies, contacts, activities and custom fields with progress per batch', async () => {
    const progress: DemoProgress[] = []
    const result = await loadDemoData(db, 4_500, (step) => progress.push(step))
    expect(result).toMatchObject({ contacts: 4_500, cancelled: false })
    expect(await db.contacts.count().exec()).toBe(4_500)
    expect(await db.companies.count().exec()).toBe(result.companies)
    expect(result.activities).toBeGreaterThan(0)
    expect(await db.activities.count().exec()).toBe(result.activities)
    expect(result.deals).toBeGreaterThan(200)
    expect(await db.deals.count().exec()).toBe(result.deals)
    const contactSteps = progress.filter((step) => step.phase === 'contacts').map((step) => step.contactsInserted)
    expect(contactSteps).toEqual([2_000, 4_000, 4_500])
    expect(progress.at(-1)?.phase).toBe('done')
  })

  it('does not define the same custom fields twice when loaded again', async () => {
    await loadDemoData(db, 10, () => {})
    const fieldsAfterFirst = await db.settings.count().exec()
    await loadDemoData(db, 10, () => {})
    expect(await db.settings.count().exec()).toBe(fieldsAfterFirst)
  })

  it('puts the deals of every load into one pipeline with the default stages, and adds none when one exists', async () => {
    await loadDemoData(db, 3_000, () => {})
    await loadDemoData(db, 3_000, () => {})
    const pipelines = (await db.settings.find({ selector: { kind: 'pipeline' } }).exec()).map((doc) => doc.toJSON() as Setting)
    expect(pipelines).toHaveLength(1)
    const deals = (await db.deals.find().exec()).map((doc) => doc.toJSON() as Deal)
    expect(deals.length).toBeGreaterThan(100)
    expect(new Set(deals.map((deal) => deal.pipelineId))).toEqual(new Set([pipelines[0]!.id]))
  })

  it('names the signed-in member as the author of what it writes', async () => {
    actor.set('01JMEMBER00000000000000001')
    await loadDemoData(db, 50, () => {})
    const contact = (await db.contacts.findOne().exec())!.toJSON()
    expect(contact.updatedBy).toBe('01JMEMBER00000000000000001')
    expect(contact._clock.updatedBy).toBe(contact._clock._deleted)
    expect((await db.companies.findOne().exec())!.toJSON().updatedBy).toBe('01JMEMBER00000000000000001')
  })

  it('stops between batches when cancelled, keeping whole batches', async () => {
    const controller = new AbortController()
    const result = await loadDemoData(
      db,
      10_000,
      (step) => {
        if (step.contactsInserted >= 2_000) controller.abort()
      },
      controller.signal,
    )
    expect(result.cancelled).toBe(true)
    expect(await db.contacts.count().exec()).toBe(2_000)
  })
})
