import fc from 'fast-check'
import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { unescapeCsvCell } from '../csv/csv'
import { errorReportCsv, type RowFailure } from './errorReport'

function readCsv(text: string): string[][] {
  return Papa.parse<string[]>(text, { skipEmptyLines: true }).data.map((row) => row.map(unescapeCsvCell))
}

describe('errorReportCsv', () => {
  it('lists failed rows in file order with where, why and the original values', () => {
    const failures: RowFailure[] = [
      { rowNumber: 7, problems: [{ column: 'Email', reason: 'Email is missing' }], cells: ['', 'Grace'] },
      {
        rowNumber: 3,
        problems: [
          { column: 'Email', reason: 'Enter a valid email address' },
          { column: 'Stage', reason: 'Unknown lifecycle stage "x"' },
        ],
        cells: ['ada@', 'Ada', 'x'],
      },
    ]
    expect(readCsv(errorReportCsv(['Email', 'Name', 'Stage'], failures))).toEqual([
      ['Row', 'Column', 'Reason', 'Email', 'Name', 'Stage'],
      ['3', 'Email; Stage', 'Enter a valid email address; Unknown lifecycle stage "x"', 'ada@', 'Ada', 'x'],
      ['7', 'Email', 'Email is missing', '', 'Grace', ''],
    ])
  })

  it('names columns a row has beyond the header', () => {
    const report = readCsv(errorReportCsv(['Email'], [{ rowNumber: 2, problems: [{ column: 'Email', reason: 'r' }], cells: ['a', 'extra'] }]))
    expect(report[0]).toEqual(['Row', 'Column', 'Reason', 'Email', 'Column 2'])
  })

  it('gives back every original value exactly, formulas and line breaks included', () => {
    const cell = fc.oneof(fc.string(), fc.constantFrom('=1+1', "'quoted", '+44 20', 'a\r\nb', '"x"', '@here'))
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 5 }), (rows) => {
        // A line of blanks would vanish with skipEmptyLines; the row number keeps every line non-empty.
        const failures = rows.map((cells, index) => ({ rowNumber: index + 2, problems: [{ column: 'A', reason: 'bad' }], cells }))
        const parsed = readCsv(errorReportCsv(['A', 'B'], failures)).slice(1)
        expect(parsed.map((line) => line.slice(3))).toEqual(rows)
      }),
    )
  })
})
