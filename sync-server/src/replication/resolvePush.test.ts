import { formatStamp, MAX_CLOCK_DRIFT_MS } from '@core/hlc'
import { contactDoc, editDoc } from '../testing/docs'
import { clampDocument, resolvePush, sameDocument } from './resolvePush'

const T0 = Date.UTC(2026, 10, 1)
const NOW = T0 + 60_000

function row(doc: Record<string, unknown>, assumed: Record<string, unknown> | null) {
  return { id: doc.id as string, doc, assumedMasterState: assumed }
}

describe('resolvePush', () => {
  it('stores a new document without conflict', () => {
    const doc = contactDoc({}, T0)
    const result = resolvePush([row(doc, null)], new Map(), NOW)
    expect(result.writes).toEqual([{ id: doc.id, doc }])
    expect(result.conflicts).toEqual([])
  })

  it('fast-forwards when the client based its edit on the stored master', () => {
    const master = contactDoc({}, T0)
    const edited = editDoc(master, { firstName: 'Augusta' }, T0 + 1000, 'deviceA')
    const result = resolvePush([row(edited, master)], new Map([[master.id, master]]), NOW)
    expect(result.writes).toHaveLength(1)
    expect(result.writes[0]?.doc.firstName).toBe('Augusta')
    expect(result.conflicts).toEqual([])
  })

  it('merges two offline edits of different fields and answers the merge as a conflict', () => {
    const base = contactDoc({}, T0)
    const fromA = editDoc(base, { firstName: 'Augusta' }, T0 + 1000, 'deviceA')
    const fromB = editDoc(base, { phone: '+44 20 7946 0000' }, T0 + 2000, 'deviceB')
    const result = resolvePush([row(fromB, base)], new Map([[base.id, fromA]]), NOW)
    const merged = result.writes[0]?.doc
    expect(merged).toMatchObject({ firstName: 'Augusta', phone: '+44 20 7946 0000' })
    expect(result.conflicts).toEqual([merged])
  })

  it('answers the master without writing when the push brings nothing newer', () => {
    const base = contactDoc({}, T0)
    const newer = editDoc(base, { firstName: 'Augusta' }, T0 + 5000, 'deviceA')
    const older = editDoc(base, { firstName: 'Ada B.' }, T0 + 1000, 'deviceB')
    const result = resolvePush([row(older, base)], new Map([[base.id, newer]]), NOW)
    expect(result.writes).toEqual([])
    expect(result.conflicts).toHaveLength(1)
    expect(result.conflicts[0]?.firstName).toBe('Augusta')
  })

  it('keeps a later delete over an earlier edit of another field (tombstone wins by its stamp)', () => {
    const base = contactDoc({}, T0)
    const edited = editDoc(base, { firstName: 'Augusta' }, T0 + 1000, 'deviceA')
    const deleted = editDoc(base, { _deleted: true }, T0 + 2000, 'deviceB')
    const result = resolvePush([row(deleted, base)], new Map([[base.id, edited]]), NOW)
    expect(result.writes[0]?.doc).toMatchObject({ _deleted: true, firstName: 'Augusta' })
  })

  it('is idempotent: re-pushing what is stored writes nothing and reports no conflict', () => {
    const doc = contactDoc({}, T0)
    const result = resolvePush([row(doc, doc)], new Map([[doc.id, doc]]), NOW)
    expect(result).toEqual({ writes: [], conflicts: [] })
  })

  it('clamps a clock far in the future, so a correct later edit wins over it', () => {
    const base = contactDoc({}, T0)
    const farFuture = T0 + 10 * 365 * 24 * 3600_000
    const skewed = editDoc(base, { firstName: 'From 2036' }, farFuture, 'skewed')
    const first = resolvePush([row(skewed, base)], new Map([[base.id, base]]), NOW)
    const stored = first.writes[0]?.doc as Record<string, unknown> & { _clock: Record<string, string>; updatedAt: number }
    expect(stored._clock.firstName).toBe(formatStamp({ wallMs: NOW + MAX_CLOCK_DRIFT_MS, counter: 0, node: 'skewed' }))
    expect(stored.updatedAt).toBe(NOW + MAX_CLOCK_DRIFT_MS)
    // No conflict answered for a clamp alone (the client would re-push its own stamps forever).
    expect(first.conflicts).toEqual([])

    const later = NOW + MAX_CLOCK_DRIFT_MS + 1000
    const honest = editDoc(stored, { firstName: 'Fixed' }, later, 'honest')
    const second = resolvePush([row(honest, stored)], new Map([[base.id, stored]]), later)
    expect(second.writes[0]?.doc.firstName).toBe('Fixed')
  })

  it('applies several rows for one id in order', () => {
    const base = contactDoc({}, T0)
    const one = editDoc(base, { firstName: 'One' }, T0 + 1000, 'deviceA')
    const two = editDoc(one, { lastName: 'Two' }, T0 + 2000, 'deviceA')
    const result = resolvePush([row(one, base), row(two, one)], new Map([[base.id, base]]), NOW)
    expect(result.writes).toHaveLength(1)
    expect(result.writes[0]?.doc).toMatchObject({ firstName: 'One', lastName: 'Two' })
    expect(result.conflicts).toEqual([])
  })
})

describe('sameDocument and clampDocument', () => {
  it('ignores key order, storage meta and a missing _deleted', () => {
    const doc = contactDoc({}, T0)
    const { _deleted: _d, ...withoutDeleted } = doc
    const reordered = Object.fromEntries(Object.entries({ ...withoutDeleted, _rev: '1-x' }).reverse())
    expect(sameDocument(doc, reordered)).toBe(true)
    expect(sameDocument(doc, { ...doc, firstName: 'Other' })).toBe(false)
  })

  it('leaves a document within the drift window untouched (same object)', () => {
    const doc = contactDoc({}, NOW + MAX_CLOCK_DRIFT_MS)
    expect(clampDocument(doc, NOW)).toBe(doc)
  })
})
