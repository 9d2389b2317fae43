import { Ajv, type ValidateFunction } from 'ajv'
import { isStamp } from '@core/hlc'
import { collectionSchemas, type CollectionName } from '@core/schema'
import { ERASED_CLOCK_KEY } from '@core/sync/erased'
import { STORAGE_META_FIELDS } from '@core/sync/syncedDoc'

// Pushed documents are checked against the same src/core schemas the app stores them with,
// plus the replication envelope the schemas leave to RxDB (`_deleted`, well-formed `_clock`).

export type DocumentCheck = { ok: true; doc: Record<string, unknown> } | { ok: false; reason: string }

const RXDB_SCHEMA_KEYWORDS = ['version', 'primaryKey', 'indexes', 'encrypted', 'keyCompression', 'final', 'ref', 'attachments', 'internalIndexes', 'crdt']

function compileValidators(): Map<CollectionName, ValidateFunction> {
  const ajv = new Ajv({ allErrors: false, strict: true })
  for (const keyword of RXDB_SCHEMA_KEYWORDS) ajv.addKeyword(keyword)
  const validators = new Map<CollectionName, ValidateFunction>()
  for (const [name, entry] of Object.entries(collectionSchemas)) validators.set(name as CollectionName, ajv.compile(entry.schema))
  return validators
}

let validators: Map<CollectionName, ValidateFunction> | null = null

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Returns the document as it will be stored (storage meta fields dropped, `_deleted` always
 * present) or why it is invalid.
 */
export function checkDocument(collection: CollectionName, value: unknown): DocumentCheck {
  validators ??= compileValidators()
  if (!isPlainObject(value)) return { ok: false, reason: 'document must be an object' }
  const doc: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(value)) if (!STORAGE_META_FIELDS.has(key)) doc[key] = field
  const deleted = Object.hasOwn(doc, '_deleted') ? doc._deleted : false
  if (typeof deleted !== 'boolean') return { ok: false, reason: '_deleted must be a boolean' }
  delete doc._deleted
  const validate = validators.get(collection)
  if (!validate) return { ok: false, reason: `unknown collection ${collection}` }
  if (!validate(doc)) {
    const error = validate.errors?.[0]
    return { ok: false, reason: `${error?.instancePath || '/'} ${error?.message ?? 'is invalid'}` }
  }
  const schemaFields = collectionSchemas[collection].schema.properties
  for (const [field, stamp] of Object.entries(doc._clock as Record<string, string>)) {
    if (field !== '_deleted' && field !== ERASED_CLOCK_KEY && !Object.hasOwn(schemaFields, field)) return { ok: false, reason: `_clock names unknown field ${field}` }
    if (!isStamp(stamp)) return { ok: false, reason: `_clock.${field} is not a valid HLC stamp` }
  }
  doc._deleted = deleted
  return { ok: true, doc }
}
