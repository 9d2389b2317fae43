import fc from 'fast-check'
import { formatStamp } from '../hlc'
import { ERASED_CLOCK_KEY, isErased } from './erased'
import { mergeByFieldClock } from './merge'
import type { SyncedDoc } from './syncedDoc'

type Doc = SyncedDoc & Record<string, unknown>

const FIELDS = ['email', 'firstName', 'tags', 'customFields', 'score'] as const

// JSON-shaped values only: documents travel as JSON, so -0 or NaN never reach the merge.
const valueArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('a', 'b', ''),
  fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.parse(JSON.stringify(value)) as unknown),
)

// Few distinct stamps so equal stamps with different values come up often.
const stampArb = fc.option(
  fc.record({
    wallMs: fc.integer({ min: 1, max: 3 }),
    counter: fc.integer({ min: 0, max: 1 }),
    node: fc.constantFrom('a', 'b'),
  }).map(formatStamp),
  { nil: undefined },
)

const docArb: fc.Arbitrary<Doc> = fc
  .record({
    values: fc.record(Object.fromEntries(FIELDS.map((field) => [field, valueArb])) as Record<(typeof FIELDS)[number], fc.Arbitrary<unknown>>, {
      requiredKeys: [],
    }),
    stamps: fc.record(Object.fromEntries([...FIELDS, '_deleted'].map((field) => [field, stampArb])) as Record<string, fc.Arbitrary<string | undefined>>, {
      requiredKeys: [],
    }),
    deleted: fc.option(fc.boolean(), { nil: undefined }),
    updatedAt: fc.integer({ min: 0, max: 100 }),
  })
  .map(({ values, stamps, deleted, updatedAt }) => {
    const clock: Record<string, string> = {}
    for (const [field, stamp] of Object.entries(stamps)) if (stamp !== undefined) clock[field] = stamp
    const doc: Doc = { id: 'doc1', updatedAt, _clock: clock }
    if (deleted !== undefined) doc._deleted = deleted
    for (const [field, value] of Object.entries(values)) if (value !== undefined) doc[field] = value
    return doc
  })

const merge = (a: Doc, b: Doc): Doc => mergeByFieldClock(a, b)

describe('mergeByFieldClock properties', () => {
  it('is commutative', () => {
    fc.assert(
      fc.property(docArb, docArb, (a, b) => {
        expect(merge(a, b)).toEqual(merge(b, a))
      }),
      { numRuns: 500 },
    )
  })

  it('is associative', () => {
    fc.assert(
      fc.property(docArb, docArb, docArb, (a, b, c) => {
        expect(merge(merge(a, b), c)).toEqual(merge(a, merge(b, c)))
      }),
      { numRuns: 500 },
    )
  })

  it('is idempotent', () => {
    fc.assert(
      fc.property(docArb, docArb, (a, b) => {
        // An absent tombstone flag means live; the merge writes it out.
        expect(merge(a, a)).toEqual({ _deleted: false, ...a })
        const ab = merge(a, b)
        expect(merge(ab, ab)).toEqual(ab)
        expect(merge(ab, b)).toEqual(ab)
      }),
      { numRuns: 500 },
    )
  })

  it('keeps, for every field, the value carrying the highest stamp', () => {
    fc.assert(
      fc.property(docArb, docArb, (a, b) => {
        const merged = merge(a, b)
        for (const field of [...FIELDS, '_deleted']) {
          const stampA = a._clock[field] ?? ''
          const stampB = b._clock[field] ?? ''
          // An absent tombstone flag means live.
          const valueOf = (doc: Doc) => (field === '_deleted' ? (doc._deleted ?? false) : doc[field])
          if (stampA > stampB) expect(merged[field]).toEqual(valueOf(a))
          if (stampB > stampA) expect(merged[field]).toEqual(valueOf(b))
          expect(merged._clock[field] ?? '').toBe(stampA > stampB ? stampA : stampB)
        }
      }),
    )
  })
})

