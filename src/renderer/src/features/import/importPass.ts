import type { RowFailure } from '@core/import/errorReport'
import type { DuplicateMode, ImportMapping } from '@core/import/importFields'
import { compileRowMapper, isBlankRow } from '@core/import/mapImportRow'
import { ImportPlanner, type PlannedBatch } from '@core/import/planImport'
import { unescapeCsvCell } from '@core/csv/csv'
import type { CustomFieldDefinition } from '@core/schema'
import { detectCsvFormat, streamCsv, type CsvFormat, type CsvSource } from './csvStream'

// The two passes over the file that run in the import worker (importWorker.ts), off the UI thread.

export const PREVIEW_ROWS = 20

export interface CsvPreview {
  format: CsvFormat
  /** The first non-blank record, trimmed. */
  headers: string[]
  /** Up to PREVIEW_ROWS non-blank records after it, as they are in the file. */
  rows: string[][]
  /** Spreadsheet row number of each preview row (the header is row 1). */
  rowNumbers: number[]
}

/** Header and first rows, for the mapping screen. Null when the file has no records at all. */
export async function previewCsv(file: CsvSource): Promise<CsvPreview | null> {
  const format = await detectCsvFormat(file)
  let headers: string[] | null = null
  const rows: string[][] = []
  const rowNumbers: number[] = []
  await streamCsv(
    file,
    format,
    (piece) => {
      piece.rows.forEach((cells, index) => {
        if (isBlankRow(cells) || rows.length >= PREVIEW_ROWS) return
        if (headers === null) headers = cells.map((cell) => unescapeCsvCell(cell).trim())
        else {
          rows.push(cells)
          rowNumbers.push(piece.firstRowNumber + index)
        }
      })
    },
    () => headers !== null && rows.length >= PREVIEW_ROWS,
  )
  return headers === null ? null : { format, headers, rows, rowNumbers }
}

export type CustomFieldShape = Pick<CustomFieldDefinition, 'key' | 'label' | 'fieldType' | 'options'>

export interface ImportPassOptions {
  format: CsvFormat
  headers: string[]
  mapping: ImportMapping
  customFields: CustomFieldShape[]
  mode: DuplicateMode
  existingContacts: ReadonlyMap<string, string>
  existingCompanies: ReadonlyMap<string, string>
  /** Contacts per batch (creates plus updates), asked before each batch: the main thread tunes it. */
  batchSize: () => number
  newId: () => string
}

export interface PassBatch {
  batch: PlannedBatch
  failures: RowFailure[]
  /** Data rows (not blank, not the header) read up to the end of this batch. */
  rowsRead: number
  bytesRead: number
}

/**
 * Reads every row: maps and validates it, plans what it does (create, update, skip) and hands
 * over a batch each time `batchSize` contacts are to be written, waiting for `emit` before
 * reading on. Failed rows travel with the batch they were read in.
 */
export async function runImportPass(
  file: CsvSource,
  options: ImportPassOptions,
  emit: (batch: PassBatch) => void | Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<{ rowsRead: number }> {
  const mapRow = compileRowMapper(options.headers, options.mapping, options.customFields)
  const planner = new ImportPlanner({
    mode: options.mode,
    existingContacts: options.existingContacts,
    existingCompanies: options.existingCompanies,
    newId: options.newId,
  })
  let failures: RowFailure[] = []
  let headerSeen = false
  let rowsRead = 0
  let rowsInBatch = 0
  let writesInBatch = 0
  let bytesRead = 0
  const flush = async () => {
    const batch = planner.takeBatch()
    const done = { batch, failures, rowsRead, bytesRead }
    failures = []
    rowsInBatch = 0
    writesInBatch = 0
    await emit(done)
  }
  await streamCsv(
    file,
    options.format,
    async (piece) => {
      // The stream may hand over megabytes at once: spread the piece's bytes over its rows for progress.
      const pieceStart = bytesRead
      const bytesPerRow = (piece.bytesRead - pieceStart) / Math.max(1, piece.rows.length)
      for (let index = 0; index < piece.rows.length; index++) {
        bytesRead = Math.round(pieceStart + bytesPerRow * (index + 1))
        const cells = piece.rows[index] as string[]
        if (isBlankRow(cells)) continue
        if (!headerSeen) {
          headerSeen = true
          continue
        }
        const rowNumber = piece.firstRowNumber + index
        rowsRead++
        rowsInBatch++
        const malformed = piece.malformed.get(rowNumber)
        const outcome = malformed === undefined ? mapRow(cells) : { ok: false as const, problems: [{ column: '', reason: `Could not read this row: ${malformed}` }] }
        if (outcome.ok) {
          if (planner.add(outcome.draft) !== 'skipped') writesInBatch++
        } else {
          failures.push({ rowNumber, problems: outcome.problems, cells: cells.map(unescapeCsvCell) })
        }
        // Rows that write nothing (skips, failures) still end a batch now and then, for progress.
        const batchSize = options.batchSize()
        if (writesInBatch >= batchSize || rowsInBatch >= batchSize * 4) await flush()
      }
    },
    shouldStop,
  )
  if (!shouldStop() && rowsInBatch > 0) await flush()
  return { rowsRead }
}
