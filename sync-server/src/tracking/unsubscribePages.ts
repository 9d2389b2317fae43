// The unsubscribe pages: small, self-contained (no scripts, no external assets), readable on a
// phone, usable with a keyboard and a screen reader.

const STYLE = `
  :root { color-scheme: light dark; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: Canvas; color: CanvasText; }
  main { max-width: 28rem; padding: 2rem 1.5rem; text-align: center; line-height: 1.5; }
  h1 { font-size: 1.5rem; margin: 0 0 0.75rem; }
  p { margin: 0 0 1.5rem; }
  button { font: inherit; font-weight: 600; padding: 0.75rem 1.5rem; border-radius: 0.5rem; border: 0;
    background: #b42318; color: #fff; cursor: pointer; }
  button:focus-visible { outline: 3px solid #2563eb; outline-offset: 3px; }
`

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`
}

/** GET: asks; only the button (a POST to the same address) unsubscribes. */
export function confirmUnsubscribePage(): string {
  return page(
    'Unsubscribe',
    `<h1>Unsubscribe from these emails?</h1>
<p>You will no longer receive campaign emails from this sender.</p>
<form method="post">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button>
</form>`,
  )
}

export function unsubscribedPage(): string {
  return page('You are unsubscribed', `<h1 role="status">You are unsubscribed</h1>\n<p>You will not receive campaign emails from this sender again.</p>`)
}

export function invalidLinkPage(): string {
  return page('Link not valid', `<h1>This link is not valid</h1>\n<p>It may have been copied incompletely. Use the unsubscribe link in the email itself.</p>`)
}

/** Headers of every page: no caching, no framing (an invisible button must not be clicked for you), no referrer (the token is in the URL). */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
}
