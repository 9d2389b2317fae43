import { afterEach, describe, expect, it, vi } from 'vitest'
import type { OutpostBridge } from '../../../shared/ipc-contract'

afterEach(() => {
  delete window.outpost
  vi.resetModules()
})

describe('platform selection', () => {
  it('uses the browser platform when there is no bridge', async () => {
    const { platform } = await import('./index')
    expect(platform.kind).toBe('web')
  })

  it('uses the Electron bridge when the preload exposed it', async () => {
    window.outpost = { invoke: vi.fn(), on: vi.fn(() => () => undefined) } as unknown as OutpostBridge
    const { platform } = await import('./index')
    expect(platform.kind).toBe('electron')
  })
})
