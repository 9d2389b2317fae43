import { createHmac, timingSafeEqual } from 'node:crypto'

// Tracking and unsubscribe tokens: HMAC-SHA256 (OUTPOST_SECRET) over what the token is bound to,
// so a token cannot be altered to name another workspace, campaign, recipient or link.
// Format: <kind>.<workspaceId>.<campaignId>.<contactId>.<linkIndex>.<issuedAt base36>.<signature>
// Everything a hit needs is inside the token: the hot path reads no database to check it.

export type TrackingTokenKind = 'o' | 'c' | 'u'

export interface TrackingTokenClaims {
  /** o: open pixel, c: click, u: unsubscribe. */
  kind: TrackingTokenKind
  workspaceId: string
  campaignId: string
  /** The recipient (recipients are unique per campaign and contact). */
  contactId: string
  /** Clicks: the link's position in the campaign's stored links; -1 for other kinds. */
  linkIndex: number
  /** When the message was built (epoch ms, whole seconds): tells instant machine opens apart. */
  issuedAt: number
}

const ID_PATTERN = /^[0-9A-Za-z]{1,26}$/
const SIGNATURE_BYTES = 16
const KINDS: ReadonlySet<string> = new Set(['o', 'c', 'u'])
const MAX_TOKEN_LENGTH = 200

function signature(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest().subarray(0, SIGNATURE_BYTES)
}

export function signTrackingToken(claims: TrackingTokenClaims, secret: string): string {
  for (const id of [claims.workspaceId, claims.campaignId, claims.contactId]) {
    if (!ID_PATTERN.test(id)) throw new Error(`tracking token: malformed id ${id}`)
  }
  if (!Number.isInteger(claims.linkIndex) || claims.linkIndex < -1) throw new Error('tracking token: linkIndex must be an integer ≥ -1')
  const payload = [
    claims.kind,
    claims.workspaceId,
    claims.campaignId,
    claims.contactId,
    claims.linkIndex === -1 ? '' : claims.linkIndex.toString(36),
    Math.floor(claims.issuedAt / 1000).toString(36),
  ].join('.')
  return `${payload}.${signature(secret, payload).toString('base64url')}`
}

/** The claims of a well-formed token whose signature checks out (and whose kind is `kind`), else null. */
export function verifyTrackingToken(token: string, kind: TrackingTokenKind, secret: string): TrackingTokenClaims | null {
  if (token.length > MAX_TOKEN_LENGTH) return null
  const parts = token.split('.')
  if (parts.length !== 7) return null
  const [tokenKind, workspaceId, campaignId, contactId, link, issued, sig] = parts as [string, string, string, string, string, string, string]
  if (tokenKind !== kind || !KINDS.has(tokenKind)) return null
  if (!ID_PATTERN.test(workspaceId) || !ID_PATTERN.test(campaignId) || !ID_PATTERN.test(contactId)) return null
  if (!/^[0-9a-z]{0,8}$/.test(link) || !/^[0-9a-z]{1,10}$/.test(issued)) return null
  if ((kind === 'c') !== (link !== '')) return null
  // Compared as canonical text, not decoded bytes: base64 decoding ignores the spare low bits of
  // the last character (and skips stray characters), so a decoded comparison accepts altered tokens.
  const expected = Buffer.from(signature(secret, parts.slice(0, 6).join('.')).toString('base64url'))
  const given = Buffer.from(sig)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
  return {
    kind,
    workspaceId,
    campaignId,
    contactId,
    linkIndex: link === '' ? -1 : parseInt(link, 36),
    issuedAt: parseInt(issued, 36) * 1000,
  }
}
