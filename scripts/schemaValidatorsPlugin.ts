import { Ajv } from 'ajv'
import standaloneCode from 'ajv/dist/standalone/index.js'
import { fillWithDefaultSettings, type RxJsonSchema } from 'rxdb'
import type { Plugin } from 'vite'
import { collectionSchemas } from '../src/core/schema'

export const SCHEMA_VALIDATORS_MODULE = 'virtual:schema-validators'
const RESOLVED_ID = `\0${SCHEMA_VALIDATORS_MODULE}`

// RxDB's schema-only keywords, which ajv must accept without checking anything.
const RXDB_KEYWORDS = ['version', 'keyCompression', 'primaryKey', 'indexes', 'encrypted', 'final', 'sharding', 'internalIndexes', 'attachments', 'ref', 'crdt']

/**
 * Compiles the collection schemas from src/core into ajv validators at build time.
 * At run time ajv would compile them with `new Function`, which the strict CSP forbids, and the
 * CSP-safe interpreting validators cost about a millisecond per document (100 s per 100,000).
 * The module exports `validators`: { "<collection>@<version>": (doc) => boolean with .errors }.
 */
export function schemaValidatorsPlugin(): Plugin {
  return {
    name: 'outpost-schema-validators',
    resolveId(id) {
      return id === SCHEMA_VALIDATORS_MODULE ? RESOLVED_ID : undefined
    },
    load(id) {
      if (id !== RESOLVED_ID) return undefined
      // unicode: false → maxLength counts UTF-16 units like String.length (and zod) do, with no runtime helper.
      const ajv = new Ajv({ strict: true, allErrors: false, unicode: false, code: { source: true, esm: true } })
      for (const keyword of RXDB_KEYWORDS) ajv.addKeyword(keyword)
      const exportNames: Record<string, string> = {}
      const keys: string[] = []
      Object.values(collectionSchemas).forEach(({ schema }, index) => {
        const filled = fillWithDefaultSettings(schema as unknown as RxJsonSchema<unknown>)
        const name = `validate${index}`
        ajv.addSchema(filled, name)
        exportNames[name] = name
        keys.push(`${JSON.stringify(`${schema.title}@${schema.version}`)}: ${name}`)
      })
      const code = standaloneCode(ajv, exportNames)
      // Standalone code would `require` ajv's runtime helpers, which a browser module cannot.
      if (code.includes('require(')) throw new Error('schema validators need an ajv runtime helper; avoid that keyword')
      return `${code}\nexport const validators = { ${keys.join(', ')} };\n`
    },
  }
}
