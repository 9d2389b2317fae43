import { createHash } from 'node:crypto'
import { normalizeEmail } from './port'

// When a contact is erased (privacy), its address leaves the suppression list, but a hash of it
// stays: an erased person who had unsubscribed (or bounced) must never be mailed again if the
// address comes back (a re-import, a colleague typing it in), while the server no longer holds
// the address itself. The workspace id salts the hash, so one table of hashed addresses says
// nothing about another workspace's. A hash of a known address can still be checked by someone
// who has that address, which is exactly the one use it has.

const PREFIX = 'sha256:'

/** The key a suppressed, erased address is kept under (never a valid address: no '@'). */
export function hashedSuppressionKey(workspaceId: string, email: string): string {
  return PREFIX + createHash('sha256').update(`${workspaceId}\u0000${normalizeEmail(email)}`).digest('hex')
}

export function isHashedSuppressionKey(key: string): boolean {
  return key.startsWith(PREFIX)
}

/**
 * The suppression list as a set of addresses: `has` also answers for addresses kept only as a
 * hash (hashing an address only when the list holds any hash at all).
 */
export class SuppressedEmailSet extends Set<string> {
  readonly #hashes: ReadonlySet<string>

  constructor(
    private readonly workspaceId: string,
    keys: Iterable<string>,
  ) {
    const plain: string[] = []
    const hashes = new Set<string>()
    for (const key of keys) {
      if (isHashedSuppressionKey(key)) hashes.add(key)
      else plain.push(key)
    }
    super(plain)
    this.#hashes = hashes
  }

  override has(email: string): boolean {
    if (super.has(email)) return true
    return this.#hashes.size > 0 && this.#hashes.has(hashedSuppressionKey(this.workspaceId, email))
  }
}

/** The suppression list of a workspace from its stored keys: a plain set unless it holds hashes. */
export function suppressedEmailSet(workspaceId: string, keys: readonly string[]): Set<string> {
  return keys.some(isHashedSuppressionKey) ? new SuppressedEmailSet(workspaceId, keys) : new Set(keys)
}

/** The lookup keys of `emails`: each normalized address and its hash, mapped back to the address. */
export function suppressionLookupKeys(workspaceId: string, emails: readonly string[]): Map<string, string> {
  const keys = new Map<string, string>()
  for (const email of emails) {
    const normalized = normalizeEmail(email)
    keys.set(normalized, normalized)
    keys.set(hashedSuppressionKey(workspaceId, normalized), normalized)
  }
  return keys
}
