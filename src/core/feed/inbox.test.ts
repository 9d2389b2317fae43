import fc from 'fast-check'
import { formatStamp } from '../hlc'
import type { FeedEntry } from './feed'
import { compactReadState, inboxItems, isItemRead, markAllRead, markRead, unreadCount, type InboxActivity, type InboxInput, type InboxItem } from './inbox'

const T0 = Date.UTC(2026, 10, 1, 9)
const stamp = (wallMs: number) => formatStamp({ wallMs, counter: 0, node: 'dev1' })
const ME = 'u-me'

function activity(fields: Partial<InboxActivity> & { id: string; kind: string }, at: number): InboxActivity {
  const clock: Record<string, string> = {}
  for (const key of [...Object.keys(fields), 'createdAt']) clock[key] = stamp(at)
  return { contactId: 'c1', companyId: '', subject: '', body: '', occurredAt: at, createdAt: at, _clock: clock, ...fields }
}

function change(fields: Partial<FeedEntry>): FeedEntry {
  return {
    id: 'contacts:c1:x',
    at: T0,
    actorId: 'u-ana',
    actorName: 'Ana',
    collection: 'contacts',
    docId: 'c1',
    action: 'updated',
    fields: ['title'],
    title: 'Bob Smith',
    target: { type: 'contact', id: 'c1' },
    ...fields,
  }
}

const input = (overrides: Partial<InboxInput>): InboxInput => ({ memberId: ME, activities: [], follows: [], recentChanges: [], readState: null, ...overrides })

describe('inboxItems', () => {
  it('notifies a mention by someone else, leading to the record commented on', () => {
    const items = inboxItems(input({ activities: [activity({ id: 'a1', kind: 'comment', body: '@Me please call', mentions: [ME], authorId: 'u-ana' }, T0)] }))
    expect(items).toEqual([
      expect.objectContaining({ id: 'mention:a1', kind: 'mention', actorId: 'u-ana', target: { type: 'contact', id: 'c1' }, text: '@Me please call', unread: true }),
    ])
  })

  it('never notifies my own actions', () => {
    const items = inboxItems(
      input({
        activities: [
          activity({ id: 'a1', kind: 'comment', body: '@Me note to self', mentions: [ME], authorId: ME }, T0),
          activity({ id: 't1', kind: 'task', subject: 'Mine', assigneeId: ME, authorId: ME, updatedBy: ME }, T0),
        ],
        follows: [{ memberId: ME, targetType: 'contact', targetId: 'c1' }],
        recentChanges: [change({ actorId: ME })],
      }),
    )
    expect(items).toEqual([])
  })

  it('notifies a task someone else assigned to me, once per assignment', () => {
    const task = activity({ id: 't1', kind: 'task', subject: 'Send the offer', assigneeId: ME, authorId: 'u-ana', updatedBy: 'u-ana' }, T0)
    const [item] = inboxItems(input({ activities: [task] }))
    expect(item).toMatchObject({ kind: 'assigned', actorId: 'u-ana', text: 'Send the offer' })
    // Editing the subject later keeps the same item (same assignment).
    const renamed = { ...task, subject: 'Send the new offer', _clock: { ...task._clock, subject: stamp(T0 + 10) } }
    expect(inboxItems(input({ activities: [renamed] }))[0]?.id).toBe(item?.id)
  })

  it('notifies comments and changes on followed records only, without repeating a mention', () => {
    const follows = [{ memberId: ME, targetType: 'contact' as const, targetId: 'c1' }, { memberId: 'u-other', targetType: 'deal' as const, targetId: 'd9' }]
    const items = inboxItems(
      input({
        follows,
        activities: [
          activity({ id: 'a1', kind: 'comment', body: 'Bob called back', authorId: 'u-ana' }, T0 + 1),
          activity({ id: 'a2', kind: 'comment', body: '@Me look', mentions: [ME], authorId: 'u-ana' }, T0 + 2),
          activity({ id: 'a3', kind: 'comment', body: 'On an unfollowed deal', authorId: 'u-ana', dealId: 'd9' }, T0 + 3),
        ],
        recentChanges: [
          change({ id: 'contacts:c1:s', at: T0 + 4 }),
          change({ id: 'contacts:c2:s', docId: 'c2', target: { type: 'contact', id: 'c2' } }),
          change({ id: 'activities:a1:s', collection: 'activities', docId: 'a1', action: 'commented' }),
        ],
      }),
    )
    expect(items.map((item) => [item.kind, item.id])).toEqual([
      ['change-on-followed', 'change:contacts:c1:s'],
      ['mention', 'mention:a2'],
      ['comment-on-followed', 'comment:a1'],
    ])
  })

  it('skips deleted comments and unfollowed (deleted) follows', () => {
    const items = inboxItems(
      input({
        activities: [{ ...activity({ id: 'a1', kind: 'comment', mentions: [ME], authorId: 'u-ana' }, T0), _deleted: true }],
        follows: [{ memberId: ME, targetType: 'contact', targetId: 'c1', _deleted: true }],
        recentChanges: [change({})],
      }),
    )
    expect(items).toEqual([])
  })
})

describe('read state', () => {
  const items = inboxItems(
    input({
      activities: [1, 2, 3, 4].map((n) => activity({ id: `a${n}`, kind: 'comment', body: `#${n}`, mentions: [ME], authorId: 'u-ana' }, T0 + n * 1000)),
    }),
  )

  it('marks one item read, then all, and counts what is unread', () => {
    expect(unreadCount(items)).toBe(4)
    const one = markRead(null, items, ['mention:a3'])
    expect(unreadCount(inboxItems(input({ activities: items.map((item) => activity({ id: item.activityId!, kind: 'comment', mentions: [ME], authorId: 'u-ana' }, item.at)), readState: one })))).toBe(3)
    const all = markAllRead(one, items)
    expect(items.every((item) => isItemRead(item.id, item.at, all))).toBe(true)
    expect(all.readIds).toEqual([])
  })

  it('moves readUpTo past the oldest read items only up to the first unread one', () => {
    const state = markRead(null, items, ['mention:a1', 'mention:a2', 'mention:a4'])
    expect(state.readUpTo).toBe(T0 + 2000)
    expect(state.readIds).toEqual(['mention:a4'])
  })

  it('compaction never changes what is read', () => {
    const arbitraryItems = fc.array(fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), at: fc.integer({ min: 0, max: 50 }) }), { maxLength: 20 })
    fc.assert(
      fc.property(arbitraryItems, fc.integer({ min: 0, max: 50 }), fc.array(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 10 }), (raw, readUpTo, readIds) => {
        const list = raw.map((item) => ({ ...item, kind: 'mention', actorId: null, target: { type: 'contact', id: 'c' }, text: '', unread: true }) as InboxItem)
        const state = { readUpTo, readIds }
        const compacted = compactReadState(state, list)
        for (const item of list) expect(isItemRead(item.id, item.at, compacted)).toBe(isItemRead(item.id, item.at, state))
        expect(compacted.readUpTo).toBeGreaterThanOrEqual(readUpTo)
        expect(compacted.readIds.length).toBeLessThanOrEqual(new Set(readIds).size + readIds.length)
      }),
    )
  })
})
