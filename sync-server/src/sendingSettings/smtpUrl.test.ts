import { describe, expect, it } from 'vitest'
import { displaySmtpUrl, parseSmtpUrl } from './smtpUrl'

describe('parseSmtpUrl', () => {
  it('splits the password off and keeps the rest', () => {
    const parsed = parseSmtpUrl('smtp://mailer%40example.com:s3cr%3At@smtp.example.com:2525')
    expect(parsed).toEqual({
      ok: true,
      value: { host: 'smtp.example.com', port: 2525, secure: false, user: 'mailer@example.com', password: 's3cr:t', urlWithoutPassword: 'smtp://mailer%40example.com@smtp.example.com:2525' },
    })
  })

  it('defaults the port by scheme and treats smtps as implicit TLS', () => {
    expect(parseSmtpUrl('smtps://smtp.example.com')).toMatchObject({ ok: true, value: { port: 465, secure: true, user: null, password: null } })
    expect(parseSmtpUrl('smtp://smtp.example.com')).toMatchObject({ ok: true, value: { port: 587, secure: false } })
  })

  it('reads the *** placeholder as no new password', () => {
    expect(parseSmtpUrl('smtp://me:***@smtp.example.com')).toMatchObject({ ok: true, value: { user: 'me', password: null } })
  })

  it('refuses other schemes and junk without echoing the input', () => {
    const refused = [parseSmtpUrl('https://me:topsecret@example.com'), parseSmtpUrl('smtp//me:topsecret@'), parseSmtpUrl('smtp://me:topsecret@host/path')]
    for (const result of refused) {
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error).not.toContain('topsecret')
    }
  })
})

describe('displaySmtpUrl', () => {
  it('shows *** where a saved password goes', () => {
    expect(displaySmtpUrl('smtp://me@smtp.example.com:587', true)).toBe('smtp://me:***@smtp.example.com:587')
    expect(displaySmtpUrl('smtp://me@smtp.example.com:587', false)).toBe('smtp://me@smtp.example.com:587')
  })
})
