import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { IMPORT_FIELD_LABELS, IMPORT_FIELDS, type ImportTarget } from './importFields'
import { matchHeaders, normalizeHeader } from './matchHeaders'

const customFields = [
  { key: 'plan', label: 'Plan' },
  { key: 'renewalDate', label: 'Renewal date' },
  { key: 'role', label: 'Role' },
]

const field = (name: string): ImportTarget => ({ kind: 'field', field: name } as ImportTarget)

describe('matchHeaders', () => {
  it('recognises the usual spellings of contact fields', () => {
    expect(matchHeaders(['E-mail Address', 'First Name', 'Surname', 'Organisation', 'Job title', 'Labels', 'Lifecycle', 'Mobile'], [])).toEqual([
      field('email'),
      field('firstName'),
      field('lastName'),
      field('company'),
      field('title'),
      field('tags'),
      field('lifecycleStage'),
      field('phone'),
    ])
    expect(matchHeaders(['Name', 'Email Address'], [])).toEqual([field('fullName'), field('email')])
  })

  it('maps Outpost’s own field labels back to their fields', () => {
    const labels = IMPORT_FIELDS.filter((name) => name !== 'fullName').map((name) => IMPORT_FIELD_LABELS[name])
    expect(matchHeaders(labels, [])).toEqual(IMPORT_FIELDS.filter((name) => name !== 'fullName').map(field))
  })

  it('matches custom fields by key or label, before a synonym of a built-in field', () => {
    expect(matchHeaders(['plan', 'Renewal Date', 'Role', 'Title'], customFields)).toEqual([
      { kind: 'customField', key: 'plan' },
      { kind: 'customField', key: 'renewalDate' },
      { kind: 'customField', key: 'role' },
      field('title'),
    ])
  })

  it('gives a field to the first of two columns that both look like it, and ignores the rest', () => {
    expect(matchHeaders(['email', 'Email', 'Notes', ''], [])).toEqual([field('email'), { kind: 'ignore' }, { kind: 'ignore' }, { kind: 'ignore' }])
  })

  it('gives the exact label precedence over a synonym, wherever the columns are', () => {
    // "Stage" is a synonym, "Lifecycle stage" the field's own name.
    expect(matchHeaders(['Stage', 'Lifecycle stage'], [])).toEqual([{ kind: 'ignore' }, field('lifecycleStage')])
  })

  const headerArbitrary = fc.oneof(
    fc.constantFrom('Email', 'e-mail', 'First name', 'last', 'Name', 'Phone', 'Company', 'Tags', 'Stage', 'Plan', 'plan', 'Role', 'Title', 'Notes'),
    fc.string({ maxLength: 12 }),
  )

  it('never gives one field or custom field to two columns, and returns one target per column', () => {
    fc.assert(
      fc.property(fc.array(headerArbitrary, { maxLength: 15 }), (headers) => {
        const targets = matchHeaders(headers, customFields)
        expect(targets).toHaveLength(headers.length)
        const taken = targets.filter((target) => target.kind === 'field' || target.kind === 'customField').map((target) => JSON.stringify(target))
        expect(new Set(taken).size).toBe(taken.length)
      }),
    )
  })

  it('does not care about case, spacing or punctuation in headers', () => {
    const decorate = (header: string, upper: boolean) => ` ${upper ? header.toUpperCase() : header.toLowerCase()}_ `.replace(/ /g, ' - ')
    fc.assert(
      fc.property(fc.array(fc.tuple(headerArbitrary, fc.boolean()), { maxLength: 10 }), (pairs) => {
        const headers = pairs.map(([header]) => header)
        const decorated = pairs.map(([header, upper]) => decorate(header, upper))
        fc.pre(headers.every((header, index) => normalizeHeader(header) === normalizeHeader(decorated[index] ?? '')))
        expect(matchHeaders(decorated, customFields)).toEqual(matchHeaders(headers, customFields))
      }),
    )
  })
})
