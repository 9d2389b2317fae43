import type { FromSchema } from 'json-schema-to-ts'
import { clockProperty, idProperty, tagsProperty, timestampProperty } from './common'

export const COMPANY_LIMITS = { name: 200, domain: 253, industry: 100, phone: 40, city: 100, country: 100 } as const

export const companySchema = {
  title: 'companies',
  description: 'Organisations contacts belong to',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idProperty,
    name: { type: 'string', maxLength: COMPANY_LIMITS.name },
    domain: { type: 'string', maxLength: COMPANY_LIMITS.domain },
    industry: { type: 'string', maxLength: COMPANY_LIMITS.industry },
    employees: { type: 'integer', minimum: 0, maximum: 10_000_000 },
    phone: { type: 'string', maxLength: COMPANY_LIMITS.phone },
    city: { type: 'string', maxLength: COMPANY_LIMITS.city },
    country: { type: 'string', maxLength: COMPANY_LIMITS.country },
    tags: tagsProperty,
    /** The member who last changed it (server-checked); absent when changed while local only. */
    updatedBy: { type: 'string', maxLength: 26 },
    createdAt: timestampProperty,
    updatedAt: timestampProperty,
    _clock: clockProperty,
  },
  required: ['id', 'name', 'domain', 'industry', 'phone', 'city', 'country', 'tags', 'createdAt', 'updatedAt', '_clock'],
  additionalProperties: false,
  indexes: ['updatedAt', 'name'],
} as const

export type Company = FromSchema<typeof companySchema>

/** v1 only added the optional updatedBy. */
export const companyMigrationStrategies = {
  1: (old: Company): Company => old,
}
