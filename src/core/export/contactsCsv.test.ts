import fc from 'fast-check'
import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { validateContactInput } from '../contacts/contactInput'
import { unescapeCsvCell } from '../csv/csv'
import { compileRowMapper } from '../import/mapImportRow'
import { matchHeaders } from '../import/matchHeaders'
import type { Contact, CustomFieldDefinition } from '../schema'
import { LIFECYCLE_STAGES } from '../schema/lifecycle'
import { aContact } from '../testing/contactFixture'
import { contactCsvHeader, contactToCsvRow, csvRecords, type ContactCsvContext } from './contactsCsv'

// The export's promise: what it writes, the import screen reads back as it was (property tests
// through the importer's own header matching and row mapping).

const definitions: CustomFieldDefinition[] = [
  { id: 'f1', kind: 'customField', key: 'seats', label: 'Seats', fieldType: 'number', options: [], position: 0, createdAt: 0, updatedAt: 0, _clock: {} },
  { id: 'f2', kind: 'customField', key: 'plan', label: 'Plan', fieldType: 'select', options: ['Free', 'Pro'], position: 1, createdAt: 0, updatedAt: 0, _clock: {} },
  { id: 'f3', kind: 'customField', key: 'renewal', label: 'Renewal', fieldType: 'date', options: [], position: 2, createdAt: 0, updatedAt: 0, _clock: {} },
  { id: 'f4', kind: 'customField', key: 'notes', label: 'Notes', fieldType: 'text', options: [], position: 3, createdAt: 0, updatedAt: 0, _clock: {} },
]
const companies = new Map([['co1', 'Analytical Engines'], ['co2', '=HYPERLINK("evil")'], ['co3', "'Quoted, Ltd"]])
const context: ContactCsvContext = {
  customFields: definitions,
  companyName: (id) => companies.get(id) ?? '',
  listName: (id) => (id === 'l1' ? 'Newsletter' : ''),
}

function parse(csv: string): string[][] {
  const result = Papa.parse<string[]>(csv, { skipEmptyLines: true })
  expect(result.errors).toEqual([])
  return result.data
}

/** Text a person could type into a field: spreadsheet formulas, quotes, commas, line breaks, accents. */
const textArb = (max: number) =>
  fc
    .oneof(
      fc.string({ maxLength: max }),
      fc.constantFrom('=SUM(A1:A9)', '+1', '-2', '@cmd', "'quoted", "''twice", 'a "b" c', 'line\nbreak', 'comma, here', 'Zoë Ångström', '\t=tab'),
    )
    .map((text) => text.trim().slice(0, max))

const tagArb = fc
  .string({ minLength: 1, maxLength: 20 })
  .map((tag) => tag.replace(/[,;|]/g, '').trim().toLowerCase())
  .filter((tag) => tag.length > 0)

const contactArb: fc.Arbitrary<Contact> = fc
  .record({
    email: fc.emailAddress(),
    firstName: textArb(100),
    lastName: textArb(100),
    phone: fc.stringMatching(/^[0-9+() .-]{0,20}$/),
    title: textArb(120),
    companyId: fc.constantFrom('', 'co1', 'co2', 'co3'),
    tags: fc.array(tagArb, { maxLength: 5 }),
    lifecycleStage: fc.constantFrom(...LIFECYCLE_STAGES),
    seats: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), { nil: undefined }),
    plan: fc.option(fc.constantFrom('Free', 'Pro'), { nil: undefined }),
    renewal: fc.option(fc.date({ min: new Date('1900-01-01'), max: new Date('2200-12-31'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)), { nil: undefined }),
    notes: fc.option(textArb(300), { nil: undefined }),
  })
  .map((values) => {
    const customFields: Record<string, string | number | null> = {}
    // Documents travel as JSON, where -0 is 0.
    if (values.seats !== undefined) customFields.seats = values.seats === 0 ? 0 : values.seats
    if (values.plan !== undefined) customFields.plan = values.plan
    if (values.renewal !== undefined) customFields.renewal = values.renewal
    if (values.notes) customFields.notes = values.notes
    // Stored contacts are what the contact form accepts: normalize through it.
    const input = validateContactInput({ ...values, customFields }, definitions)
    return input.ok ? aContact({ ...input.value, id: 'c1' }) : null
  })
  .filter((contact): contact is Contact => contact !== null)

