import fc from 'fast-check'
import { formatStamp } from '../hlc'
import { applyLocalChange, createSyncedDoc, markDeleted } from './localChange'
import { mergeByFieldClock } from './merge'
import type { SyncedDoc } from './syncedDoc'

interface Person {
  id: string
  updatedAt: number
  _deleted: boolean
  _clock: Record<string, string>
  email: string
  firstName: string
  tags: string[]
  customFields: Record<string, string | number | null>
  createdAt: number
}

const ID = '01JGZ0000000000000000000AA'
const stamp = (wallMs: number, node = 'a', counter = 0) => formatStamp({ wallMs, counter, node })
const fields = { email: 'ada@example.com', firstName: 'Ada', tags: ['vip'], customFields: { plan: 'Pro' }, createdAt: 1000 }
const created = createSyncedDoc<Person>(ID, fields, stamp(1000), 1000)

describe('createSyncedDoc', () => {
  it('stamps every field and the liveness flag with one stamp', () => {
    expect(created).toEqual({ ...fields, id: ID, updatedAt: 1000, _deleted: false, _clock: {
      email: stamp(1000),
      firstName: stamp(1000),
      tags: stamp(1000),
      customFields: stamp(1000),
      createdAt: stamp(1000),
      _deleted: stamp(1000),
    } })
  })
})

describe('applyLocalChange', () => {
  it('stamps only the fields whose value really changes', () => {
    const next = applyLocalChange(created, { firstName: 'Augusta', email: 'ada@example.com', tags: ['vip'] }, stamp(2000), 2000)
    expect(next).not.toBeNull()
    expect(next?.firstName).toBe('Augusta')
    expect(next?._clock).toEqual({ ...created._clock, firstName: stamp(2000) })
    expect(next?.updatedAt).toBe(2000)
  })

  it('compares objects by value, not key order', () => {
    const doc = createSyncedDoc<Person>(ID, { ...fields, customFields: { plan: 'Pro', seats: 5 } }, stamp(1000), 1000)
    expect(applyLocalChange(doc, { customFields: { seats: 5, plan: 'Pro' } }, stamp(2000), 2000)).toBeNull()
  })

  it('returns null for a patch that changes nothing', () => {
    expect(applyLocalChange(created, {}, stamp(2000), 2000)).toBeNull()
    expect(applyLocalChange(created, { firstName: 'Ada', tags: ['vip'], email: undefined }, stamp(2000), 2000)).toBeNull()
  })

  it('does not move updatedAt backwards when the wall clock does', () => {
    const next = applyLocalChange(created, { firstName: 'Augusta' }, stamp(2000), 500)
    expect(next?.updatedAt).toBe(1000)
  })

  it('leaves the input document untouched', () => {
    const before = structuredClone(created)
    applyLocalChange(created, { firstName: 'Augusta' }, stamp(2000), 2000)
    expect(created).toEqual(before)
  })
})

describe('markDeleted', () => {
  it('tombstones with a fresh _deleted stamp and keeps the fields', () => {
    const tombstone = markDeleted(created, true, stamp(3000), 3000)
    expect(tombstone).toEqual({ ...created, _deleted: true, updatedAt: 3000, _clock: { ...created._clock, _deleted: stamp(3000) } })
    const restored = markDeleted(tombstone, false, stamp(4000), 3500)
    expect(restored._deleted).toBe(false)
    expect(restored._clock._deleted).toBe(stamp(4000))
    expect(mergeByFieldClock(tombstone, restored)._deleted).toBe(false)
  })
})

describe('local changes on replicas converge', () => {
  type Edit = { kind: 'patch'; patch: Partial<Pick<Person, 'email' | 'firstName' | 'tags' | 'customFields'>> } | { kind: 'delete'; deleted: boolean }

  const editArb: fc.Arbitrary<Edit> = fc.oneof(
    fc
      .record(
        {
          email: fc.constantFrom('ada@example.com', 'ada@lovelace.org', 'a@b.co'),
          firstName: fc.constantFrom('Ada', 'Augusta', 'Countess'),
          tags: fc.uniqueArray(fc.constantFrom('vip', 'trial', 'beta'), { maxLength: 3 }),
          customFields: fc.dictionary(fc.constantFrom('plan', 'seats'), fc.oneof(fc.constantFrom('Free', 'Pro'), fc.integer({ min: 0, max: 9 }))),
        },
        { requiredKeys: [] },
      )
      .map((patch) => ({ kind: 'patch' as const, patch })),
    fc.boolean().map((deleted) => ({ kind: 'delete' as const, deleted })),
  )

  /** Replays edits with one device clock (strictly increasing stamps for that node). */
  function replay(doc: Person, edits: readonly Edit[], node: string, startMs: number): Person {
    let current = doc
    edits.forEach((edit, index) => {
      const at = startMs + index
      const stampNow = stamp(at, node)
      if (edit.kind === 'delete') current = markDeleted(current, edit.deleted, stampNow, at)
      else current = applyLocalChange(current, edit.patch, stampNow, at) ?? current
    })
    return current
  }

  it('gives the same document whichever order replicas merge in', () => {
    fc.assert(
      fc.property(
        fc.array(editArb, { maxLength: 6 }),
        fc.array(editArb, { maxLength: 6 }),
        fc.array(editArb, { maxLength: 6 }),
        fc.integer({ min: 0, max: 3 }),
        (editsA, editsB, editsC, skew) => {
          const a = replay(created, editsA, 'laptop', 2000)
          const b = replay(created, editsB, 'desktop', 2000 + skew)
          const c = replay(created, editsC, 'phone', 2000 - skew)
          const abc = mergeByFieldClock(mergeByFieldClock(a, b), c)
          expect(mergeByFieldClock(mergeByFieldClock(c, b), a)).toEqual(abc)
          expect(mergeByFieldClock(b, mergeByFieldClock(a, c))).toEqual(abc)
          // Merging an old copy of the base again changes nothing.
          expect(mergeByFieldClock(abc, created)).toEqual(abc)
          // A field only one replica touched keeps that replica's value.
          const touched = (edits: readonly Edit[]) => edits.some((edit) => edit.kind === 'patch' && edit.patch.firstName !== undefined && edit.patch.firstName !== 'Ada')
          if (touched(editsA) && !touched(editsB) && !touched(editsC)) expect(abc.firstName).toBe(a.firstName)
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('applyLocalChange removing optional fields', () => {
  it('clears a listed field, stamps the clearing, and the clearing wins a merge against an older value', () => {
    const base = createSyncedDoc<TaskDoc>('01JABCDEFGHJKMNPQRSTVWXYZ9', { subject: 'Call back', doneAt: 5 }, stamp(1000), 1000)
    const cleared = applyLocalChange(base, {}, stamp(2000), 2000, ['doneAt'])
    expect(cleared).not.toBeNull()
    expect(cleared).not.toHaveProperty('doneAt')
    expect(cleared?._clock.doneAt).toBe(stamp(2000))
    expect(mergeByFieldClock(base, cleared!)).not.toHaveProperty('doneAt')
    expect(applyLocalChange(cleared!, {}, stamp(3000), 3000, ['doneAt'])).toBeNull()
  })
})

interface TaskDoc extends SyncedDoc {
  subject: string
  doneAt?: number
}

