import { BatchSizer } from './batchSizer'

describe('BatchSizer', () => {
  it('shrinks at once after a stall, down to the minimum', () => {
    const sizer = new BatchSizer(500)
    expect(sizer.next(150)).toBe(300)
    expect(sizer.next(90)).toBe(180)
    expect(sizer.next(200)).toBe(108)
    expect(sizer.next(200)).toBe(100)
    expect(sizer.next(200)).toBe(100)
  })

  it('grows after three calm batches in a row, up to the maximum', () => {
    const sizer = new BatchSizer(1_500)
    expect([sizer.next(0), sizer.next(10), sizer.next(30)]).toEqual([1_500, 1_500, 1_875])
    // A middling task (neither calm nor a stall) restarts the count without shrinking.
    expect([sizer.next(0), sizer.next(60), sizer.next(0), sizer.next(0)]).toEqual([1_875, 1_875, 1_875, 1_875])
    expect(sizer.next(0)).toBe(2_000)
    expect([sizer.next(0), sizer.next(0), sizer.next(0)]).toEqual([2_000, 2_000, 2_000])
  })
})