describe('contacts CSV export', () => {
  it('writes one labelled column per field and custom field, rollups after them', () => {
    const contact = aContact({
      email: 'ada@example.com',
      companyId: 'co1',
      tags: ['vip', 'math'],
      lifecycleStage: 'marketingQualified',
      customFields: { seats: 12, plan: 'Pro' },
      lists: ['l1'],
      unsubscribed: true,
      openCount: 3,
      lastOpenedAt: Date.UTC(2026, 0, 2, 3, 4, 5),
      createdAt: Date.UTC(2025, 0, 1),
    })
    const csv = csvRecords([contactCsvHeader(context), contactToCsvRow(contact, context)])
    const [header, row] = parse(csv)
    const cell = (name: string) => row?.[header?.indexOf(name) ?? -1]
    expect(header).toEqual([
      'Email', 'First name', 'Last name', 'Phone', 'Title', 'Company', 'Tags', 'Lifecycle stage',
      'Seats', 'Plan', 'Renewal', 'Notes',
      'Static lists', 'Unsubscribed', 'Bounced', 'Emails sent', 'Opens', 'Clicks', 'Last emailed at', 'Last opened at', 'Last clicked at', 'Created at', 'Updated at', 'Contact ID',
    ])
    expect(cell('Company')).toBe('Analytical Engines')
    expect(cell('Tags')).toBe('vip, math')
    expect(cell('Lifecycle stage')).toBe('Marketing qualified')
    expect(cell('Seats')).toBe('12')
    expect(cell('Renewal')).toBe('')
    expect(cell('Static lists')).toBe('Newsletter')
    expect(cell('Unsubscribed')).toBe('yes')
    expect(cell('Opens')).toBe('3')
    expect(cell('Last opened at')).toBe('2026-01-02T03:04:05.000Z')
    expect(cell('Contact ID')).toBe('c1')
  })

  it('escapes cells a spreadsheet would run as formulas', () => {
    const contact = aContact({ firstName: '=cmd|" /C calc"!A0', companyId: 'co2', title: '@SUM(1)' })
    const csv = csvRecords([contactToCsvRow(contact, context)])
    const [row] = parse(csv)
    expect(row?.[1]).toBe(`'=cmd|" /C calc"!A0`)
    expect(row?.[4]).toBe("'@SUM(1)")
    expect(row?.[5]).toBe(`'=HYPERLINK("evil")`)
  })

  it('gives a custom field whose label another column has its key instead, so both re-import', () => {
    const clashing = [...definitions, { ...definitions[3]!, key: 'opensNote', label: 'Opens' }, { ...definitions[3]!, key: 'mail', label: 'email' }]
    const header = contactCsvHeader({ customFields: clashing })
    expect(header).toContain('opensNote')
    expect(header).toContain('mail')
    expect(header.filter((name) => name === 'Opens')).toHaveLength(1)
    expect(matchHeaders(header, clashing)).toEqual(expect.arrayContaining([{ kind: 'customField', key: 'opensNote' }, { kind: 'customField', key: 'mail' }]))
  })

  it('parses back to the values it was given (export → parse → unescape)', () => {
    fc.assert(
      fc.property(fc.array(contactArb, { minLength: 1, maxLength: 5 }), (contacts) => {
        const rows = contacts.map((contact) => contactToCsvRow(contact, context))
        const parsed = parse(csvRecords([contactCsvHeader(context), ...rows])).slice(1)
        expect(parsed.map((row) => row.map(unescapeCsvCell))).toEqual(rows.map((row) => row.map((value) => (value === null || value === undefined ? '' : String(value)))))
      }),
      { numRuns: 200 },
    )
  })

  it('re-imports losslessly through the import screen’s header matching and row mapping', () => {
    const header = contactCsvHeader(context)
    const mapping = matchHeaders(header, definitions)
    const mapRow = compileRowMapper(header, mapping, definitions)
    fc.assert(
      fc.property(contactArb, (contact) => {
        const [, row] = parse(csvRecords([header, contactToCsvRow(contact, context)]))
        const outcome = mapRow(row ?? [])
        expect(outcome.ok).toBe(true)
        if (!outcome.ok) return
        const draft = outcome.draft
        expect(draft.email).toBe(contact.email)
        expect(draft.firstName ?? '').toBe(contact.firstName)
        expect(draft.lastName ?? '').toBe(contact.lastName)
        expect(draft.phone ?? '').toBe(contact.phone)
        expect(draft.title ?? '').toBe(contact.title)
        expect(draft.companyName ?? '').toBe(contact.companyId ? companies.get(contact.companyId) : '')
        expect(draft.tags).toEqual(contact.tags)
        expect(draft.lifecycleStage).toBe(contact.lifecycleStage)
        expect(draft.customFields).toEqual(contact.customFields)
      }),
      { numRuns: 300 },
    )
  })
})
