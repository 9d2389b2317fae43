import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { escapeCsvCell } from '../csv/csv'
import type { CustomFieldDefinition } from '../schema/settings'
import type { ImportMapping } from './importFields'
import { compileRowMapper, isBlankRow, parseLifecycleStage, splitFullName, splitTags } from './mapImportRow'

type Definition = Pick<CustomFieldDefinition, 'key' | 'label' | 'fieldType' | 'options'>
const definitions: Definition[] = [
  { key: 'seats', label: 'Seats', fieldType: 'number', options: [] },
  { key: 'plan', label: 'Plan', fieldType: 'select', options: ['Free', 'Pro'] },
  { key: 'renewal', label: 'Renewal', fieldType: 'date', options: [] },
  { key: 'notes', label: 'Notes', fieldType: 'text', options: [] },
]

const headers = ['Email', 'First name', 'Last name', 'Name', 'Phone', 'Title', 'Company', 'Tags', 'Stage', 'Seats', 'Plan', 'Renewal', 'Notes', 'Ignored']
const mapping: ImportMapping = [
  { kind: 'field', field: 'email' },
  { kind: 'field', field: 'firstName' },
  { kind: 'field', field: 'lastName' },
  { kind: 'field', field: 'fullName' },
  { kind: 'field', field: 'phone' },
  { kind: 'field', field: 'title' },
  { kind: 'field', field: 'company' },
  { kind: 'field', field: 'tags' },
  { kind: 'field', field: 'lifecycleStage' },
  { kind: 'customField', key: 'seats' },
  { kind: 'customField', key: 'plan' },
  { kind: 'customField', key: 'renewal' },
  { kind: 'customField', key: 'notes' },
  { kind: 'ignore' },
]
const mapRow = compileRowMapper(headers, mapping, definitions)

function row(values: Partial<Record<string, string>>): string[] {
  return headers.map((header) => values[header] ?? '')
}

