import { simpleParser } from 'mailparser'
import type { ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import type { SMTPServerAddress, SMTPServerDataStream } from 'smtp-server'

// A real SMTP server on 127.0.0.1 for tests, the crash test and bench/send.mjs: it accepts (or,
// as told, refuses) each recipient and keeps what it received. Not the product's embedded sink
// (src/sink): this one exists to be asserted on.

export interface CaughtMessage {
  /** Envelope recipients. */
  to: string[]
  /** Parsed with mailparser (null when the sink does not parse). */
  parsed: ParsedMail | null
}

export interface SmtpTestSinkOptions {
  /** Parse each message (headers, HTML, text); off for benchmarks. */
  parse?: boolean
  /** Refuse a recipient: return an SMTP reply code and text, or null to accept. */
  rejectRecipient?: (address: string) => { code: number; message: string } | null
}

export interface SmtpTestSink {
  port: number
  messages: CaughtMessage[]
  /** Messages received so far (also counted when not kept). */
  received(): number
  /** Resolves when `condition` holds, checked as messages arrive; rejects after `timeoutMs`. */
  waitFor(condition: () => boolean, timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

export async function startSmtpTestSink(options: SmtpTestSinkOptions = {}): Promise<SmtpTestSink> {
  const parse = options.parse ?? true
  const messages: CaughtMessage[] = []
  let count = 0
  const waiters = new Set<() => void>()
  const notify = (): void => {
    for (const waiter of [...waiters]) waiter()
  }

  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: no STARTTLS offered, so every client talks in the clear.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const refusal = options.rejectRecipient?.(address.address) ?? null
      if (refusal === null) return callback()
      callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }))
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const to = session.envelope.rcptTo.map((recipient) => recipient.address)
      if (!parse) {
        stream.on('data', () => undefined)
        stream.on('end', () => {
          messages.push({ to, parsed: null })
          count += 1
          callback()
          notify()
        })
        return
      }
      simpleParser(stream)
        .then((parsed) => {
          messages.push({ to, parsed })
          count += 1
          callback()
          notify()
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))))
    },
  })
  server.on('error', () => undefined)
  const port = await new Promise<number>((resolve, reject) => {
    server.server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address()
      if (address !== null && typeof address === 'object') resolve(address.port)
      else reject(new Error('SMTP test sink has no port'))
    })
  })

  return {
    port,
    messages,
    received: () => count,
    waitFor(condition, timeoutMs = 20_000) {
      if (condition()) return Promise.resolve()
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (!condition()) return
          clearTimeout(timer)
          waiters.delete(check)
          resolve()
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`SMTP test sink: condition not met within ${timeoutMs} ms (${count} messages received)`))
        }, timeoutMs)
        waiters.add(check)
      })
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
