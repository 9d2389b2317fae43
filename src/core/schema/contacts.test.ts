import Ajv, { type ValidateFunction } from 'ajv'
import fc from 'fast-check'
import { formatStamp, ZERO_STAMP } from '../hlc'
import { contactSchema, contactSchemaV0, migrateContactV0ToV1, type ContactV0 } from './contacts'
import { collectionSchemas } from './index'

const RXDB_ONLY_KEYS = new Set(['primaryKey', 'indexes', 'version', 'encrypted', 'keyCompression', 'attachments', 'internalIndexes'])

/** The plain JSON schema a stored document must satisfy: RxDB-only keys removed, `_deleted` added as RxDB does. */
function compileDocumentValidator(schema: object): ValidateFunction {
  const plain = Object.fromEntries(Object.entries(schema).filter(([key]) => !RXDB_ONLY_KEYS.has(key))) as {
    properties: Record<string, unknown>
  }
  const withDeleted = { ...plain, properties: { ...plain.properties, _deleted: { type: 'boolean' } } }
  return new Ajv({ strict: false, allErrors: true }).compile(withDeleted)
}

const stamp = (wallMs: number, node = 'a') => formatStamp({ wallMs, counter: 0, node })

const v0 = (name: string, clock: Record<string, string> = {}): ContactV0 => ({
  id: '01JGZ0000000000000000000AA',
  email: 'ada@example.com',
  name,
  phone: '',
  title: 'Engineer',
  companyId: '',
  tags: ['vip'],
  customFields: { plan: 'Pro' },
  createdAt: 1000,
  updatedAt: 2000,
  _clock: clock,
})

describe('migrateContactV0ToV1', () => {
  it('splits the name at the first space', () => {
    expect(migrateContactV0ToV1(v0('Ada King Lovelace'))).toMatchObject({ firstName: 'Ada', lastName: 'King Lovelace' })
  })

  it('puts a single word in the first name', () => {
    expect(migrateContactV0ToV1(v0('Cher'))).toMatchObject({ firstName: 'Cher', lastName: '' })
    expect(migrateContactV0ToV1(v0(''))).toMatchObject({ firstName: '', lastName: '' })
  })

  it('ignores extra spaces around and between the parts', () => {
    expect(migrateContactV0ToV1(v0('   Ada    Lovelace  '))).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace' })
    expect(migrateContactV0ToV1(v0('  Cher  '))).toMatchObject({ firstName: 'Cher', lastName: '' })
  })

  it('carries the clocks: the name stamp moves to both name parts, the new stage gets the zero stamp', () => {
    const clock = { name: stamp(1500), email: stamp(1200), tags: stamp(1800), _deleted: stamp(1000) }
    const migrated = migrateContactV0ToV1(v0('Ada Lovelace', clock))
    expect(migrated._clock).toEqual({
      firstName: stamp(1500),
      lastName: stamp(1500),
      email: stamp(1200),
      tags: stamp(1800),
      _deleted: stamp(1000),
      lifecycleStage: ZERO_STAMP,
    })
    expect(migrated).not.toHaveProperty('name')
    expect(migrated.lifecycleStage).toBe('lead')
  })

  it('keeps every other field as it was', () => {
    const old = v0('Ada Lovelace')
    const { name: _name, ...rest } = old
    expect(migrateContactV0ToV1(old)).toEqual({ ...rest, firstName: 'Ada', lastName: 'Lovelace', lifecycleStage: 'lead', _clock: { lifecycleStage: ZERO_STAMP } })
  })

  it('turns every valid v0 document into a valid v1 document', () => {
    const validV0 = compileDocumentValidator(contactSchemaV0)
    const validV1 = compileDocumentValidator(contactSchema)
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'é', 'Z'), minLength: 0, maxLength: 150, size: 'max' })
    const nameArb = fc.tuple(word, fc.constantFrom('', ' ', '  '), word, fc.constantFrom('', ' ')).map((parts) => parts.join('').slice(0, 200))
    const customArb = fc.dictionary(
      fc.constantFrom('plan', 'notes', 'seats'),
      fc.oneof(fc.string({ maxLength: 1500, size: 'max' }), fc.integer(), fc.constant(null)),
    )
    fc.assert(
      fc.property(nameArb, customArb, (name, customFields) => {
        const old = { ...v0(name, { name: stamp(1500) }), customFields }
        expect(validV0(old)).toBe(true)
        const migrated = migrateContactV0ToV1(old)
        const valid = validV1(migrated)
        expect(validV1.errors ?? []).toEqual([])
        expect(valid).toBe(true)
      }),
    )
  })
})

describe('collection schemas follow RxDB rules', () => {
  const schemas = Object.entries(collectionSchemas).map(([name, { schema }]) => [name, schema as unknown as RxSchemaShape] as const)

  interface PropertyShape {
    type?: string | readonly string[]
    maxLength?: number
    minimum?: number
    maximum?: number
    multipleOf?: number
  }
  interface RxSchemaShape {
    title: string
    primaryKey: string
    properties: Record<string, PropertyShape>
    required: readonly string[]
    indexes?: readonly (string | readonly string[])[]
  }

  it('covers at most 12 collections', () => {
    expect(schemas.length).toBeGreaterThan(0)
    expect(schemas.length).toBeLessThanOrEqual(12)
  })

  it.each(schemas)('%s has the synced envelope: id primary key (26 chars), updatedAt, _clock, all required', (name, schema) => {
    expect(schema.title).toBe(name)
    expect(schema.primaryKey).toBe('id')
    expect(schema.properties.id).toMatchObject({ type: 'string', maxLength: 26 })
    expect(schema.properties.updatedAt).toMatchObject({ type: 'number' })
    expect(schema.properties._clock).toMatchObject({ type: 'object' })
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'updatedAt', '_clock']))
  })

  it.each(schemas)('%s indexes only required, bounded fields', (_name, schema) => {
    const indexed = new Set((schema.indexes ?? []).flatMap((index) => (typeof index === 'string' ? [index] : [...index])))
    expect(indexed.size).toBeGreaterThan(0)
    for (const field of indexed) {
      const property = schema.properties[field]
      expect(property, field).toBeDefined()
      expect(schema.required, field).toContain(field)
      if (property?.type === 'string') expect(property.maxLength, field).toEqual(expect.any(Number))
      if (property?.type === 'number' || property?.type === 'integer') {
        expect(property, field).toMatchObject({ minimum: expect.any(Number), maximum: expect.any(Number), multipleOf: expect.any(Number) })
      }
      expect(['string', 'number', 'integer', 'boolean'], field).toContain(property?.type)
    }
  })
})
