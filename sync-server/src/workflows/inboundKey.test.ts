import { describe, expect, it } from 'vitest'
import { inboundKey, isInboundKey } from './inboundKey'

describe('inboundKey', () => {
  it('is 32 base64url characters, stable for a workspace and different per workspace and secret', () => {
    const key = inboundKey('secret-a', 'WS1')
    expect(key).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(inboundKey('secret-a', 'WS1')).toBe(key)
    expect(inboundKey('secret-a', 'WS2')).not.toBe(key)
    expect(inboundKey('secret-b', 'WS1')).not.toBe(key)
  })

  it('accepts only the exact key of that workspace', () => {
    const key = inboundKey('secret-a', 'WS1')
    expect(isInboundKey('secret-a', 'WS1', key)).toBe(true)
    expect(isInboundKey('secret-a', 'WS2', key)).toBe(false)
    expect(isInboundKey('secret-a', 'WS1', `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`)).toBe(false)
    expect(isInboundKey('secret-a', 'WS1', key.slice(0, 31))).toBe(false)
    expect(isInboundKey('secret-a', 'WS1', '')).toBe(false)
  })
})
