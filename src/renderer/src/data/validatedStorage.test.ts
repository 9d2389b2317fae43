import { validators } from 'virtual:schema-validators'
import { collectionSchemas } from '@core/schema'

describe('build-time schema validators', () => {
  it('exist for every collection schema in src/core and reject a document missing its id', () => {
    for (const { schema } of Object.values(collectionSchemas)) {
      const validate = validators[`${schema.title}@${schema.version}`]
      expect(validate, schema.title).toBeTypeOf('function')
      expect(validate?.({ _deleted: false })).toBe(false)
      expect(validate?.errors?.length).toBeGreaterThan(0)
    }
  })
})

describe('string lengths', () => {
  it('count characters as ajv does (an emoji is one), so the limit is the same everywhere', () => {
    const validate = validators['companies@1']!
    const company = { id: '01JABCDEFGHJKMNPQRSTVWXYZ3', domain: '', industry: '', phone: '', city: '', country: '', tags: [], createdAt: 1, updatedAt: 1, _clock: {}, _deleted: false, _rev: '1-a', _attachments: {}, _meta: { lwt: 1 } }
    expect(validate({ ...company, name: '🚀'.repeat(200) })).toBe(true)
    expect(validate({ ...company, name: '🚀'.repeat(201) })).toBe(false)
  })
})
