import { createHmac, timingSafeEqual } from 'node:crypto'

// The key in a workspace's public form URL (POST /in/:workspaceId/:key): HMAC-SHA256 of the
// workspace id under OUTPOST_SECRET, so the server stores nothing and a key for one workspace is
// useless for another. Rotating OUTPOST_SECRET changes every form URL (as it does tracking links).

const KEY_LENGTH = 32

export function inboundKey(secret: string, workspaceId: string): string {
  return createHmac('sha256', secret).update(`inbound:${workspaceId}`).digest('base64url').slice(0, KEY_LENGTH)
}

/** Constant-time: how much of a forged key matched never shows in the response time. */
export function isInboundKey(secret: string, workspaceId: string, candidate: string): boolean {
  const expected = Buffer.from(inboundKey(secret, workspaceId), 'utf8')
  const given = Buffer.from(candidate, 'utf8')
  return given.length === expected.length && timingSafeEqual(given, expected)
}
