import { describe, expect, it } from 'vitest'
import { checkExternalUrl } from './external-url'

describe('checkExternalUrl', () => {
  it.each(['https://example.com', 'https://example.com/path?q=1#x', 'http://localhost:3100/'])('accepts %s', (url) => {
    expect(checkExternalUrl(url)).toEqual({ ok: true, url: new URL(url).href })
  })

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'file:///etc/passwd',
    'data:text/html,<script>alert(1)</script>',
    'outpost://open',
    'ms-msdt:/id PCWDiagnostic',
    'smb://host/share',
    'https://user:pass@example.com',
    'https://bank.example@evil.example',
    '//example.com',
    'example.com',
    'not a url',
    '',
    '   ',
  ])('refuses %s', (url) => {
    expect(checkExternalUrl(url).ok).toBe(false)
  })

  it('refuses non-strings', () => {
    expect(checkExternalUrl(undefined).ok).toBe(false)
    expect(checkExternalUrl({ href: 'https://example.com' }).ok).toBe(false)
  })
})
