// Shared by main (shell.openExternal) and the browser platform (window.open), so both refuse the same URLs.

export type ExternalUrlCheck = { ok: true; url: string } | { ok: false; error: string }

const allowedProtocols = new Set(['http:', 'https:'])

/** Accepts only absolute http(s) URLs without embedded credentials; returns the normalized href. */
export function checkExternalUrl(raw: unknown): ExternalUrlCheck {
  if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, error: 'URL must be a non-empty string' }
  let parsed: URL
  try {
    parsed = new URL(raw)
  } catch {
    return { ok: false, error: 'URL is not valid' }
  }
  if (!allowedProtocols.has(parsed.protocol)) {
    return { ok: false, error: `Only http and https links can be opened (got ${parsed.protocol})` }
  }
  // user:pass@host is a classic phishing disguise ("https://bank.com@evil.example").
  if (parsed.username !== '' || parsed.password !== '') {
    return { ok: false, error: 'Links with embedded credentials are not opened' }
  }
  if (parsed.hostname === '') return { ok: false, error: 'URL has no host' }
  return { ok: true, url: parsed.href }
}
