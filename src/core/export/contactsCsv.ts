import { escapeCsvCell, type CsvValue } from '../csv/csv'
import { IMPORT_FIELD_LABELS } from '../import/importFields'
import { normalizeHeader } from '../import/matchHeaders'
import type { Contact } from '../schema/contacts'
import { LIFECYCLE_STAGE_LABELS } from '../schema/lifecycle'
import type { CustomFieldDefinition } from '../schema/settings'

// The contacts CSV export (issue 6, part 7). Its importable columns carry exactly the labels the
// import screen matches first (IMPORT_FIELD_LABELS, custom field labels), so an export re-imports
// losslessly: email, names, phone, title, company (by name), tags, lifecycle stage and custom
// fields come back as they were. Engagement rollups, lists, dates and the id follow for
// spreadsheets; the importer leaves them alone (no field of its has those names). Cells a
// spreadsheet would run as formulas are escaped (core csv.ts); the importer undoes that.

export interface ContactCsvContext {
  /** In their display order. */
  customFields: readonly Pick<CustomFieldDefinition, 'key' | 'label'>[]
  /** '' when the company is unknown or absent. */
  companyName: (companyId: string) => string
  /** Name of a static list by segment id ('' when unknown). */
  listName: (segmentId: string) => string
}

/** How tags are joined in one cell; the importer splits on `,`, `;` and `|`. */
export const TAG_SEPARATOR = ', '

const BUILT_IN_HEADERS = [
  IMPORT_FIELD_LABELS.email,
  IMPORT_FIELD_LABELS.firstName,
  IMPORT_FIELD_LABELS.lastName,
  IMPORT_FIELD_LABELS.phone,
  IMPORT_FIELD_LABELS.title,
  IMPORT_FIELD_LABELS.company,
  IMPORT_FIELD_LABELS.tags,
  IMPORT_FIELD_LABELS.lifecycleStage,
] as const

const TRAILING_HEADERS = [
  'Static lists',
  'Unsubscribed',
  'Bounced',
  'Emails sent',
  'Opens',
  'Clicks',
  'Last emailed at',
  'Last opened at',
  'Last clicked at',
  'Created at',
  'Updated at',
  'Contact ID',
] as const

/** A custom field's column: its label, or its key when the label is taken by another column. */
function customFieldHeaders(customFields: ContactCsvContext['customFields']): string[] {
  const taken = new Set<string>([...BUILT_IN_HEADERS, ...TRAILING_HEADERS].map(normalizeHeader))
  return customFields.map((field) => {
    const label = normalizeHeader(field.label)
    const header = taken.has(label) ? field.key : field.label
    taken.add(normalizeHeader(header))
    return header
  })
}

export function contactCsvHeader(context: Pick<ContactCsvContext, 'customFields'>): string[] {
  return [...BUILT_IN_HEADERS, ...customFieldHeaders(context.customFields), ...TRAILING_HEADERS]
}

const iso = (at: number | undefined): string => (typeof at === 'number' && at > 0 ? new Date(at).toISOString() : '')
const yesNo = (flag: boolean | undefined): string => (flag === true ? 'yes' : '')

/** One contact's cells, in contactCsvHeader's order. */
export function contactToCsvRow(contact: Contact, context: ContactCsvContext): CsvValue[] {
  return [
    contact.email,
    contact.firstName,
    contact.lastName,
    contact.phone,
    contact.title,
    contact.companyId ? context.companyName(contact.companyId) : '',
    contact.tags.join(TAG_SEPARATOR),
    LIFECYCLE_STAGE_LABELS[contact.lifecycleStage],
    ...context.customFields.map((field) => contact.customFields[field.key] ?? ''),
    (contact.lists ?? []).map(context.listName).filter(Boolean).join(TAG_SEPARATOR),
    yesNo(contact.unsubscribed),
    yesNo(contact.bounced),
    contact.emailCount ?? 0,
    contact.openCount ?? 0,
    contact.clickCount ?? 0,
    iso(contact.lastEmailedAt),
    iso(contact.lastOpenedAt),
    iso(contact.lastClickedAt),
    iso(contact.createdAt),
    iso(contact.updatedAt),
    contact.id,
  ]
}

export function contactsToCsvRows(contacts: Iterable<Contact>, context: ContactCsvContext): CsvValue[][] {
  const rows: CsvValue[][] = []
  for (const contact of contacts) rows.push(contactToCsvRow(contact, context))
  return rows
}

/** CSV records (escaped, RFC 4180 quoted, CRLF after each): a chunk of a file built piece by piece. */
export function csvRecords(rows: Iterable<readonly CsvValue[]>): string {
  let text = ''
  for (const row of rows) text += `${row.map(escapeCsvCell).join(',')}\r\n`
  return text
}
