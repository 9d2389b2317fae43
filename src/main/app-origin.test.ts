import { describe, expect, it } from 'vitest'
import { resolveAppOrigin } from './app-origin'

describe('resolveAppOrigin', () => {
  it('uses the renderer file in production and accepts only that file', () => {
    const origin = resolveAppOrigin({ devServerUrl: undefined, rendererIndexPath: '/opt/Outpost/out/renderer/index.html' })
    expect(origin.entryUrl).toBe('file:///opt/Outpost/out/renderer/index.html')
    expect(origin.isAppUrl('file:///opt/Outpost/out/renderer/index.html#/companies?q=1')).toBe(true)
    expect(origin.isAppUrl('file:///opt/Outpost/out/renderer/evil.html')).toBe(false)
    expect(origin.isAppUrl('file:///etc/passwd')).toBe(false)
    expect(origin.isAppUrl('https://example.com/opt/Outpost/out/renderer/index.html')).toBe(false)
    expect(origin.isAppUrl('not a url')).toBe(false)
  })

  it('uses a loopback dev server and accepts its origin only', () => {
    const origin = resolveAppOrigin({ devServerUrl: 'http://localhost:5173', rendererIndexPath: '/x/index.html' })
    expect(origin.entryUrl).toBe('http://localhost:5173/')
    expect(origin.isAppUrl('http://localhost:5173/#/contacts')).toBe(true)
    expect(origin.isAppUrl('http://localhost:5174/')).toBe(false)
    expect(origin.isAppUrl('https://localhost:5173/')).toBe(false)
  })

  it.each(['https://evil.example', 'file:///tmp/x.html', 'javascript:alert(1)', 'garbage'])(
    'ignores a dev server URL that is not loopback http(s): %s',
    (devServerUrl) => {
      const origin = resolveAppOrigin({ devServerUrl, rendererIndexPath: '/opt/Outpost/out/renderer/index.html' })
      expect(origin.entryUrl).toBe('file:///opt/Outpost/out/renderer/index.html')
      expect(origin.isAppUrl('https://evil.example/')).toBe(false)
    },
  )
})
