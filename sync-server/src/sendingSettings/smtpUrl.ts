import type { Result } from '@core/result'

// SMTP URLs as admins paste them (smtp://user:pass@host:587, smtps://… for implicit TLS). The
// password is split off at once: it is stored encrypted and shown back as ***.

export interface ParsedSmtpUrl {
  host: string
  port: number
  secure: boolean
  user: string | null
  /** Null when the URL has none, or only the *** placeholder GET answers with. */
  password: string | null
  /** The URL without its password (the user name kept). */
  urlWithoutPassword: string
}

export const PASSWORD_PLACEHOLDER = '***'

export function defaultSmtpPort(secure: boolean): number {
  return secure ? 465 : 587
}

/** Errors never repeat the URL: it may hold a password. */
export function parseSmtpUrl(input: string): Result<ParsedSmtpUrl> {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    return { ok: false, error: 'enter a URL such as smtp://user:password@smtp.example.com:587' }
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') return { ok: false, error: 'the URL must start with smtp:// or smtps://' }
  if (!url.hostname) return { ok: false, error: 'the URL needs a host name' }
  if ((url.pathname !== '' && url.pathname !== '/') || url.hash) return { ok: false, error: 'the URL takes no path or # part' }
  const secure = url.protocol === 'smtps:' || url.searchParams.get('secure') === 'true'
  const port = url.port ? Number(url.port) : defaultSmtpPort(secure)
  const user = url.username ? decodeURIComponent(url.username) : null
  const rawPassword = url.password ? decodeURIComponent(url.password) : null
  const password = rawPassword === null || rawPassword === PASSWORD_PLACEHOLDER ? null : rawPassword
  url.password = ''
  return { ok: true, value: { host: url.hostname, port, secure, user, password, urlWithoutPassword: url.toString().replace(/\/$/, '') } }
}

/** The stored URL as GET shows it: the password (when one is saved) as ***. */
export function displaySmtpUrl(urlWithoutPassword: string, hasPassword: boolean): string {
  if (!hasPassword) return urlWithoutPassword
  const url = new URL(urlWithoutPassword)
  if (!url.username) return urlWithoutPassword
  url.password = PASSWORD_PLACEHOLDER
  return url.toString().replace(/\/$/, '')
}
