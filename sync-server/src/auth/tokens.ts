import { createHash, randomBytes } from 'node:crypto'

// Opaque bearer tokens and invite codes: random, shown once, stored only as a SHA-256 hash
// (high-entropy secrets need no slow hash), so a database leak yields no usable token.

const TOKEN_PREFIX = 'opt_'

export function newToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

const TOKEN_PATTERN = /^opt_[A-Za-z0-9_-]{43}$/

export function isWellFormedToken(token: string): boolean {
  return TOKEN_PATTERN.test(token)
}

/** Invite codes are typed or pasted by people: 4 groups of 5 unambiguous characters (~99 bits). */
const INVITE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

export function newInviteCode(): string {
  const bytes = randomBytes(20)
  const chars = Array.from(bytes, (byte) => INVITE_ALPHABET[byte % INVITE_ALPHABET.length])
  return [0, 5, 10, 15].map((start) => chars.slice(start, start + 5).join('')).join('-')
}

/** Accepts any case and spacing the user typed. */
export function normalizeInviteCode(code: string): string {
  const compact = code.toUpperCase().replace(/[^A-Z0-9]/g, '')
  return compact.length === 20 ? [0, 5, 10, 15].map((start) => compact.slice(start, start + 5)).join('-') : compact
}
