import { afterEach, describe, expect, it, vi } from 'vitest'
import { webPlatform } from './web'

afterEach(() => vi.restoreAllMocks())

describe('web platform', () => {
  it('is the browser host', async () => {
    expect(webPlatform.kind).toBe('web')
    const info = await webPlatform.getAppInfo()
    expect(info.name).toBe('Outpost')
    expect(typeof info.version).toBe('string')
    expect(typeof info.platform).toBe('string')
  })

  it('opens http(s) links in a new tab without giving it this window', async () => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null)
    await expect(webPlatform.openExternal('https://example.com/a')).resolves.toEqual({ ok: true })
    expect(open).toHaveBeenCalledWith('https://example.com/a', '_blank', 'noopener,noreferrer')
  })

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'outpost://x', 'https://u:p@example.com'])('refuses %s', async (url) => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null)
    const result = await webPlatform.openExternal(url)
    expect(result.ok).toBe(false)
    expect(open).not.toHaveBeenCalled()
  })

  it('has no native menu: subscribing is a no-op that can be undone', () => {
    const listener = vi.fn()
    const off = webPlatform.onMenuCommand(listener)
    expect(() => off()).not.toThrow()
    expect(listener).not.toHaveBeenCalled()
  })
})
