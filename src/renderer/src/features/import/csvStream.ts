import Papa from 'papaparse'
import { detectEncoding, type CsvEncoding } from '@core/import/detectEncoding'

/** What a File offers that the import reads (a Blob; tests pass their own). */
export interface CsvSource {
  readonly size: number
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> }
  stream(): ReadableStream<Uint8Array>
}

export interface CsvFormat {
  encoding: CsvEncoding
  /** ',' ';' or '\t', detected by the preview pass and reused by the full pass. */
  delimiter: string
  newline: '\r\n' | '\n' | '\r'
}

/** Rows of one piece of the file, numbered as a spreadsheet would (the first record is row 1). */
export interface CsvRows {
  rows: string[][]
  firstRowNumber: number
  /** Row number → why the parser could not read that record cleanly (an unclosed quote…). */
  malformed: Map<number, string>
  /** Bytes of the file read so far, for progress. */
  bytesRead: number
}

const SAMPLE_BYTES = 64 * 1024
const DELIMITERS = [',', ';', '\t']

/**
 * The file's encoding (byte-order mark, else UTF-8 if the bytes are valid UTF-8, else
 * Windows-1252), delimiter and line end, guessed from its first 64 KB. Throws for a binary file. papaparse's own guess
 * while streaming would look at whatever first piece the stream hands it, and count a trailing
 * blank line against the right delimiter.
 */
export async function detectCsvFormat(file: CsvSource): Promise<CsvFormat> {
  const truncated = file.size > SAMPLE_BYTES
  const sample = new Uint8Array(await file.slice(0, SAMPLE_BYTES).arrayBuffer())
  const encoding = detectEncoding(sample, truncated)
  // Text in UTF-8 or Windows-1252 never holds a NUL byte; spreadsheets, images and archives do.
  if (!encoding.startsWith('utf-16') && sample.includes(0)) throw new Error('it is not a text file (save the sheet as CSV and choose that file)')
  // stream: true leaves a character cut off at the end of the sample out instead of garbling it.
  const text = new TextDecoder(encoding).decode(sample, { stream: truncated })
  const { meta } = Papa.parse<string[]>(text, { preview: 50, skipEmptyLines: 'greedy', delimitersToGuess: DELIMITERS })
  return { encoding, delimiter: DELIMITERS.includes(meta.delimiter) ? meta.delimiter : ',', newline: asNewline(meta.linebreak) }
}

/**
 * Reads the file as text in chunks and parses it with papaparse as it streams, handing the
 * records of each chunk to `onRows` and waiting for it before reading on (backpressure).
 *
 * The bytes are decoded here, with one streaming TextDecoder, rather than by papaparse's own
 * file reader: that one decodes each slice on its own and garbles a multi-byte character cut by
 * a slice boundary. TextDecoder also drops the byte-order mark. Quoted newlines are papaparse's.
 * `shouldStop` ends the reading early.
 */
export async function streamCsv(
  file: CsvSource,
  format: CsvFormat,
  onRows: (rows: CsvRows) => void | Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  const decoder = new TextDecoder(format.encoding)
  const source = new PushedText()
  let pending: CsvRows | null = null
  let nextRowNumber = 1
  const parsing: { parser: Papa.Parser | null } = { parser: null }

  Papa.parse<string[]>(source as unknown as File, {
    delimiter: format.delimiter,
    newline: format.newline,
    skipEmptyLines: false,
    // Everything is handled per chunk; nothing is collected for the end.
    complete: () => undefined,
    chunk: (results, handle) => {
      parsing.parser = handle
      const malformed = new Map<number, string>()
      for (const error of results.errors) {
        if (error.row === undefined) continue
        malformed.set(nextRowNumber + error.row, error.message)
      }
      const rows: CsvRows = { rows: results.data, firstRowNumber: nextRowNumber, malformed, bytesRead: 0 }
      nextRowNumber += results.data.length
      if (pending) {
        pending.rows.push(...rows.rows)
        for (const [row, message] of malformed) pending.malformed.set(row, message)
      } else {
        pending = rows
      }
    },
  })

  const reader = file.stream().getReader()
  let bytesRead = 0
  const deliver = async () => {
    const rows = pending
    pending = null
    if (rows && rows.rows.length > 0) await onRows({ ...rows, bytesRead })
  }
  try {
    for (;;) {
      if (shouldStop()) {
        parsing.parser?.abort()
        break
      }
      const { done, value } = await reader.read()
      if (done) {
        const rest = decoder.decode()
        if (rest) source.push(rest)
        source.end()
        await deliver()
        break
      }
      bytesRead += value.byteLength
      const text = decoder.decode(value, { stream: true })
      if (text) source.push(text)
      await deliver()
    }
  } finally {
    await reader.cancel().catch(() => undefined)
  }
}

function asNewline(linebreak: string): CsvFormat['newline'] {
  return linebreak === '\r\n' || linebreak === '\r' ? linebreak : '\n'
}

type Listener = (value?: string) => void

/**
 * Text pushed into papaparse through its Node-stream input (the only streaming input it offers
 * besides its own file reader): it parses each piece as it arrives, synchronously, and carries a
 * record cut in two over to the next piece.
 */
class PushedText {
  readonly readable = true
  private readonly listeners = new Map<string, Listener[]>()

  read(): void {}
  pause(): void {}
  resume(): void {}

  on(event: string, listener: Listener): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener])
  }

  removeListener(event: string, listener: Listener): void {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((candidate) => candidate !== listener),
    )
  }

  push(text: string): void {
    for (const listener of this.listeners.get('data') ?? []) listener(text)
  }

  end(): void {
    for (const listener of this.listeners.get('end') ?? []) listener()
  }
}
