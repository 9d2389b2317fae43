import { formatStamp } from '../hlc'
import { describeFields, feedEntries, feedEntryOf, stampTime, type FeedDoc } from './feed'

const T0 = Date.UTC(2026, 10, 1, 9)
const stamp = (wallMs: number, node = 'dev1') => formatStamp({ wallMs, counter: 0, node })
const members = [
  { id: 'u-ana', name: 'Ana Lima', email: 'ana@example.com' },
  { id: 'u-bob', name: '', email: 'bob@example.com' },
]

/** A document created at `at` by `by`, every field stamped alike (as createSyncedDoc does). */
function created(fields: Record<string, unknown>, at: number, by?: string): FeedDoc {
  const all = { ...fields, createdAt: at, ...(by ? { updatedBy: by } : {}) }
  const clock: Record<string, string> = { _deleted: stamp(at) }
  for (const key of Object.keys(all)) clock[key] = stamp(at)
  return { id: `doc-${at}`, updatedAt: at, _deleted: false, _clock: clock, ...all }
}

/** An edit stamped at `at` by `by` (updatedBy stamped with the change, as syncedWrites does). */
function edited(doc: FeedDoc, patch: Record<string, unknown>, at: number, by?: string): FeedDoc {
  const clock = { ...doc._clock }
  const all = { ...patch, ...(by ? { updatedBy: by } : {}) }
  for (const key of Object.keys(all)) clock[key] = stamp(at)
  return { ...doc, ...all, updatedAt: at, _clock: clock }
}

const contact = (at: number, by?: string) => created({ email: 'bob@smith.test', firstName: 'Bob', lastName: 'Smith', title: '', lifecycleStage: 'lead' }, at, by)

describe('feedEntryOf', () => {
  it('reads a new document as created by its author, titled by its display name', () => {
    const entry = feedEntryOf('contacts', contact(T0, 'u-ana'))
    expect(entry).toMatchObject({ action: 'created', actorId: 'u-ana', at: T0, title: 'Bob Smith', fields: [], target: { type: 'contact' } })
  })

  it('lists exactly the fields of the latest change, without bookkeeping fields', () => {
    const doc = edited(edited(contact(T0, 'u-ana'), { title: 'CTO' }, T0 + 1000, 'u-ana'), { lifecycleStage: 'customer', stageHistory: [] }, T0 + 2000, 'u-bob')
    const entry = feedEntryOf('contacts', doc)
    expect(entry).toMatchObject({ action: 'updated', actorId: 'u-bob', at: T0 + 2000, fields: ['lifecycleStage'] })
  })

  it('ignores server rollups: an open counted after an edit leaves the edit as the latest change', () => {
    const doc = edited(contact(T0, 'u-ana'), { title: 'CTO' }, T0 + 1000, 'u-ana')
    const withRollup = { ...doc, openCount: 3, _clock: { ...doc._clock, openCount: stamp(T0 + 5000, 'server') } }
    expect(feedEntryOf('contacts', withRollup)).toMatchObject({ at: T0 + 1000, fields: ['title'] })
  })

  it('reads a tombstone as deleted, a new comment as commented and a task ticked off as completed', () => {
    const doc = contact(T0, 'u-ana')
    const deleted = { ...doc, _deleted: true, updatedBy: 'u-bob', _clock: { ...doc._clock, _deleted: stamp(T0 + 10), updatedBy: stamp(T0 + 10) } }
    expect(feedEntryOf('contacts', deleted)).toMatchObject({ action: 'deleted', actorId: 'u-bob' })
    const comment = created({ kind: 'comment', subject: '', body: 'Call him\nsoon', contactId: 'c1', companyId: '', dealId: 'd1' }, T0, 'u-ana')
    expect(feedEntryOf('activities', comment)).toMatchObject({ action: 'commented', title: 'Call him', target: { type: 'deal', id: 'd1' }, activityKind: 'comment' })
    const task = created({ kind: 'task', subject: 'Send offer', body: '', contactId: 'c1', companyId: '', done: false }, T0, 'u-ana')
    expect(feedEntryOf('activities', edited(task, { done: true, doneAt: T0 + 5 }, T0 + 5, 'u-bob'))).toMatchObject({ action: 'completed', fields: ['done'] })
  })

  it('has no actor for a change made while local only, and the same id for the same change', () => {
    const doc = contact(T0)
    expect(feedEntryOf('contacts', doc)?.actorId).toBeNull()
    expect(feedEntryOf('contacts', doc)?.id).toBe(feedEntryOf('contacts', { ...doc })?.id)
  })
})

describe('feedEntries', () => {
  const docs = {
    contacts: [contact(T0, 'u-ana'), edited(contact(T0 + 1), { title: 'CEO' }, T0 + 3000, 'u-bob')],
    companies: [created({ name: 'Acme', domain: 'acme.test' }, T0 + 2000, 'u-ana')],
    deals: [created({ name: 'Acme renewal', status: 'open' }, T0 + 4000, 'u-bob')],
  }

  it('merges the collections newest first and names the actors', () => {
    const entries = feedEntries(docs, members)
    expect(entries.map((entry) => entry.title)).toEqual(['Acme renewal', 'Bob Smith', 'Acme', 'Bob Smith'])
    expect(entries[0]?.actorName).toBe('bob@example.com')
    expect(entries[2]?.actorName).toBe('Ana Lima')
  })

  it('filters by member, collection, time and count', () => {
    expect(feedEntries(docs, members, { actorId: 'u-ana' }).map((entry) => entry.collection)).toEqual(['companies', 'contacts'])
    expect(feedEntries(docs, members, { collections: ['deals'] })).toHaveLength(1)
    expect(feedEntries(docs, members, { since: T0 + 2500 })).toHaveLength(2)
    expect(feedEntries(docs, members, { limit: 1 })[0]?.title).toBe('Acme renewal')
  })
})

describe('helpers', () => {
  it('reads the wall time of a stamp', () => {
    expect(stampTime(stamp(T0))).toBe(T0)
    expect(stampTime('garbage')).toBe(0)
  })

  it('says changed fields in words', () => {
    expect(describeFields(['lifecycleStage'])).toBe('stage')
    expect(describeFields(['lifecycleStage', 'title'])).toBe('stage and title')
    expect(describeFields(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c and 2 more')
    expect(describeFields(['stageId', 'pipelineId', 'amount'])).toBe('stage, pipeline and amount')
  })
})
