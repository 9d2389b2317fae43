import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'

export interface Rectangle {
  x: number
  y: number
  width: number
  height: number
}

export const minWindowSize = { width: 800, height: 560 } as const
export const defaultWindowSize = { width: 1280, height: 800 } as const

const windowStateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(minWindowSize.width).max(100_000),
  height: z.number().int().min(minWindowSize.height).max(100_000),
  isMaximized: z.boolean(),
})

export type WindowState = z.infer<typeof windowStateSchema>

/** Bounds to create the window with; no x/y means "let Electron centre it". */
export interface InitialWindowState {
  bounds: { width: number; height: number; x?: number; y?: number }
  isMaximized: boolean
}

// The title bar must stay reachable, or the user cannot drag the window back.
const titleBarHeight = 32
const minVisibleTitleBarWidth = 100

function overlap(aStart: number, aLength: number, bStart: number, bLength: number): number {
  return Math.max(0, Math.min(aStart + aLength, bStart + bLength) - Math.max(aStart, bStart))
}

/** True when the window's title bar strip lies on some display's work area (e.g. not on an unplugged monitor). */
export function isOnVisibleDisplay(bounds: Rectangle, workAreas: readonly Rectangle[]): boolean {
  return workAreas.some(
    (area) =>
      overlap(bounds.x, bounds.width, area.x, area.width) >= minVisibleTitleBarWidth &&
      overlap(bounds.y, titleBarHeight, area.y, area.height) >= titleBarHeight,
  )
}

function defaultState(): InitialWindowState {
  return { bounds: { ...defaultWindowSize }, isMaximized: false }
}

/** A missing, corrupt or off-screen state file falls back to defaults instead of a lost window. */
export function loadWindowState(filePath: string, workAreas: readonly Rectangle[]): InitialWindowState {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(filePath, 'utf8'))
  } catch {
    return defaultState()
  }
  const parsed = windowStateSchema.safeParse(raw)
  if (!parsed.success) return defaultState()
  const { isMaximized, ...bounds } = parsed.data
  if (!isOnVisibleDisplay(bounds, workAreas)) return { ...defaultState(), isMaximized }
  return { bounds, isMaximized }
}

export function saveWindowState(filePath: string, state: WindowState): void {
  const valid = windowStateSchema.safeParse(state)
  if (!valid.success) return
  mkdirSync(dirname(filePath), { recursive: true })
  // Write-then-rename so a crash mid-write never leaves a half-written file behind.
  const tmpPath = `${filePath}.tmp`
  writeFileSync(tmpPath, JSON.stringify(valid.data), 'utf8')
  renameSync(tmpPath, filePath)
}
