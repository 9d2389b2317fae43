import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { isUlid } from '../ids'
import { sha256, workflowEmailKey } from './emailKey'

const hex = (bytes: Uint8Array): string => [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('')
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)

describe('sha256', () => {
  it('matches the FIPS 180-4 test vectors, across block boundaries', () => {
    expect(hex(sha256(utf8('')))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(hex(sha256(utf8('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(hex(sha256(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    )
    expect(hex(sha256(utf8('a'.repeat(1000))))).toBe('41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3')
  })
})

describe('workflowEmailKey', () => {
  it('is a deterministic ULID-shaped id', () => {
    const key = workflowEmailKey('01J0000000000000000000WF01', 1, '01J0000000000000000000ST01')
    expect(key).toHaveLength(26)
    expect(isUlid(key)).toBe(true)
    expect(key.charAt(0) <= '7').toBe(true)
    expect(workflowEmailKey('01J0000000000000000000WF01', 1, '01J0000000000000000000ST01')).toBe(key)
  })

  it('never changes across releases: stored tracking events and sends refer to it', () => {
    // Checked independently: Python hashlib.sha256 of the same input, first 128 bits in Crockford base32.
    expect(workflowEmailKey('W', 2, 'S')).toBe('2X6Y093DF2XJ82GVBATXR08QXA')
    expect(workflowEmailKey('01J0000000000000000000WF01', 1, '01J0000000000000000000ST01')).toBe('24WYJD1N9BPFKKE7BP25SZ5XJS')
  })

  it('differs when the workflow, the version or the step differs', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 1e6 }), fc.string(), fc.string(), (workflowId, version, stepA, stepB) => {
        fc.pre(stepA !== stepB)
        const key = workflowEmailKey(workflowId, version, stepA)
        expect(isUlid(key)).toBe(true)
        expect(workflowEmailKey(workflowId, version, stepB)).not.toBe(key)
        expect(workflowEmailKey(workflowId, version + 1, stepA)).not.toBe(key)
        expect(workflowEmailKey(`${workflowId}x`, version, stepA)).not.toBe(key)
      }),
    )
  })
})
