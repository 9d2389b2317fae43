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
const UCS2_LENGTH = 'const __ucs2length = (text) => { let length = 0; for (const _ of text) length++; return length };'

export function schemaValidatorsPlugin(): Plugin {
  return {
    name: 'outpost-schema-validators',
    resolveId(id) {
      return id === SCHEMA_VALIDATORS_MODULE ? RESOLVED_ID : undefined
    },
    load(id) {
      if (id !== RESOLVED_ID) return undefined
      const ajv = new Ajv({ strict: true, allErrors: false, code: { source: true, esm: true } })
      for (const keyword of RXDB_KEYWORDS) ajv.addKeyword(keyword)
      const exportNames: Record<string, string> = {}
      const keys: string[] = []
      Object.values(collectionSchemas).forEach(({ schema }) => {
        const filled = fillWithDefaultSettings(schema as unknown as RxJsonSchema<unknown>)
        // Not `validate<N>`: ajv names its own inner functions that way, and they would clash.
        const name = `collectionValidator_${schema.title}`
        ajv.addSchema(filled, name)
        exportNames[name] = name
        keys.push(`${JSON.stringify(`${schema.title}@${schema.version}`)}: ${name}`)
      })
      // Standalone code `require`s ajv's runtime helpers, which a browser module cannot: the one
      // these schemas need (string length in code points, as ajv counts everywhere) is inlined.
      const code = standaloneCode(ajv, exportNames).replaceAll('require("ajv/dist/runtime/ucs2length").default', '__ucs2length')
      if (code.includes('require(')) throw new Error('schema validators need another ajv runtime helper; inline it here')
      return `${UCS2_LENGTH}\n${code}\nexport const validators = { ${keys.join(', ')} };\n`
    },
  }
}
