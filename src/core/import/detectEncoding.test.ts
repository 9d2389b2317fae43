import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { detectEncoding } from './detectEncoding'

const bytes = (...values: number[]) => new Uint8Array(values)
const utf8 = (text: string) => new TextEncoder().encode(text)

describe('detectEncoding', () => {
  it('follows a byte-order mark', () => {
    expect(detectEncoding(bytes(0xef, 0xbb, 0xbf, 0x61), false)).toBe('utf-8')
    expect(detectEncoding(bytes(0xff, 0xfe, 0x61, 0x00), false)).toBe('utf-16le')
    expect(detectEncoding(bytes(0xfe, 0xff, 0x00, 0x61), false)).toBe('utf-16be')
  })

  it('reads valid UTF-8 as UTF-8 and Latin-1 bytes as Windows-1252', () => {
    expect(detectEncoding(utf8('email,name\nzoe@example.com,Zoë Åström 中文 🎉\n'), false)).toBe('utf-8')
    // "Zoë" saved by Excel on Windows: ë is the single byte 0xEB.
    expect(detectEncoding(bytes(0x5a, 0x6f, 0xeb, 0x0a), false)).toBe('windows-1252')
    // Overlong "/" and an encoded surrogate are not UTF-8.
    expect(detectEncoding(bytes(0xc0, 0xaf), false)).toBe('windows-1252')
    expect(detectEncoding(bytes(0xed, 0xa0, 0x80), false)).toBe('windows-1252')
  })

  it('does not hold a character cut off at the end of a sample against UTF-8, only at the end of the file', () => {
    const cut = utf8('Zoë').slice(0, 3)
    expect(detectEncoding(cut, true)).toBe('utf-8')
    expect(detectEncoding(cut, false)).toBe('windows-1252')
  })

  it('recognises any UTF-8 text, and any prefix of it as a sample', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.nat(), (text, cutAt) => {
        const encoded = utf8(text)
        expect(detectEncoding(encoded, false)).toBe('utf-8')
        expect(detectEncoding(encoded.slice(0, cutAt % (encoded.length + 1)), true)).toBe('utf-8')
      }),
    )
  })
})
