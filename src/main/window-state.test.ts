import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defaultWindowSize, isOnVisibleDisplay, loadWindowState, saveWindowState } from './window-state'

const laptop = { x: 0, y: 0, width: 1920, height: 1080 }
const externalMonitor = { x: 1920, y: 0, width: 2560, height: 1440 }

let dir: string
let file: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'outpost-window-state-'))
  file = join(dir, 'nested', 'window-state.json')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('window state', () => {
  it('restores the size, position and maximized flag it saved', () => {
    saveWindowState(file, { x: 100, y: 80, width: 1400, height: 900, isMaximized: true })
    expect(loadWindowState(file, [laptop])).toEqual({ bounds: { x: 100, y: 80, width: 1400, height: 900 }, isMaximized: true })
  })

  it('restores a window on a second monitor while that monitor is attached', () => {
    saveWindowState(file, { x: 2200, y: 100, width: 1200, height: 800, isMaximized: false })
    expect(loadWindowState(file, [laptop, externalMonitor]).bounds).toEqual({ x: 2200, y: 100, width: 1200, height: 800 })
  })

  it('falls back to centred defaults when the saved monitor is gone', () => {
    saveWindowState(file, { x: 2200, y: 100, width: 1200, height: 800, isMaximized: false })
    expect(loadWindowState(file, [laptop])).toEqual({ bounds: { ...defaultWindowSize }, isMaximized: false })
  })

  it('rejects bounds whose title bar is off-screen', () => {
    expect(isOnVisibleDisplay({ x: 100, y: -500, width: 1200, height: 800 }, [laptop])).toBe(false)
    expect(isOnVisibleDisplay({ x: 1880, y: 100, width: 1200, height: 800 }, [laptop])).toBe(false)
    expect(isOnVisibleDisplay({ x: -5000, y: -5000, width: 1200, height: 800 }, [laptop])).toBe(false)
    expect(isOnVisibleDisplay({ x: 1700, y: 100, width: 1200, height: 800 }, [laptop])).toBe(true)
  })

  it('uses defaults when there is no file yet', () => {
    expect(loadWindowState(file, [laptop])).toEqual({ bounds: { ...defaultWindowSize }, isMaximized: false })
  })

  it.each(['{not json', '{"x":"1","y":0,"width":1200,"height":800,"isMaximized":false}', '{"x":0,"y":0,"width":10,"height":10,"isMaximized":false}', 'null'])(
    'uses defaults for a corrupt or tampered file: %s',
    (contents) => {
      saveWindowState(file, { x: 0, y: 0, width: 1200, height: 800, isMaximized: false })
      writeFileSync(file, contents)
      expect(loadWindowState(file, [laptop])).toEqual({ bounds: { ...defaultWindowSize }, isMaximized: false })
    },
  )

  it('writes plain JSON with no leftover temp file', () => {
    saveWindowState(file, { x: 1, y: 2, width: 1000, height: 700, isMaximized: false })
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ x: 1, y: 2, width: 1000, height: 700, isMaximized: false })
    expect(() => readFileSync(`${file}.tmp`)).toThrow()
  })
})
