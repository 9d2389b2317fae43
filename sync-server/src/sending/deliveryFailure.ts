// What an SMTP send error means for the recipient: try again later, give up on this message, or
// a hard bounce (the address does not exist: suppress it for good).

export type DeliveryFailureKind = 'temporary' | 'permanent' | 'bounce'

export interface DeliveryFailure {
  kind: DeliveryFailureKind
  /** Short, for the recipient row and logs (the server's reply when there was one). */
  message: string
}

interface SmtpErrorFields {
  message?: unknown
  code?: unknown
  responseCode?: unknown
  command?: unknown
  response?: unknown
}

const MAX_MESSAGE = 500

export function classifyDeliveryError(error: unknown): DeliveryFailure {
  const fields: SmtpErrorFields = typeof error === 'object' && error !== null ? (error as SmtpErrorFields) : {}
  const responseCode = typeof fields.responseCode === 'number' ? fields.responseCode : null
  const command = typeof fields.command === 'string' ? fields.command.toUpperCase() : ''
  const response = typeof fields.response === 'string' ? fields.response : ''
  const text = (response || (typeof fields.message === 'string' ? fields.message : String(error))).slice(0, MAX_MESSAGE)
  // No reply (connection refused, timeout, TLS) or a 4xx: the server may take it later.
  if (responseCode === null || responseCode < 500) return { kind: 'temporary', message: text }
  if (responseCode >= 600) return { kind: 'temporary', message: text }
  // 5xx to RCPT TO is about this recipient; after DATA only a 5.1.x status names the mailbox.
  if (command.includes('RCPT') || (command === 'DATA' && /\b5\.1\.\d+\b/.test(response))) return { kind: 'bounce', message: text }
  if (command === 'DATA') return { kind: 'permanent', message: text }
  // 5xx to MAIL FROM or AUTH is the sender's setup, not the recipient: retry until someone fixes it.
  return { kind: 'temporary', message: text }
}

/** Exponential backoff: base, 2×base, 4×base … capped, with ±20% jitter so retries spread out. */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1))
  return Math.round(exponential * (0.8 + 0.4 * random()))
}
