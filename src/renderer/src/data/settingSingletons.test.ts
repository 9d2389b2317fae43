import { firstValueFrom } from 'rxjs'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import type { Setting } from '@core/schema'
import { createOutpostDatabase, type OutpostDatabase } from './database'
import { findSettingSingleton, saveSettingSingleton, settingSingleton$ } from './settingSingletons'

describe('setting singletons', () => {
  let db: OutpostDatabase
  beforeEach(async () => {
    db = await createOutpostDatabase({ name: `t${Math.random().toString(36).slice(2)}`, storage: getRxStorageMemory(), collections: ['settings'] })
  })
  afterEach(async () => {
    await db.remove()
  })

  it('creates the item on first save with a unique id, then edits that one', async () => {
    expect(await findSettingSingleton(db, 'scoring')).toBeNull()
    await saveSettingSingleton(db, 'scoring', { decayDays: 30, mqlThreshold: 20 })
    await saveSettingSingleton(db, 'scoring', { mqlThreshold: 25 })
    const all = (await db.settings.find().exec()).map((doc) => doc.toJSON() as Setting)
    expect(all).toHaveLength(1)
    expect(all[0]).toMatchObject({ kind: 'scoring', decayDays: 30, mqlThreshold: 25 })
    expect(all[0]!.id).toMatch(/^[0-9A-Z]{26}$/)
  })

  it('reads and edits the oldest when two devices each created one offline', async () => {
    const base = { kind: 'scoring' as const, updatedAt: 1, _clock: {} }
    await db.settings.bulkInsert([
      { ...base, id: '01JB00000000000000000000BB', createdAt: 200, decayDays: 7 },
      { ...base, id: '01JA00000000000000000000AA', createdAt: 100, decayDays: 14 },
    ])
    expect((await findSettingSingleton(db, 'scoring'))?.decayDays).toBe(14)
    await saveSettingSingleton(db, 'scoring', { decayDays: 21 })
    expect((await db.settings.findOne('01JA00000000000000000000AA').exec())?.toJSON().decayDays).toBe(21)
    expect((await db.settings.findOne('01JB00000000000000000000BB').exec())?.toJSON().decayDays).toBe(7)
    expect((await firstValueFrom(settingSingleton$(db, 'scoring')))?.id).toBe('01JA00000000000000000000AA')
    expect(await firstValueFrom(settingSingleton$(db, 'lifecycle'))).toBeNull()
  })
})
