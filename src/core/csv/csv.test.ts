import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { escapeCsvCell, toCsv, unescapeCsvCell, type CsvValue } from './csv'

/** A strict RFC 4180 reader: returns records of raw cell text, and which cells were quoted. */
function parseCsv(text: string): Array<Array<{ value: string; quoted: boolean }>> {
  const records: Array<Array<{ value: string; quoted: boolean }>> = []
  let record: Array<{ value: string; quoted: boolean }> = []
  let i = 0
  while (i < text.length) {
    let value = ''
    let quoted = false
    if (text[i] === '"') {
      quoted = true
      i++
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quote')
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            value += '"'
            i += 2
            continue
          }
          i++
          break
        }
        value += text[i]
        i++
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error('quote inside an unquoted cell')
        value += text[i]
        i++
      }
    }
    record.push({ value, quoted })
    if (text[i] === ',') {
      i++
    } else if (text.startsWith('\r\n', i)) {
      records.push(record)
      record = []
      i += 2
    } else {
      throw new Error(`expected , or CRLF at ${i}`)
    }
  }
  if (record.length > 0) throw new Error('last record without CRLF')
  return records
}

describe('escapeCsvCell', () => {
  it('neutralises formulas', () => {
    expect(escapeCsvCell('=SUM(A1:A2)')).toBe("'=SUM(A1:A2)")
    expect(escapeCsvCell('+49 30 1234')).toBe("'+49 30 1234")
    expect(escapeCsvCell('-1')).toBe("'-1")
    expect(escapeCsvCell('@cmd')).toBe("'@cmd")
    expect(escapeCsvCell('\tx')).toBe("'\tx")
    expect(escapeCsvCell('\rx')).toBe(`"'\rx"`)
    expect(escapeCsvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`)
  })
  it('quotes commas, quotes and line breaks, and writes plain values plainly', () => {
    expect(escapeCsvCell('a,b')).toBe('"a,b"')
    expect(escapeCsvCell('say "hi"')).toBe('"say ""hi"""')
    expect(escapeCsvCell('two\nlines')).toBe('"two\nlines"')
    expect(escapeCsvCell('plain')).toBe('plain')
    expect(escapeCsvCell(42)).toBe('42')
    expect(escapeCsvCell(-3)).toBe("'-3")
    expect(escapeCsvCell(true)).toBe('true')
    expect(escapeCsvCell(null)).toBe('')
    expect(escapeCsvCell(undefined)).toBe('')
  })
})

describe('toCsv', () => {
  it('writes header and rows with CRLF and no BOM', () => {
    expect(toCsv(['Email', 'Opens'], [['a@x.test', 3], ['=1+1', null]])).toBe("Email,Opens\r\na@x.test,3\r\n'=1+1,\r\n")
    expect(toCsv(['Only'], []).charCodeAt(0)).toBe('O'.charCodeAt(0))
  })

  it('reads back as the escaped cells; no unquoted cell starts with a formula character', () => {
    const cell: fc.Arbitrary<CsvValue> = fc.oneof(
      fc.string(),
      fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', ',', '"', "'", 'a', ' ') }),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
    )
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 8 }), (header, rows) => {
        const records = parseCsv(toCsv(header, rows))
        expect(records.length).toBe(rows.length + 1)
        const expected = [header, ...rows].map((row) =>
          row.map((value) => {
            const text = value === null || value === undefined ? '' : String(value)
            return /^[=+\-@\t\r']/.test(text) ? `'${text}` : text
          }),
        )
        expect(records.map((record) => record.map((c) => c.value))).toEqual(expected)
        for (const record of records) for (const c of record) if (!c.quoted) expect(c.value).not.toMatch(/^[=+\-@\t\r]/)
        for (const record of records) for (const c of record) expect(c.value).not.toMatch(/^[=+\-@\t\r]/)
      }),
    )
  })
})

describe('unescapeCsvCell', () => {
  it('drops only the apostrophe escapeCsvCell added', () => {
    expect(unescapeCsvCell("'=SUM(A1)")).toBe('=SUM(A1)')
    expect(unescapeCsvCell("''quoted")).toBe("'quoted")
    expect(unescapeCsvCell("'plain")).toBe("'plain")
    expect(unescapeCsvCell('plain')).toBe('plain')
    expect(escapeCsvCell("'=x")).toBe("''=x")
  })

  it('reverses the escaping of any text (what an export writes, an import reads back)', () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', "'", 'a') }))
    fc.assert(
      fc.property(text, (value) => {
        const escaped = escapeCsvCell(value)
        const cell = escaped.startsWith('"') ? escaped.slice(1, -1).replace(/""/g, '"') : escaped
        expect(unescapeCsvCell(cell)).toBe(value)
      }),
    )
  })
})
