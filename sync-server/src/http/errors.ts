import type { ErrorBody } from '@core/sync/protocol'

export type ErrorCode =
  | 'invalid_request'
  | 'invalid_document'
  | 'invalid_checkpoint'
  | 'unknown_collection'
  | 'read_only_collection'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'email_taken'
  | 'invite_invalid'
  | 'payload_too_large'
  | 'rate_limited'
  | 'internal'

const STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  invalid_document: 400,
  invalid_checkpoint: 400,
  unknown_collection: 400,
  read_only_collection: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  email_taken: 409,
  invite_invalid: 410,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
}

/** An error the client is meant to see: status, stable code, human message. */
export class ApiError extends Error {
  readonly status: number

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'ApiError'
    this.status = STATUS[code]
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { error: this.code, message: this.message }
      : { error: this.code, message: this.message, details: this.details }
  }
}

/** The one answer for "no such thing, or not yours": never hints that it exists elsewhere. */
export function notFound(what = 'not found'): ApiError {
  return new ApiError('not_found', what)
}
