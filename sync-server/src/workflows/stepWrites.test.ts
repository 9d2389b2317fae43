import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Contact } from '@core/schema'
import { contactDoc } from '../testing/docs'
import { rebaseContactPatch } from './stepWrites'

// Two steps (or a step and a device) changing one contact at once must both keep their change:
// a step's patch is re-applied to the stored contact, not written over it.

const tag = fc.constantFrom('a', 'b', 'c', 'd', 'e')
const tags = fc.uniqueArray(tag, { maxLength: 5 })

function withTags(list: string[], scoreAdjustment = 0): Contact {
  return { ...contactDoc({ tags: list }), scoreAdjustment } as Contact
}

describe('rebaseContactPatch', () => {
  it('on the contact it was computed from, it is the patch itself', () => {
    fc.assert(
      fc.property(tags, tags, (read, wanted) => {
        const contact = withTags(read)
        expect(rebaseContactPatch(contact, { tags: wanted }, contact).tags?.slice().sort()).toEqual([...wanted].sort())
      }),
    )
  })

  it('two steps adding and removing tags from the same read keep both changes, in either order', () => {
    fc.assert(
      fc.property(tags, tag, tag, (read, first, second) => {
        const contact = withTags(read)
        const addFirst = [...new Set([...read, first])]
        const removeSecond = read.filter((value) => value !== second)
        const oneWay = rebaseContactPatch(contact, { tags: removeSecond }, withTags(rebaseContactPatch(contact, { tags: addFirst }, contact).tags ?? []))
        const otherWay = rebaseContactPatch(contact, { tags: addFirst }, withTags(rebaseContactPatch(contact, { tags: removeSecond }, contact).tags ?? []))
        const expected = new Set(read)
        if (!read.includes(first)) expected.add(first)
        if (read.includes(second)) expected.delete(second)
        expect(new Set(oneWay.tags)).toEqual(expected)
        expect(new Set(otherWay.tags)).toEqual(expected)
      }),
    )
  })

  it('moves the score adjustment by the step’s delta from what is stored now', () => {
    fc.assert(
      fc.property(fc.integer({ min: -500, max: 500 }), fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 }), (start, delta, meanwhile) => {
        const read = withTags([], start)
        const current = withTags([], start + meanwhile)
        expect(rebaseContactPatch(read, { scoreAdjustment: start + delta }, current).scoreAdjustment).toBe(start + meanwhile + delta)
      }),
    )
  })
})
