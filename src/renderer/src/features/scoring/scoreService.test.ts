import { waitFor } from '@testing-library/react'
import { lifecycleSettingsFrom } from '@core/lifecycle/lifecycleSettings'
import type { Contact, Deal, EngagementEvent, ScoringRule, Setting } from '@core/schema'
import { DAY_MS } from '@core/scoring/score'
import type { OutpostData } from '../../data/dataContext'
import { insertSyncedDoc, insertSyncedDocs, patchSyncedDoc } from '../../data/syncedWrites'
import { closeTestData, createTestData } from '../../test/renderWithProviders'
import { contactFields } from '../../test/fixtures'
import { ScoreAutomationRunner } from './scoreAutomation'
import { ScoreService } from './scoreService'

// The real clock at load: deals created during the test are "now", not in the future or past of it.
const NOW = Date.now()
const immediate = () => Promise.resolve()

const director: ScoringRule = { id: 'dir', kind: 'field', field: 'title', operator: 'contains', value: 'Director', points: 60, enabled: true }

async function saveRules(data: OutpostData, rules: ScoringRule[]): Promise<void> {
  const doc: Setting = { id: '01JSCORING0000000000000000', kind: 'scoring', rules, decayDays: 30, mqlThreshold: 20, sqlThreshold: 50, createdAt: NOW, updatedAt: NOW, _clock: {} }
  await data.db.settings.upsert(doc)
}

function event(contactId: string, type: EngagementEvent['type'], at: number, id: string): EngagementEvent {
  return { id, type, campaignId: 'camp', contactId, email: 'x@y.test', linkIndex: -1, url: '', machine: false, at, updatedAt: at, _clock: {} }
}

describe('ScoreService', () => {
  let data: OutpostData
  let service: ScoreService
  afterEach(async () => {
    service.dispose()
    await closeTestData(data)
  })

  async function start(): Promise<void> {
    service = new ScoreService(data.db, data.contacts, { now: () => NOW, yieldToUi: immediate })
    service.start()
    await waitFor(() => expect(service.getSnapshot().ready).toBe(true))
  }

  it('scores every contact, then rescores everyone when the rules change', async () => {
    data = await createTestData()
    const [ada, bob] = await insertSyncedDocs<Contact>(data.db.contacts, [
      contactFields({ email: 'ada@x.test', title: 'Sales Director' }),
      contactFields({ email: 'bob@x.test', title: 'Engineer' }),
    ])
    await start()
    expect(service.get(ada!.id)?.total).toBe(10) // the default Director rule
    expect(service.get(bob!.id)?.total).toBe(0)

    const changes: (readonly string[] | null)[] = []
    service.onScoresChanged((ids) => changes.push(ids))
    await saveRules(data, [director])
    await waitFor(() => expect(service.get(ada!.id)?.total).toBe(60))
    expect(service.getSnapshot().config.rules).toEqual([director])
    expect(changes).toContain(null)
  })

  it('rescores one contact when it changes, when an event arrives and when a deal is created', async () => {
    data = await createTestData()
    const bob = await insertSyncedDoc<Contact>(data.db.contacts, contactFields({ email: 'bob@x.test', title: 'Engineer' }))
    await data.db.events.insert(event(bob.id, 'click', NOW - DAY_MS, 'e1'))
    await start()
    expect(service.get(bob.id)?.total).toBe(5)

    await patchSyncedDoc<Contact>(data.db.contacts, bob.id, { title: 'Director' })
    await waitFor(() => expect(service.get(bob.id)?.total).toBe(15))

    await data.db.events.insert(event(bob.id, 'click', NOW, 'e2'))
    await waitFor(() => expect(service.get(bob.id)?.total).toBe(20))
    expect(service.signalsOf(bob.id)?.clicks).toEqual([NOW - DAY_MS, NOW])

    await insertSyncedDoc<Deal>(data.db.deals, {
      name: 'Pilot',
      pipelineId: 'p',
      stageId: 's',
      status: 'open',
      amount: 100,
      currency: 'EUR',
      closeDate: '',
      ownerId: '',
      contactId: bob.id,
      companyId: '',
      lostReason: '',
      stageHistory: [],
      position: 0,
    })
    // Deal created +20 (created a moment after NOW: counted in full).
    await waitFor(() => expect(service.get(bob.id)?.total).toBe(40))
  })
})

