import { BatchSizer } from './batchSizer'

describe('BatchSizer', () => {
  it('after a stall, cuts batches to the size that would have taken about 50 ms, never below 200', () => {
    const sizer = new BatchSizer(1_000)
    expect(sizer.next(125, 1_000)).toBe(400)
    // A stall in a short last batch (few rows left) is judged by the rows it really had.
    expect(sizer.next(100, 500)).toBe(250)
    expect(sizer.next(400, 250)).toBe(200)
    // A stall while nothing was written says nothing about the batch size.
    expect(sizer.next(300, 0)).toBe(200)
  })

  it('never grows on a stall, even when the proportional size is larger', () => {
    const sizer = new BatchSizer(300)
    expect(sizer.next(90, 1_000)).toBe(300)
  })

  it('grows after three calm batches in a row, up to the maximum', () => {
    const sizer = new BatchSizer(1_500)
    expect([sizer.next(0, 1_500), sizer.next(10, 1_500), sizer.next(30, 1_500)]).toEqual([1_500, 1_500, 1_875])
    // A middling task (neither calm nor a stall) restarts the count without shrinking.
    expect([sizer.next(0, 1_875), sizer.next(60, 1_875), sizer.next(0, 1_875), sizer.next(0, 1_875)]).toEqual([1_875, 1_875, 1_875, 1_875])
    expect(sizer.next(0, 1_875)).toBe(2_000)
    expect([sizer.next(0, 2_000), sizer.next(0, 2_000), sizer.next(0, 2_000)]).toEqual([2_000, 2_000, 2_000])
  })
})
