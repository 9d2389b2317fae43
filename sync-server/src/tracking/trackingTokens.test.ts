import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { signTrackingToken, verifyTrackingToken } from './trackingTokens'
import type { TrackingTokenClaims, TrackingTokenKind } from './trackingTokens'

const SECRET = 'test-secret-0123456789abcdef0123456789'
const ID_CHARS = '0123456789ABCDEFGHJKMNPQRSTVWXYZabcdefghijklmnopqrstuvwxyz'.split('')
const TOKEN_CHARS = `${ID_CHARS.join('')}._-=+/ %`.split('')

const idArb = fc.string({ unit: fc.constantFrom(...ID_CHARS), minLength: 1, maxLength: 26 })
const kindArb = fc.constantFrom<TrackingTokenKind>('o', 'c', 'u')
const claimsArb: fc.Arbitrary<TrackingTokenClaims> = fc
  .record({
    kind: kindArb,
    workspaceId: idArb,
    campaignId: idArb,
    contactId: idArb,
    linkIndex: fc.integer({ min: 0, max: 10_000 }),
    issuedAt: fc.integer({ min: 0, max: 4_000_000_000 }).map((seconds) => seconds * 1000),
  })
  .map((claims) => (claims.kind === 'c' ? claims : { ...claims, linkIndex: -1 }))

describe('tracking tokens', () => {
  it('verify gives back exactly the signed claims', () => {
    fc.assert(
      fc.property(claimsArb, (claims) => {
        expect(verifyTrackingToken(signTrackingToken(claims, SECRET), claims.kind, SECRET)).toEqual(claims)
      }),
    )
  })

  it('any altered character makes the token invalid', () => {
    fc.assert(
      fc.property(claimsArb, fc.nat(), fc.constantFrom(...TOKEN_CHARS), (claims, position, replacement) => {
        const token = signTrackingToken(claims, SECRET)
        const index = position % token.length
        fc.pre(token[index] !== replacement)
        const altered = token.slice(0, index) + replacement + token.slice(index + 1)
        expect(verifyTrackingToken(altered, claims.kind, SECRET)).toBeNull()
      }),
      { numRuns: 2_000 },
    )
  })

  it('changing the last signature character is caught (its spare base64 bits included)', () => {
    const token = signTrackingToken({ kind: 'o', workspaceId: 'W1', campaignId: 'C1', contactId: 'P1', linkIndex: -1, issuedAt: 1_000 }, SECRET)
    const last = token.at(-1) ?? ''
    const neighbours = ID_CHARS.filter((char) => char !== last)
    for (const char of neighbours) expect(verifyTrackingToken(token.slice(0, -1) + char, 'o', SECRET)).toBeNull()
  })

  it('truncated or extended tokens are invalid', () => {
    fc.assert(
      fc.property(claimsArb, fc.integer({ min: 1, max: 30 }), (claims, cut) => {
        const token = signTrackingToken(claims, SECRET)
        expect(verifyTrackingToken(token.slice(0, -cut), claims.kind, SECRET)).toBeNull()
        expect(verifyTrackingToken(`${token}A`, claims.kind, SECRET)).toBeNull()
      }),
    )
  })

  it('a token of one kind is refused as another kind', () => {
    fc.assert(
      fc.property(claimsArb, kindArb, (claims, other) => {
        fc.pre(other !== claims.kind)
        expect(verifyTrackingToken(signTrackingToken(claims, SECRET), other, SECRET)).toBeNull()
      }),
    )
  })

  it('a token signed with another secret is refused', () => {
    fc.assert(
      fc.property(claimsArb, fc.string({ minLength: 32, maxLength: 64 }), (claims, otherSecret) => {
        fc.pre(otherSecret !== SECRET)
        expect(verifyTrackingToken(signTrackingToken(claims, otherSecret), claims.kind, SECRET)).toBeNull()
      }),
    )
  })

  it('arbitrary strings never verify', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 250 }), kindArb, (text, kind) => {
        expect(verifyTrackingToken(text, kind, SECRET)).toBeNull()
      }),
    )
  })

  it('signs with exactly the HMAC-SHA256 of node:crypto, for short, block-sized, long and non-ASCII secrets', () => {
    const secretArb = fc.oneof(fc.string({ minLength: 1, maxLength: 63 }), fc.string({ minLength: 64, maxLength: 64 }), fc.string({ minLength: 65, maxLength: 200 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }))
    fc.assert(
      fc.property(claimsArb, secretArb, (claims, secret) => {
        const token = signTrackingToken(claims, secret)
        const payload = token.slice(0, token.lastIndexOf('.'))
        const reference = createHmac('sha256', secret).update(payload).digest().subarray(0, 16).toString('base64url')
        expect(token.slice(payload.length + 1)).toBe(reference)
        expect(verifyTrackingToken(token, claims.kind, secret)).toEqual(claims)
      }),
      { numRuns: 500 },
    )
  })

  it('a signature character outside latin1 whose low byte matches the real one is refused', () => {
    const token = signTrackingToken({ kind: 'o', workspaceId: 'W1', campaignId: 'C1', contactId: 'P1', linkIndex: -1, issuedAt: 1_000 }, SECRET)
    const last = token.charCodeAt(token.length - 1)
    // Written as latin1, U+0100 + c would become the byte c: the same bytes as the valid token.
    expect(verifyTrackingToken(token.slice(0, -1) + String.fromCharCode(0x100 + last), 'o', SECRET)).toBeNull()
    expect(verifyTrackingToken(token, 'o', SECRET)).not.toBeNull()
  })

  it('refuses to sign ids that would make the token ambiguous', () => {
    const claims: TrackingTokenClaims = { kind: 'o', workspaceId: 'W.1', campaignId: 'C1', contactId: 'P1', linkIndex: -1, issuedAt: 0 }
    expect(() => signTrackingToken(claims, SECRET)).toThrow(/malformed id/)
  })
})
