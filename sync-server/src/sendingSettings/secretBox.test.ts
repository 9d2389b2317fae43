import { describe, expect, it } from 'vitest'
import { createSecretBox } from './secretBox'

const SECRET = 'a'.repeat(43)

describe('createSecretBox', () => {
  it('opens what it sealed, and the sealed text does not contain the plaintext', () => {
    const box = createSecretBox(SECRET)
    const sealed = box.seal('hunter2-smtp-password', 'W1')
    expect(sealed).not.toContain('hunter2')
    expect(box.open(sealed, 'W1')).toBe('hunter2-smtp-password')
  })

  it('seals the same text differently each time (fresh IV)', () => {
    const box = createSecretBox(SECRET)
    expect(box.seal('same', 'W1')).not.toBe(box.seal('same', 'W1'))
  })

  it('refuses another secret, another workspace, and altered text', () => {
    const box = createSecretBox(SECRET)
    const sealed = box.seal('pw', 'W1')
    expect(createSecretBox('b'.repeat(43)).open(sealed, 'W1')).toBeNull()
    expect(box.open(sealed, 'W2')).toBeNull()
    // Flip one bit of the last part's first byte (its last base64 character may carry only padding bits).
    const parts = sealed.split('.')
    const bytes = Buffer.from(parts[3] ?? '', 'base64url')
    bytes[0] = (bytes[0] ?? 0) ^ 1
    expect(box.open([...parts.slice(0, 3), bytes.toString('base64url')].join('.'), 'W1')).toBeNull()
    expect(box.open('not sealed', 'W1')).toBeNull()
  })
})