describe('mergeByFieldClock examples', () => {
  const stamp = (wallMs: number, node: string) => formatStamp({ wallMs, counter: 0, node })
  const base: Doc = {
    id: '01JGZ0000000000000000000AA',
    email: 'ada@example.com',
    firstName: 'Ada',
    title: 'Engineer',
    createdAt: 1000,
    updatedAt: 1000,
    _deleted: false,
    _clock: { email: stamp(1000, 'a'), firstName: stamp(1000, 'a'), title: stamp(1000, 'a'), createdAt: stamp(1000, 'a'), _deleted: stamp(1000, 'a') },
  }

  it('keeps two offline edits to different fields of one contact', () => {
    const onLaptop: Doc = { ...base, firstName: 'Augusta', updatedAt: 2000, _clock: { ...base._clock, firstName: stamp(2000, 'laptop') } }
    const onDesktop: Doc = { ...base, title: 'Countess', updatedAt: 3000, _clock: { ...base._clock, title: stamp(3000, 'desktop') } }
    const merged = merge(onLaptop, onDesktop)
    expect(merged).toMatchObject({ firstName: 'Augusta', title: 'Countess', email: 'ada@example.com', updatedAt: 3000 })
    expect(merged._clock).toMatchObject({ firstName: stamp(2000, 'laptop'), title: stamp(3000, 'desktop') })
  })

  it('lets the later stamp win on the same field', () => {
    const early: Doc = { ...base, title: 'CTO', updatedAt: 5000, _clock: { ...base._clock, title: stamp(2000, 'a') } }
    const late: Doc = { ...base, title: 'CEO', updatedAt: 4000, _clock: { ...base._clock, title: stamp(3000, 'b') } }
    expect(merge(early, late).title).toBe('CEO')
    expect(merge(late, early).title).toBe('CEO')
  })

  it('resolves a delete against a later edit field by field', () => {
    const deleted: Doc = { ...base, _deleted: true, updatedAt: 2000, _clock: { ...base._clock, _deleted: stamp(2000, 'a') } }
    const laterEdit: Doc = { ...base, title: 'Founder', updatedAt: 3000, _clock: { ...base._clock, title: stamp(3000, 'b') } }
    const merged = merge(deleted, laterEdit)
    // The delete is the latest word on liveness; the edit still lands in the tombstone (undo restores it).
    expect(merged._deleted).toBe(true)
    expect(merged.title).toBe('Founder')

    const restored: Doc = { ...base, _deleted: false, updatedAt: 4000, _clock: { ...base._clock, _deleted: stamp(4000, 'b') } }
    expect(merge(deleted, restored)._deleted).toBe(false)
  })

  it('takes the larger updatedAt', () => {
    expect(merge({ ...base, updatedAt: 7 }, { ...base, updatedAt: 9 }).updatedAt).toBe(9)
    expect(merge({ ...base, updatedAt: 9 }, { ...base, updatedAt: 7 }).updatedAt).toBe(9)
  })

  it('drops storage bookkeeping fields', () => {
    const merged = merge({ ...base, _rev: '1-abc', _meta: { lwt: 1 } }, base)
    expect(merged).not.toHaveProperty('_rev')
    expect(merged).not.toHaveProperty('_meta')
  })

  it('throws on documents with different ids (a bug in the caller)', () => {
    expect(() => merge(base, { ...base, id: '01JGZ0000000000000000000BB' })).toThrow(/different documents/)
  })
})

// Erased tombstones (privacy erasure) in the mix: some documents carry the erased mark.
const maybeErasedDocArb: fc.Arbitrary<Doc> = fc.tuple(docArb, stampArb).map(([doc, erasedStamp]) =>
  erasedStamp === undefined ? doc : { ...doc, _deleted: true, _clock: { ...doc._clock, [ERASED_CLOCK_KEY]: erasedStamp } },
)

describe('mergeByFieldClock with erased documents', () => {
  it('stays commutative, associative and idempotent', () => {
    fc.assert(
      fc.property(maybeErasedDocArb, maybeErasedDocArb, maybeErasedDocArb, (a, b, c) => {
        expect(merge(a, b)).toEqual(merge(b, a))
        expect(merge(merge(a, b), c)).toEqual(merge(a, merge(b, c)))
        const ab = merge(a, b)
        expect(merge(ab, ab)).toEqual(ab)
      }),
      { numRuns: 500 },
    )
  })

  it('lets an erasure beat any edit, however late its stamp: the blanked fields stay blank and the document stays deleted', () => {
    fc.assert(
      fc.property(docArb, docArb, stampArb, (live, erasedBase, erasedStamp) => {
        const erased: Doc = { ...erasedBase, _deleted: true, _clock: { ...erasedBase._clock, [ERASED_CLOCK_KEY]: erasedStamp ?? formatStamp({ wallMs: 1, counter: 0, node: 's' }) } }
        const merged = merge(live, erased)
        expect(isErased(merged)).toBe(true)
        expect(merged._deleted).toBe(true)
        for (const field of FIELDS) expect(merged[field]).toEqual(erased[field])
      }),
      { numRuns: 500 },
    )
  })

  it('keeps an erasure when a device pushes an edit made offline after it, with a later clock', () => {
    const stamp = (wallMs: number, node: string) => formatStamp({ wallMs, counter: 0, node })
    const erased: Doc = { id: 'doc1', email: '', updatedAt: 2000, _deleted: true, _clock: { email: stamp(2000, 'server'), _deleted: stamp(2000, 'server'), [ERASED_CLOCK_KEY]: stamp(2000, 'server') } }
    const offlineEdit: Doc = { id: 'doc1', email: 'ada@example.com', updatedAt: 9000, _deleted: false, _clock: { email: stamp(9000, 'laptop'), _deleted: stamp(1000, 'laptop') } }
    expect(merge(offlineEdit, erased)).toMatchObject({ email: '', _deleted: true })
  })
})
