export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252'

/**
 * Guesses a CSV file's text encoding from its first bytes: a byte-order mark decides; otherwise
 * UTF-8 when the bytes are valid UTF-8, and Windows-1252 (what Excel on Windows saves as "CSV")
 * when they are not. `truncated` says the sample stops mid-file, so a multi-byte character cut
 * off at its very end is not held against UTF-8.
 */
export function detectEncoding(sample: Uint8Array, truncated: boolean): CsvEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8'
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le'
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be'
  return isValidUtf8(sample, truncated) ? 'utf-8' : 'windows-1252'
}

function isValidUtf8(bytes: Uint8Array, truncated: boolean): boolean {
  let i = 0
  while (i < bytes.length) {
    const byte = bytes[i] as number
    let continuation: number
    let min: number
    if (byte < 0x80) {
      i++
      continue
    } else if (byte >= 0xc2 && byte <= 0xdf) {
      continuation = 1
      min = 0x80
    } else if (byte >= 0xe0 && byte <= 0xef) {
      continuation = 2
      min = 0x800
    } else if (byte >= 0xf0 && byte <= 0xf4) {
      continuation = 3
      min = 0x10000
    } else {
      return false
    }
    let codePoint = byte & (0x3f >> continuation)
    for (let k = 1; k <= continuation; k++) {
      const next = bytes[i + k]
      // Cut off at the end of the sample: fine when the file goes on.
      if (next === undefined) return truncated
      if ((next & 0xc0) !== 0x80) return false
      codePoint = (codePoint << 6) | (next & 0x3f)
    }
    // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8.
    if (codePoint < min || (codePoint >= 0xd800 && codePoint <= 0xdfff) || codePoint > 0x10ffff) return false
    i += continuation + 1
  }
  return true
}
