import { toCsv } from '../csv/csv'
import type { RowProblem } from './mapImportRow'

export interface RowFailure {
  /** As a spreadsheet numbers it: the header is row 1, the first data row is row 2. */
  rowNumber: number
  problems: RowProblem[]
  /** The row as it was in the file. */
  cells: string[]
}

export const ERROR_REPORT_COLUMNS = ['Row', 'Column', 'Reason'] as const

/**
 * The rows that were not imported, one line each: where (row, column), why, and the original
 * values under the file's own headers, so the user can fix them and import this file again
 * (the three report columns match no contact field and are ignored on the way back in).
 */
export function errorReportCsv(headers: readonly string[], failures: readonly RowFailure[]): string {
  const width = Math.max(headers.length, ...failures.map((failure) => failure.cells.length))
  const originalHeaders = Array.from({ length: width }, (_, column) => headers[column] ?? `Column ${column + 1}`)
  const rows = [...failures]
    .sort((a, b) => a.rowNumber - b.rowNumber)
    .map((failure) => [
      failure.rowNumber,
      [...new Set(failure.problems.map((problem) => problem.column))].join('; '),
      failure.problems.map((problem) => problem.reason).join('; '),
      ...Array.from({ length: width }, (_, column) => failure.cells[column] ?? ''),
    ])
  return toCsv([...ERROR_REPORT_COLUMNS, ...originalHeaders], rows)
}