describe('compileRowMapper', () => {
  it('turns a full row into a normalized draft', () => {
    const outcome = mapRow(
      row({
        Email: '  Ada@Example.COM ',
        'First name': 'Ada',
        'Last name': 'Lovelace',
        Phone: '+44 20 7946 0000',
        Title: 'Analyst',
        Company: ' Analytical  Engines ',
        Tags: 'VIP, math;VIP|  ',
        Stage: 'Marketing qualified',
        Seats: '1,200',
        Plan: 'pro',
        Renewal: '2026-02-28',
        Notes: 'first programmer',
        Ignored: 'whatever',
      }),
    )
    expect(outcome).toEqual({
      ok: true,
      draft: {
        email: 'ada@example.com',
        firstName: 'Ada',
        lastName: 'Lovelace',
        phone: '+44 20 7946 0000',
        title: 'Analyst',
        companyName: 'Analytical  Engines',
        tags: ['vip', 'math'],
        lifecycleStage: 'marketingQualified',
        customFields: { seats: 1200, plan: 'Pro', renewal: '2026-02-28', notes: 'first programmer' },
      },
    })
  })

  it('leaves out what the file does not have, so an update never blanks a field', () => {
    expect(mapRow(row({ Email: 'a@b.co' }))).toEqual({ ok: true, draft: { email: 'a@b.co', tags: [], customFields: {} } })
  })

  it('undoes Outpost’s formula escaping on every cell', () => {
    const outcome = mapRow(row({ Email: 'a@b.co', Phone: "'+1 555 0100", Title: "'=Head of growth", Notes: "''quoted" }))
    expect(outcome.ok && outcome.draft).toMatchObject({ phone: '+1 555 0100', title: '=Head of growth', customFields: { notes: "'quoted" } })
  })

  it('splits a full name when first and last name are blank, and prefers the explicit columns', () => {
    expect(mapRow(row({ Email: 'a@b.co', Name: 'Lovelace, Ada' }))).toMatchObject({ ok: true, draft: { firstName: 'Ada', lastName: 'Lovelace' } })
    expect(mapRow(row({ Email: 'a@b.co', Name: 'Ada King Lovelace', 'First name': 'Augusta' }))).toMatchObject({
      ok: true,
      draft: { firstName: 'Augusta', lastName: 'King Lovelace' },
    })
  })

  it('reports each problem with the column it comes from', () => {
    const outcome = mapRow(
      row({
        Email: 'not-an-email',
        'First name': 'x'.repeat(101),
        Phone: 'call me',
        Company: 'c'.repeat(201),
        Stage: 'Prospect',
        Seats: 'many',
        Plan: 'Enterprise',
        Renewal: '2026-02-30',
        Tags: 't'.repeat(51),
      }),
    )
    expect(outcome.ok).toBe(false)
    const problems = outcome.ok ? [] : outcome.problems
    expect(problems.map((problem) => problem.column).sort()).toEqual(['Company', 'Email', 'First name', 'Phone', 'Plan', 'Renewal', 'Seats', 'Stage', 'Tags'])
    expect(problems.find((problem) => problem.column === 'Stage')?.reason).toContain('Unknown lifecycle stage "Prospect"')
    expect(problems.find((problem) => problem.column === 'First name')?.reason).toBe('First name must be at most 100 characters')
  })

  it('refuses a row without an email, naming the email column', () => {
    expect(mapRow(row({ 'First name': 'Ada' }))).toEqual({ ok: false, problems: [{ column: 'Email', reason: 'Email is missing' }] })
    const noEmailColumn = compileRowMapper(['Name'], [{ kind: 'field', field: 'fullName' }], [])
    expect(noEmailColumn(['Ada'])).toEqual({ ok: false, problems: [{ column: 'Email', reason: 'Email is missing' }] })
  })

  it('names a too-long split name after the full-name column', () => {
    const outcome = mapRow(row({ Email: 'a@b.co', Name: `${'x'.repeat(101)} Lovelace` }))
    expect(outcome).toEqual({ ok: false, problems: [{ column: 'Name', reason: 'First name must be at most 100 characters' }] })
  })

  it('reads short rows as if the missing cells were blank', () => {
    expect(mapRow(['a@b.co', 'Ada'])).toEqual({ ok: true, draft: { email: 'a@b.co', firstName: 'Ada', tags: [], customFields: {} } })
  })

  const text = fc.string({ maxLength: 30 })
  const cellsArbitrary = fc.record({
    Email: fc.oneof(fc.emailAddress(), text),
    'First name': text,
    'Last name': text,
    Name: text,
    Phone: fc.oneof(fc.stringMatching(/^\+?[0-9 ()-]{0,20}$/), text),
    Title: text,
    Company: text,
    Tags: fc.array(fc.stringMatching(/^[a-zA-Z0-9 =+@-]{0,12}$/), { maxLength: 6 }).map((tags) => tags.join(', ')),
    Stage: fc.oneof(fc.constantFrom('lead', 'Customer', 'MQL', ''), text),
    Seats: fc.oneof(fc.integer().map(String), text),
    Plan: fc.constantFrom('Free', 'pro', 'Gold', ''),
    Renewal: fc.constantFrom('2026-01-31', '2026-13-01', ''),
    Notes: text,
    Ignored: text,
  })

  it('gives every row either a schema-shaped draft or at least one problem in a real column', () => {
    fc.assert(
      fc.property(cellsArbitrary, (values) => {
        const outcome = mapRow(row(values))
        if (outcome.ok) {
          const { draft } = outcome
          expect(draft.email).toBe(draft.email.trim().toLowerCase())
          expect(draft.email.length).toBeGreaterThan(0)
          expect(draft.email.length).toBeLessThanOrEqual(254)
          expect(new Set(draft.tags).size).toBe(draft.tags.length)
          for (const tag of draft.tags) {
            expect(tag).toBe(tag.toLowerCase())
            expect(tag.length).toBeGreaterThanOrEqual(1)
            expect(tag.length).toBeLessThanOrEqual(50)
          }
          for (const value of Object.values(draft)) if (typeof value === 'string') expect(value).toBe(value.trim())
        } else {
          expect(outcome.problems.length).toBeGreaterThan(0)
          for (const problem of outcome.problems) expect(headers).toContain(problem.column)
        }
      }),
    )
  })

  it('reads a cell the same whether or not Outpost’s export escaped it', () => {
    // What a CSV reader hands back for a cell written by escapeCsvCell (quotes removed).
    const exported = (value: string) => {
      const written = escapeCsvCell(value)
      return written.startsWith('"') ? written.slice(1, -1).replace(/""/g, '"') : written
    }
    fc.assert(
      fc.property(cellsArbitrary, (values) => {
        const cells = row(values)
        expect(mapRow(cells.map(exported))).toEqual(mapRow(cells))
      }),
    )
  })
})

describe('cell helpers', () => {
  it('parses stage keys, labels and common abbreviations', () => {
    expect(parseLifecycleStage('salesQualified')).toBe('salesQualified')
    expect(parseLifecycleStage(' SALES QUALIFIED ')).toBe('salesQualified')
    expect(parseLifecycleStage('SQL')).toBe('salesQualified')
    expect(parseLifecycleStage('prospect')).toBeNull()
  })

  it('splits names and tags', () => {
    expect(splitFullName('  Grace   Brewster Hopper ')).toEqual({ firstName: 'Grace', lastName: 'Brewster Hopper' })
    expect(splitFullName('Cher')).toEqual({ firstName: 'Cher', lastName: '' })
    expect(splitTags('a, b;c | d,,')).toEqual(['a', 'b', 'c', 'd'])
  })

  it('knows a blank row', () => {
    expect(isBlankRow(['', '  '])).toBe(true)
    expect(isBlankRow([''])).toBe(true)
    expect(isBlankRow(['', 'x'])).toBe(false)
  })
})
