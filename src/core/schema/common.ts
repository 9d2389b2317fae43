// Envelope fields every synced collection declares (ARCHITECTURE.md, data model).
export const idProperty = { type: 'string', maxLength: 26 } as const
export const timestampProperty = { type: 'number', minimum: 0, maximum: 1e15, multipleOf: 1 } as const
export const clockProperty = {
  type: 'object',
  additionalProperties: { type: 'string', maxLength: 100 },
} as const
export const tagsProperty = {
  type: 'array',
  maxItems: 50,
  items: { type: 'string', minLength: 1, maxLength: 50 },
} as const
