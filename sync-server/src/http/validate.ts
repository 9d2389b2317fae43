import type { z } from 'zod'
import { ApiError } from './errors'

/** Parses a request part with zod; the first issue becomes a 400 with the field named. */
export function parseBody<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const field = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''
  throw new ApiError('invalid_request', `${field}${issue?.message ?? 'invalid request'}`)
}
