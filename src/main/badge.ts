/**
 * The overdue-task count on the dock or taskbar icon. macOS and Linux (Unity launchers, e.g.
 * Ubuntu's dock) show a number through app.setBadgeCount. Windows has no badge API for desktop
 * apps, only a taskbar overlay icon: Outpost shows a small red dot there and says the count in
 * the overlay's accessible description (drawing digits at 16 px would not be readable).
 */
export interface BadgeDeps {
  platform: NodeJS.Platform
  setBadgeCount(count: number): boolean
  /** Windows: sets (description non-null) or clears the taskbar overlay on the main window. */
  setWindowsOverlay(description: string | null): void
}

export interface Badge {
  setCount(count: number): void
  /** Puts the last count back (a new main window has no overlay of its own). */
  reapply(): void
}

export function overdueDescription(count: number): string {
  return `${count.toLocaleString('en-US')} overdue ${count === 1 ? 'task' : 'tasks'}`
}

export function createBadge(deps: BadgeDeps): Badge {
  let count = 0
  const apply = (): void => {
    if (deps.platform === 'win32') deps.setWindowsOverlay(count > 0 ? overdueDescription(count) : null)
    else deps.setBadgeCount(count)
  }
  return {
    setCount(next) {
      const clamped = Math.max(0, Math.floor(next))
      if (clamped === count) return
      count = clamped
      apply()
    },
    reapply() {
      if (count > 0) apply()
    },
  }
}

/** The overlay dot as raw BGRA pixels (nativeImage.createFromBitmap): red, white rim, transparent corners. */
export function overlayDotBitmap(size = 16): Buffer {
  const pixels = Buffer.alloc(size * size * 4)
  const center = (size - 1) / 2
  const radius = size / 2
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const distance = Math.hypot(x - center, y - center)
      if (distance > radius - 0.5) continue
      const offset = (y * size + x) * 4
      const rim = distance > radius - 2
      // BGRA: red-600 (#dc2626) inside, white rim so the dot stands out on any icon.
      pixels[offset] = rim ? 255 : 0x26
      pixels[offset + 1] = rim ? 255 : 0x26
      pixels[offset + 2] = rim ? 255 : 0xdc
      pixels[offset + 3] = 255
    }
  }
  return pixels
}
