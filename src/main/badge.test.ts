import { describe, expect, it, vi } from 'vitest'
import { createBadge, overdueDescription, overlayDotBitmap } from './badge'

function setup(platform: NodeJS.Platform) {
  const setBadgeCount = vi.fn<(count: number) => boolean>(() => true)
  const setWindowsOverlay = vi.fn<(description: string | null) => void>()
  return { badge: createBadge({ platform, setBadgeCount, setWindowsOverlay }), setBadgeCount, setWindowsOverlay }
}

describe('overdue badge', () => {
  it.each(['darwin', 'linux'] as const)('shows the count on the %s dock/launcher and clears it at zero', (platform) => {
    const { badge, setBadgeCount, setWindowsOverlay } = setup(platform)
    badge.setCount(3)
    badge.setCount(0)
    expect(setBadgeCount.mock.calls).toEqual([[3], [0]])
    expect(setWindowsOverlay).not.toHaveBeenCalled()
  })

  it('uses a taskbar overlay on Windows, with the count as its description', () => {
    const { badge, setBadgeCount, setWindowsOverlay } = setup('win32')
    badge.setCount(1)
    badge.setCount(12)
    badge.setCount(0)
    expect(setWindowsOverlay.mock.calls).toEqual([['1 overdue task'], ['12 overdue tasks'], [null]])
    expect(setBadgeCount).not.toHaveBeenCalled()
  })

  it('does not touch the OS when the count stays the same', () => {
    const { badge, setBadgeCount } = setup('darwin')
    badge.setCount(0)
    badge.setCount(2)
    badge.setCount(2)
    expect(setBadgeCount.mock.calls).toEqual([[2]])
  })

  it('puts the last count back on a new window', () => {
    const { badge, setWindowsOverlay } = setup('win32')
    badge.reapply()
    expect(setWindowsOverlay).not.toHaveBeenCalled()
    badge.setCount(4)
    badge.reapply()
    expect(setWindowsOverlay.mock.calls).toEqual([['4 overdue tasks'], ['4 overdue tasks']])
  })

  it('formats large counts', () => {
    expect(overdueDescription(1200)).toBe('1,200 overdue tasks')
  })
})

describe('overlayDotBitmap', () => {
  it('is a BGRA square: red centre, transparent corners', () => {
    const size = 16
    const pixels = overlayDotBitmap(size)
    expect(pixels).toHaveLength(size * size * 4)
    const at = (x: number, y: number) => [...pixels.subarray((y * size + x) * 4, (y * size + x) * 4 + 4)]
    expect(at(0, 0)[3]).toBe(0)
    expect(at(15, 15)[3]).toBe(0)
    expect(at(8, 8)).toEqual([0x26, 0x26, 0xdc, 255])
  })
})
