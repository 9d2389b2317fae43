// `outpost://` links, as the OS hands them to the app (macOS open-url, or a launch argument on
// Windows and Linux). A link comes from anywhere (a web page, an email), so only these exact
// forms are understood; everything else is refused.

export const DEEP_LINK_SCHEME = 'outpost'

export type DeepLinkTarget = { kind: 'contact'; id: string } | { kind: 'campaign'; id: string } | { kind: 'campaigns' } | { kind: 'import' }

/** Record ids are ULIDs; any short run of ASCII letters and digits is accepted, nothing that could carry a path or query. */
export const DEEP_LINK_ID_PATTERN = /^[0-9A-Za-z]{1,64}$/

/** Longer than any valid link: refuse without looking further. */
const MAX_LINK_LENGTH = 100

const PREFIX = `${DEEP_LINK_SCHEME}://`
// A single trailing slash is tolerated: Windows shells and some browsers add one.
const RECORD_LINK = /^(contact|campaign)\/([0-9A-Za-z]{1,64})\/?$/
const LIST_LINK = /^(campaigns|import)\/?$/

export function parseDeepLink(link: string): DeepLinkTarget | null {
  if (typeof link !== 'string' || link.length > MAX_LINK_LENGTH) return null
  // The scheme is case-insensitive (RFC 3986); the rest is matched exactly.
  if (link.slice(0, PREFIX.length).toLowerCase() !== PREFIX) return null
  const rest = link.slice(PREFIX.length)
  const record = RECORD_LINK.exec(rest)
  const id = record?.[2]
  if (record && id) return record[1] === 'contact' ? { kind: 'contact', id } : { kind: 'campaign', id }
  const list = LIST_LINK.exec(rest)
  if (list) return list[1] === 'campaigns' ? { kind: 'campaigns' } : { kind: 'import' }
  return null
}

/** The canonical link for a target (what parseDeepLink reads back to the same target). */
export function formatDeepLink(target: DeepLinkTarget): string {
  switch (target.kind) {
    case 'contact':
    case 'campaign':
      return `${PREFIX}${target.kind}/${target.id}`
    default:
      return `${PREFIX}${target.kind}`
  }
}

/** The renderer's hash route for a target (see src/renderer/src/app/router.ts). */
export function deepLinkRoute(target: DeepLinkTarget): string {
  switch (target.kind) {
    case 'contact':
      return `#/contacts/${target.id}`
    case 'campaign':
      return `#/campaigns/${target.id}`
    case 'campaigns':
      return '#/campaigns'
    case 'import':
      return '#/import'
  }
}
