import { validators } from 'virtual:schema-validators'
import { wrappedValidateStorageFactory, type RxJsonSchema, type RxValidationError } from 'rxdb'

/**
 * Validates every write against the collection's schema from src/core before it reaches
 * IndexedDB, with validators compiled at build time (CSP-safe and fast). RxDB's own internal
 * collections have no compiled validator and are not validated.
 */
export const wrappedPrecompiledValidationStorage = wrappedValidateStorageFactory((schema: RxJsonSchema<unknown>) => {
  const validate = schema.title ? validators[`${schema.title}@${schema.version}`] : undefined
  if (!validate) return () => []
  return (document: unknown): RxValidationError[] =>
    validate(document) ? [] : ((validate.errors ?? [{ message: 'invalid document' }]) as RxValidationError[])
}, 'outpost-precompiled')
