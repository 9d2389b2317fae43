import { describe, expect, it } from 'vitest'
import { detectCsvFormat, streamCsv, type CsvFormat, type CsvRows, type CsvSource } from './csvStream'
import { csvSource } from './importTestUtils'

/** A file whose stream hands out `chunkSize`-byte pieces, so tests choose where chunks split. */
function fileOf(content: string | Uint8Array, chunkSize = 7): CsvSource {
  return csvSource(content, chunkSize)
}

async function readAll(file: CsvSource, given?: CsvFormat) {
  const format = given ?? (await detectCsvFormat(file))
  const pieces: CsvRows[] = []
  await streamCsv(file, format, (rows) => {
    pieces.push(rows)
  })
  return { format, rows: pieces.flatMap((piece) => piece.rows), pieces }
}

describe('streamCsv', () => {
  it('detects the delimiter and line ends and drops a UTF-8 byte-order mark', async () => {
    const { format, rows } = await readAll(fileOf('\uFEFFemail;name\r\nzoe@example.com;Zoë\r\n'))
    expect(format).toEqual({ encoding: 'utf-8', delimiter: ';', newline: '\r\n' })
    expect(rows.filter((row) => row.join('') !== '')).toEqual([['email', 'name'], ['zoe@example.com', 'Zoë']])
  })

  it('keeps newlines inside quoted cells and multi-byte characters cut by a chunk boundary', async () => {
    const text = 'email,note\n"a@x.co","line one\nline two, ""quoted"""\nb@x.co,日本語 Åström 🎉\n'
    for (const chunkSize of [1, 2, 3, 5, 64]) {
      const { rows } = await readAll(fileOf(text, chunkSize))
      expect(rows.slice(0, 3), `chunks of ${chunkSize}`).toEqual([
        ['email', 'note'],
        ['a@x.co', 'line one\nline two, "quoted"'],
        ['b@x.co', '日本語 Åström 🎉'],
      ])
    }
  })

  it('reads tab-separated text and a last line without a line end', async () => {
    const { format, rows } = await readAll(fileOf('email\tname\nx@y.z\tX'))
    expect(format.delimiter).toBe('\t')
    expect(rows).toEqual([['email', 'name'], ['x@y.z', 'X']])
  })

  it('reads a single-column file without complaint', async () => {
    const { rows, pieces } = await readAll(fileOf('email\na@x.co\nb@x.co\n'))
    expect(rows.slice(0, 3)).toEqual([['email'], ['a@x.co'], ['b@x.co']])
    expect(pieces.every((piece) => piece.malformed.size === 0)).toBe(true)
  })

  it('reads Windows-1252 text when the bytes are not UTF-8', async () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode('name\nZo'), 0xeb, 0x0a])
    const { format, rows } = await readAll(fileOf(latin1))
    expect(format.encoding).toBe('windows-1252')
    expect(rows[1]).toEqual(['Zoë'])
  })

  it('numbers rows across chunks, flags a record with an unclosed quote and reports bytes read', async () => {
    const text = 'email\na@x.co\nb@x.co\n"c@x.co\n'
    const { pieces } = await readAll(fileOf(text, 4))
    const numbered = pieces.flatMap((piece) => piece.rows.map((row, index) => [piece.firstRowNumber + index, row[0]]))
    expect(numbered.slice(0, 3)).toEqual([
      [1, 'email'],
      [2, 'a@x.co'],
      [3, 'b@x.co'],
    ])
    const malformed = new Map(pieces.flatMap((piece) => [...piece.malformed]))
    expect([...malformed.keys()]).toEqual([4])
    expect(pieces.at(-1)?.bytesRead).toBe(new TextEncoder().encode(text).length)
  })

  it('refuses a binary file, such as a spreadsheet saved as .xlsx', async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00])
    await expect(detectCsvFormat(fileOf(zip))).rejects.toThrow('it is not a text file')
  })

  it('guesses the delimiter from the start of a big file', async () => {
    const big = `email;name\n${Array.from({ length: 5_000 }, (_, i) => `p${i}@x.co;P, ${i}`).join('\n')}\n`
    expect(await detectCsvFormat(fileOf(big))).toEqual({ encoding: 'utf-8', delimiter: ';', newline: '\n' })
  })

  it('uses the given format instead of guessing, and stops when asked', async () => {
    let seen = 0
    await streamCsv(
      fileOf('a;b\n1;2\n3;4\n5;6\n', 4),
      { encoding: 'utf-8', delimiter: ',', newline: '\n' },
      (rows) => {
        seen += rows.rows.length
        expect(rows.rows[0]).toHaveLength(1)
      },
      () => seen >= 2,
    )
    expect(seen).toBeGreaterThanOrEqual(2)
    expect(seen).toBeLessThan(5)
  })
})
