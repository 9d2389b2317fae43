import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

// Every delivery is signed so receivers can tell it came from this workspace's Outpost and was
// not replayed much later: x-outpost-signature = v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>,
// with x-outpost-timestamp in unix seconds (receivers should refuse old timestamps).

export const SIGNATURE_VERSION = 'v1'

/** A new signing secret (shown to the admin once, stored sealed). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`
}

export function signWebhookBody(secret: string, timestampSeconds: number, body: string): string {
  return `${SIGNATURE_VERSION}=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`
}

/** What a receiver does: recompute and compare in constant time (tests use it as a receiver would). */
export function verifyWebhookSignature(secret: string, timestampSeconds: string, body: string, signature: string): boolean {
  if (!/^\d{1,12}$/.test(timestampSeconds)) return false
  const expected = Buffer.from(signWebhookBody(secret, Number(timestampSeconds), body))
  const given = Buffer.from(signature)
  return expected.length === given.length && timingSafeEqual(expected, given)
}
