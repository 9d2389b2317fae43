// Mirrors the <meta http-equiv="Content-Security-Policy"> in src/renderer/index.html (a test keeps
// them identical, header-only directives aside): both are enforced, so a looser header would buy nothing and a stricter one would
// silently break what the meta allows.
// img-src https: email previews (sandboxed srcdoc frames inherit this policy) show the images a
// template links to, as mail clients do; images only, never scripts or frames.
// connect-src: the sync server is user-configured, so any https host; plain http/ws only on loopback
// (a local dev server) so credentials never cross a network unencrypted.
export const contentSecurityPolicyDirectives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:', 'https:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'", 'http://127.0.0.1:*', 'http://localhost:*', 'https:', 'ws://127.0.0.1:*', 'ws://localhost:*'],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
} as const satisfies Record<string, readonly string[]>

/** Browsers ignore these in a <meta> policy (and warn), so only the header carries them. */
export const headerOnlyDirectives: readonly string[] = ['frame-ancestors']

export const contentSecurityPolicy = Object.entries(contentSecurityPolicyDirectives)
  .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
  .join('; ')