describe('ScoreService full pass', () => {
  it('reports growing progress between slices and none when done', async () => {
    const data = await createTestData()
    await insertSyncedDocs<Contact>(
      data.db.contacts,
      Array.from({ length: 3000 }, (_, i) => contactFields({ email: `c${i}@x.test`, title: i % 2 ? 'Director' : 'Engineer' })),
    )
    const progress: number[] = []
    let slices = 0
    // Every yield is a slice boundary: record what the UI would see there.
    const service: ScoreService = new ScoreService(data.db, data.contacts, {
      now: () => NOW,
      sliceMs: 0,
      yieldToUi: async () => {
        slices++
        const shown = service.getSnapshot().progress
        if (shown) progress.push(shown.done)
        await new Promise((resolve) => setTimeout(resolve, 0))
      },
    })
    service.start()
    await waitFor(() => expect(service.getSnapshot().ready).toBe(true))
    expect(slices).toBeGreaterThan(1)
    expect(progress.length).toBeGreaterThan(1)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
    expect(service.getSnapshot().progress).toBeNull()
    expect([...service.allScores()]).toHaveLength(3000)
    service.dispose()
    await closeTestData(data)
  })
})

describe('ScoreAutomationRunner', () => {
  it('moves contacts across the thresholds, forward only, and leaves manual moves alone', async () => {
    const data = await createTestData()
    const [ada, bob, cyd] = await insertSyncedDocs<Contact>(data.db.contacts, [
      contactFields({ email: 'ada@x.test', title: 'Director' }),
      contactFields({ email: 'bob@x.test', title: 'Director', lifecycleStage: 'customer' }),
      contactFields({
        email: 'cyd@x.test',
        title: 'Director',
        stageHistory: [{ stage: 'lead', at: 1, source: 'manual' }],
      }),
    ])
    await saveRules(data, [director])
    const service = new ScoreService(data.db, data.contacts, { now: () => NOW, yieldToUi: immediate })
    service.start()
    const runner = new ScoreAutomationRunner(data.db, data.contacts, service, () => NOW)
    runner.start()
    runner.setSettings(lifecycleSettingsFrom(null))
    await waitFor(() => expect(data.contacts.get(ada!.id)?.lifecycleStage).toBe('salesQualified'))
    await runner.idle()
    expect(data.contacts.get(ada!.id)?.stageHistory?.at(-1)).toEqual({ stage: 'salesQualified', at: NOW, source: 'score' })
    expect(data.contacts.get(bob!.id)?.lifecycleStage).toBe('customer')
    expect(data.contacts.get(cyd!.id)?.lifecycleStage).toBe('lead')
    runner.stop()
    service.dispose()
    await closeTestData(data)
  })

  it('moves nobody while score moves are off, and catches up when they are turned on', async () => {
    const data = await createTestData()
    const ada = await insertSyncedDoc<Contact>(data.db.contacts, contactFields({ email: 'ada@x.test', title: 'Director' }))
    await saveRules(data, [director])
    const service = new ScoreService(data.db, data.contacts, { now: () => NOW, yieldToUi: immediate })
    service.start()
    await waitFor(() => expect(service.getSnapshot().ready).toBe(true))
    const runner = new ScoreAutomationRunner(data.db, data.contacts, service, () => NOW)
    runner.start()
    const off = lifecycleSettingsFrom(null)
    runner.setSettings({ ...off, automation: { ...off.automation, scoreMoves: false } })
    await runner.idle()
    expect(data.contacts.get(ada.id)?.lifecycleStage).toBe('lead')
    runner.setSettings(lifecycleSettingsFrom(null))
    await waitFor(() => expect(data.contacts.get(ada.id)?.lifecycleStage).toBe('salesQualified'))
    runner.stop()
    service.dispose()
    await closeTestData(data)
  })
})
