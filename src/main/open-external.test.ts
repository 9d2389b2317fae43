import { beforeEach, describe, expect, it, vi } from 'vitest'

const shell = vi.hoisted(() => ({ openExternal: vi.fn(async (_url: string) => undefined) }))
vi.mock('electron', () => ({ shell }))

const { openExternalSafely } = await import('./open-external')

describe('openExternalSafely', () => {
  beforeEach(() => shell.openExternal.mockClear())

  it('opens https links in the system browser', async () => {
    await expect(openExternalSafely('https://example.com/pricing')).resolves.toEqual({ ok: true })
    expect(shell.openExternal).toHaveBeenCalledWith('https://example.com/pricing')
  })

  it.each([
    'javascript:alert(document.cookie)',
    'file:///C:/Windows/System32/calc.exe',
    'data:text/html,hi',
    'outpost://settings',
    'ms-msdt:/id PCWDiagnostic /skip force',
    'https://admin:secret@example.com',
    'not a url',
  ])('refuses %s without calling the OS', async (url) => {
    const result = await openExternalSafely(url)
    expect(result.ok).toBe(false)
    expect(shell.openExternal).not.toHaveBeenCalled()
  })

  it('reports an OS failure as a result, not a crash', async () => {
    shell.openExternal.mockRejectedValueOnce(new Error('no browser'))
    await expect(openExternalSafely('https://example.com')).resolves.toEqual({ ok: false, error: 'no browser' })
  })
})
