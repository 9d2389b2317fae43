import type { FromSchema } from 'json-schema-to-ts'
import { clockProperty, idProperty, timestampProperty } from './common'

export const TEMPLATE_LIMITS = { name: 120, subject: 250, preheader: 250, fromName: 100, fromEmail: 254, html: 500_000 } as const

/**
 * Email templates: Liquid merge tags (`{{ contact.firstName | default: "there" }}`) in subject,
 * preheader and HTML; CSS is inlined and the text part generated at send time (src/core/templates).
 */
export const templateSchema = {
  title: 'templates',
  description: 'Email templates with Liquid merge tags',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idProperty,
    name: { type: 'string', minLength: 1, maxLength: TEMPLATE_LIMITS.name },
    subject: { type: 'string', maxLength: TEMPLATE_LIMITS.subject },
    preheader: { type: 'string', maxLength: TEMPLATE_LIMITS.preheader },
    fromName: { type: 'string', maxLength: TEMPLATE_LIMITS.fromName },
    fromEmail: { type: 'string', maxLength: TEMPLATE_LIMITS.fromEmail },
    html: { type: 'string', maxLength: TEMPLATE_LIMITS.html },
    createdAt: timestampProperty,
    updatedAt: timestampProperty,
    _clock: clockProperty,
  },
  required: ['id', 'name', 'subject', 'preheader', 'fromName', 'fromEmail', 'html', 'createdAt', 'updatedAt', '_clock'],
  additionalProperties: false,
  indexes: ['updatedAt'],
} as const

export type Template = FromSchema<typeof templateSchema>
