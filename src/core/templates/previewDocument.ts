import type { RenderedEmail } from './emailTemplate'

const PREVIEW_CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data: https: http:; style-src 'unsafe-inline'">`

// Tags with quoted attribute values that may themselves contain '>'.
const TAG = /<[a-zA-Z](?:"[^"]*"|'[^']*'|[^'">])*>/g
const EVENT_HANDLER = /([\s/])on[a-z]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/gi
const SCRIPT_URL = /([\s/](?:href|src|action|formaction|xlink:href)\s*=\s*["']?)\s*(?:javascript|vbscript|data):[^"'\s>]*/gi

/**
 * The document for the sandboxed preview iframe (srcdoc). The sandbox and the CSP already stop
 * scripts; removing them too means a mistake in either still runs nothing.
 */
export function previewHtml(rendered: RenderedEmail): string {
  const html = rendered.html
    .replace(/<script\b[\s\S]*?<\/script\s*>/gi, '')
    .replace(/<\/?script\b[^>]*>/gi, '')
    .replace(/<meta\b[^>]*http-equiv\s*=\s*["']?refresh[^>]*>/gi, '')
    .replace(TAG, (tag) => tag.replace(EVENT_HANDLER, '$1').replace(SCRIPT_URL, '$1#').replace(/\s+(\/?>)$/, '$1'))
  const head = /<head\b[^>]*>/i.exec(html)
  if (head) return insertAt(html, head.index + head[0].length, PREVIEW_CSP)
  const root = /<html\b[^>]*>/i.exec(html)
  if (root) return insertAt(html, root.index + root[0].length, `<head>${PREVIEW_CSP}</head>`)
  return PREVIEW_CSP + html
}

function insertAt(html: string, index: number, fragment: string): string {
  return html.slice(0, index) + fragment + html.slice(index)
}
