import type { CustomFieldDefinition } from '../schema/settings'
import { normalizeEmail, parseCustomFieldValue, validateContactInput, type ContactFormValues } from './contactInput'

const definition = (key: string, fieldType: CustomFieldDefinition['fieldType'], options: string[] = []): CustomFieldDefinition => ({
  id: `01JGZ00000000000000000000${key.length}`,
  kind: 'customField',
  key,
  label: key[0]?.toUpperCase() + key.slice(1),
  fieldType,
  options,
  position: 0,
  createdAt: 0,
  updatedAt: 0,
  _clock: {},
})

const definitions = [
  definition('plan', 'select', ['Free', 'Starter', 'Pro', 'Enterprise']),
  definition('renewalDate', 'date'),
  definition('seats', 'number'),
  definition('source', 'text'),
]

const validate = (values: ContactFormValues) => validateContactInput(values, definitions)

function errorsOf(values: ContactFormValues): Record<string, string> {
  const result = validate(values)
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.value)}`)
  return result.error
}

describe('validateContactInput', () => {
  it('returns the normalized input for a valid form', () => {
    const result = validate({
      email: '  Ada@Example.COM ',
      firstName: ' Ada ',
      lastName: 'Lovelace',
      phone: '+44 (20) 7946-0958 x12',
      tags: ['VIP', 'vip', ' Newsletter '],
      lifecycleStage: 'customer',
      customFields: { plan: 'Pro', seats: '1,200', renewalDate: '2026-03-01', source: '' },
    })
    expect(result).toEqual({
      ok: true,
      value: {
        email: 'ada@example.com',
        firstName: 'Ada',
        lastName: 'Lovelace',
        phone: '+44 (20) 7946-0958 x12',
        title: '',
        companyId: '',
        tags: ['vip', 'newsletter'],
        lifecycleStage: 'customer',
        customFields: { plan: 'Pro', seats: 1200, renewalDate: '2026-03-01' },
      },
    })
  })

  it.each(['ada', 'ada@', '@example.com', 'ada lovelace@example.com', 'ada@@example.com'])('rejects the email %j', (email) => {
    expect(errorsOf({ email }).email).toMatch(/valid email/)
  })

  it('rejects over-long fields with a message per field', () => {
    const errors = errorsOf({
      email: `${'a'.repeat(250)}@example.com`,
      firstName: 'x'.repeat(101),
      lastName: 'y'.repeat(101),
      phone: '1'.repeat(41),
      title: 't'.repeat(121),
    })
    expect(errors).toMatchObject({
      email: expect.stringMatching(/at most 254/),
      firstName: expect.stringMatching(/at most 100/),
      lastName: expect.stringMatching(/at most 100/),
      phone: expect.stringMatching(/at most 40/),
      title: expect.stringMatching(/at most 120/),
    })
  })

  it('accepts fields exactly at their limits', () => {
    expect(validate({ firstName: 'x'.repeat(100), title: 't'.repeat(120), phone: '1'.repeat(40) }).ok).toBe(true)
  })

  it('needs at least an email or a name', () => {
    expect(errorsOf({}).email).toMatch(/at least an email address or a name/)
    expect(errorsOf({ email: '   ', firstName: '  ' }).email).toMatch(/at least/)
    expect(validate({ email: 'a@b.co' }).ok).toBe(true)
    expect(validate({ firstName: 'Ada' }).ok).toBe(true)
    expect(validate({ lastName: 'Lovelace' }).ok).toBe(true)
  })

  it('allows only phone characters', () => {
    expect(errorsOf({ firstName: 'Ada', phone: '+1 555 CALL-NOW' }).phone).toMatch(/Phone may contain/)
    expect(errorsOf({ firstName: 'Ada', phone: '555#1' }).phone).toBeDefined()
    expect(validate({ firstName: 'Ada', phone: '+1 (555) 010-0199 / x7' }).ok).toBe(true)
  })

  it('normalizes tags to lowercase and removes duplicates, and rejects empty tags', () => {
    const result = validate({ firstName: 'Ada', tags: ['Beta', ' beta', 'BETA ', 'Trial'] })
    expect(result.ok && result.value.tags).toEqual(['beta', 'trial'])
    expect(errorsOf({ firstName: 'Ada', tags: ['ok', '  '] }).tags).toMatch(/empty/)
    expect(errorsOf({ firstName: 'Ada', tags: ['x'.repeat(51)] }).tags).toMatch(/at most 50/)
  })

  it('rejects an unknown lifecycle stage', () => {
    expect(errorsOf({ firstName: 'Ada', lifecycleStage: 'prospect' }).lifecycleStage).toMatch(/lifecycle stage/)
  })

  describe('custom fields', () => {
    it('rejects text longer than 1000 characters', () => {
      expect(errorsOf({ firstName: 'Ada', customFields: { source: 'x'.repeat(1001) } })['customFields.source']).toMatch(/at most 1000/)
      expect(validate({ firstName: 'Ada', customFields: { source: 'x'.repeat(1000) } }).ok).toBe(true)
    })

    it('parses numbers and rejects non-numbers', () => {
      expect(errorsOf({ firstName: 'Ada', customFields: { seats: 'twelve' } })['customFields.seats']).toMatch(/must be a number/)
      expect(errorsOf({ firstName: 'Ada', customFields: { seats: 'Infinity' } })['customFields.seats']).toBeDefined()
      const result = validate({ firstName: 'Ada', customFields: { seats: ' -3.5 ' } })
      expect(result.ok && result.value.customFields).toEqual({ seats: -3.5 })
    })

    it.each(['2025-02-30', '2025-13-01', '2025-2-3', '03/01/2026', '2026-03-01T00:00:00Z'])('rejects the date %j', (date) => {
      expect(errorsOf({ firstName: 'Ada', customFields: { renewalDate: date } })['customFields.renewalDate']).toMatch(/YYYY-MM-DD/)
    })

    it('accepts real calendar dates, including leap days', () => {
      expect(validate({ firstName: 'Ada', customFields: { renewalDate: '2024-02-29' } }).ok).toBe(true)
      expect(validate({ firstName: 'Ada', customFields: { renewalDate: '2025-02-29' } }).ok).toBe(false)
    })

    it('rejects a select value that is not one of the options', () => {
      expect(errorsOf({ firstName: 'Ada', customFields: { plan: 'Platinum' } })['customFields.plan']).toMatch(/one of: Free, Starter, Pro, Enterprise/)
      expect(errorsOf({ firstName: 'Ada', customFields: { plan: 'pro' } })['customFields.plan']).toBeDefined()
    })

    it('rejects an unknown key', () => {
      expect(errorsOf({ firstName: 'Ada', customFields: { shoeSize: '42' } })['customFields.shoeSize']).toMatch(/Unknown custom field/)
    })

    it('drops empty values instead of storing them', () => {
      const result = validate({ firstName: 'Ada', customFields: { plan: '', seats: null, source: undefined } })
      expect(result.ok && result.value.customFields).toEqual({})
    })
  })

  it('returns no value at all when any field is wrong', () => {
    const result = validate({ email: 'ada@example.com', firstName: 'Ada', customFields: { plan: 'Pro', seats: 'many' } })
    expect(result.ok).toBe(false)
    expect(result).not.toHaveProperty('value')
    expect(Object.keys(result.ok ? {} : result.error)).toEqual(['customFields.seats'])
  })

  it('reports custom field errors together with field errors', () => {
    const errors = errorsOf({ email: 'nope', customFields: { plan: 'Gold' } })
    expect(Object.keys(errors).sort()).toEqual(['customFields.plan', 'email'])
  })
})

describe('parseCustomFieldValue', () => {
  it('explains that a select without options accepts nothing', () => {
    const result = parseCustomFieldValue({ label: 'Tier', fieldType: 'select', options: [] }, 'Gold')
    expect(result).toEqual({ ok: false, error: 'Tier must be one of: (no options defined)' })
  })

  it('accepts numbers given as numbers', () => {
    expect(parseCustomFieldValue({ label: 'Seats', fieldType: 'number', options: [] }, 12)).toEqual({ ok: true, value: 12 })
  })
})

describe('normalizeEmail', () => {
  it('trims and lowercases', () => {
    expect(normalizeEmail('  Ada@Example.COM ')).toBe('ada@example.com')
  })
})
