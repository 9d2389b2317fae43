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
