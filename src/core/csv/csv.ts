export type CsvValue = string | number | boolean | null | undefined

// Spreadsheets run a cell that starts with one of these as a formula (OWASP CSV injection).
// A leading apostrophe is escaped too, so unescapeCsvCell can tell an added one from the user's own.
const FORMULA_START = /^[=+\-@\t\r']/
const ESCAPED_START = /^'[=+\-@\t\r']/
const NEEDS_QUOTES = /[",\r\n]/

/** One cell: formula-looking text gets a leading apostrophe, then RFC 4180 quoting where needed. */
export function escapeCsvCell(value: CsvValue): string {
  if (value === null || value === undefined) return ''
  const text = String(value)
  const safe = FORMULA_START.test(text) ? `'${text}` : text
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/**
 * The reverse of the formula escaping, for re-importing Outpost's own exports losslessly: one
 * leading apostrophe before a formula character (or before another apostrophe) is dropped.
 */
export function unescapeCsvCell(text: string): string {
  return ESCAPED_START.test(text) ? text.slice(1) : text
}

/** A whole CSV document: header then rows, CRLF line ends (RFC 4180), no byte-order mark. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const lines = [header.map(escapeCsvCell).join(',')]
  for (const row of rows) lines.push(row.map(escapeCsvCell).join(','))
  return `${lines.join('\r\n')}\r\n`
}
