import { HlcClock } from '@core/hlc'
import { newId } from '@core/ids'
import { ServerDocuments } from '../serverDocuments'
import { createTestApp, signUp, type TestApp } from '../testing/testApp'
import { EventWindowPruner } from './eventWindow'
import { parsedDocuments } from './trackingFixture'

const DAY = 86_400_000
const NOW = Date.UTC(2026, 10, 30)

describe('EventWindowPruner', () => {
  let testApp: TestApp
  beforeEach(async () => {
    testApp = await createTestApp()
  })
  afterEach(async () => testApp.close())

  function eventAt(at: number) {
    return { id: newId(at), type: 'open', campaignId: newId(), contactId: newId(), email: 'a@example.com', linkIndex: -1, url: '', machine: false, at }
  }

  it('tombstones event documents older than the window and keeps recent ones, in every workspace', async () => {
    const documents = new ServerDocuments(testApp.storage, new HlcClock('server', () => NOW), () => NOW)
    const first = (await signUp(testApp.app)).workspaceId
    const second = (await signUp(testApp.app)).workspaceId
    const old = [eventAt(NOW - 100 * DAY), eventAt(NOW - 91 * DAY)]
    const recent = eventAt(NOW - 89 * DAY)
    await documents.insert(first, 'events', [...old, recent])
    await documents.insert(second, 'events', [eventAt(NOW - 365 * DAY)])

    const pruner = new EventWindowPruner({ storage: testApp.storage, documents, windowDays: 90, now: () => NOW })
    expect(await pruner.pruneOnce()).toBe(3)

    const events = await parsedDocuments(testApp, first, 'events')
    const deleted = new Map(events.map((event) => [event.id, event._deleted]))
    expect(deleted.get(old[0]!.id)).toBe(true)
    expect(deleted.get(old[1]!.id)).toBe(true)
    expect(deleted.get(recent.id)).toBe(false)
    expect((await parsedDocuments(testApp, second, 'events')).every((event) => event._deleted === true)).toBe(true)
    // Nothing left to prune: a second run writes nothing.
    expect(await pruner.pruneOnce()).toBe(0)
  })
})
