import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { canonicalSetting } from './settings'

describe('canonicalSetting', () => {
  it('is none of nothing', () => {
    expect(canonicalSetting([])).toBeUndefined()
  })

  it('is the oldest item, ties broken by id, whatever order the items come in', () => {
    const items = [
      { id: 'b', createdAt: 5 },
      { id: 'c', createdAt: 3 },
      { id: 'a', createdAt: 3 },
    ]
    expect(canonicalSetting(items)?.id).toBe('a')
    fc.assert(
      fc.property(fc.uniqueArray(fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), createdAt: fc.nat(10) }), { minLength: 1, selector: (item) => item.id }), (list) => {
        const picked = canonicalSetting(list)
        const reversed = canonicalSetting([...list].reverse())
        expect(reversed).toEqual(picked)
        for (const item of list) expect(item.createdAt > picked!.createdAt || (item.createdAt === picked!.createdAt && item.id >= picked!.id)).toBe(true)
      }),
    )
  })
})
