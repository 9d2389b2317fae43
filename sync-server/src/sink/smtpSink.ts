import type { AddressInfo } from 'node:net'
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { newId } from '@core/ids'
import type { SettingsStore } from '../storage/settingsStore'

// The embedded SMTP sink: with no SMTP server configured, mail "sent" goes here and shows in
// Settings → Outbox, so the whole campaign loop runs on a fresh machine. Loopback only, no TLS,
// any (or no) login accepted. Each message is filed under the workspace its
// X-Outpost-Workspace header names; without one it has no owner and is dropped.

/** The header the sender puts on every message it hands to the sink. */
export const SINK_WORKSPACE_HEADER = 'X-Outpost-Workspace'

export const SINK_DEFAULTS = {
  keepPerWorkspace: 1_000,
  maxMessageBytes: 10 * 1024 * 1024,
} as const

export interface SinkLogger {
  info(object: object, message: string): void
  warn(object: object, message: string): void
  error(object: object, message: string): void
}

export interface SmtpSinkOptions {
  store: SettingsStore
  logger: SinkLogger
  /** 0 (default): any free port. */
  port?: number
  keepPerWorkspace?: number
  maxMessageBytes?: number
  now?: () => number
}

export interface SmtpSink {
  readonly host: '127.0.0.1'
  readonly port: number
  close(): Promise<void>
}

export async function startSmtpSink(options: SmtpSinkOptions): Promise<SmtpSink> {
  const now = options.now ?? Date.now
  const keep = options.keepPerWorkspace ?? SINK_DEFAULTS.keepPerWorkspace
  const maxBytes = options.maxMessageBytes ?? SINK_DEFAULTS.maxMessageBytes
  const headerKey = SINK_WORKSPACE_HEADER.toLowerCase()

  const server = new SMTPServer({
    name: 'outpost-sink',
    banner: 'Outpost SMTP sink: messages are kept for Settings → Outbox, never delivered',
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    size: maxBytes,
    logger: false,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'sink' })
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          if (stream.sizeExceeded) {
            callback(Object.assign(new Error(`message exceeds the sink's limit of ${maxBytes} bytes`), { responseCode: 552 }))
            return
          }
          const workspaceId = headerValue(mail, headerKey)
          if (!workspaceId) {
            options.logger.warn({ sinkSessionId: session.id }, `SMTP sink dropped a message without an ${SINK_WORKSPACE_HEADER} header`)
            callback()
            return
          }
          const receivedAt = now()
          const stored = await options.store.addOutboxMessage(
            {
              id: newId(receivedAt),
              workspaceId,
              receivedAt,
              from: addressText(mail.from) || session.envelope.mailFrom?.toString() || '',
              to: addressText(mail.to) || session.envelope.rcptTo.map((recipient) => recipient.address).join(', '),
              subject: mail.subject ?? '',
              headers: mail.headerLines.map((header) => [header.key, unfoldedValue(header.line)]),
              html: typeof mail.html === 'string' ? mail.html : null,
              text: mail.text ?? null,
            },
            keep,
          )
          if (!stored) options.logger.warn({ workspaceId }, 'SMTP sink dropped a message for an unknown or deleted workspace')
          callback()
        })
        .catch((error: unknown) => {
          options.logger.error({ err: error }, 'SMTP sink could not keep a message')
          callback(Object.assign(new Error('the sink could not keep this message'), { responseCode: 451 }))
        })
    },
  })
  server.on('error', (error) => options.logger.error({ err: error }, 'SMTP sink error'))

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error)
    server.server.once('error', onError)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.server.off('error', onError)
      resolve()
    })
  })
  const port = (server.server.address() as AddressInfo).port
  options.logger.info({ port }, `SMTP sink listening on 127.0.0.1:${port} (caught mail shows in Settings → Outbox)`)

  let closed: Promise<void> | null = null
  return {
    host: '127.0.0.1',
    port,
    close() {
      closed ??= new Promise<void>((resolve) => server.close(() => resolve()))
      return closed
    },
  }
}

function headerValue(mail: ParsedMail, key: string): string | null {
  const value = mail.headers.get(key)
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null
}

function addressText(address: AddressObject | AddressObject[] | undefined): string {
  if (address === undefined) return ''
  // Plain `Name <email>` (mailparser's text quotes every name).
  return (Array.isArray(address) ? address : [address])
    .flatMap((entry) => entry.value)
    .map((mailbox) => (mailbox.name ? `${mailbox.name} <${mailbox.address ?? ''}>` : (mailbox.address ?? '')))
    .join(', ')
}

/** "Name: value\r\n continued" → "value continued". */
function unfoldedValue(line: string): string {
  const colon = line.indexOf(':')
  return (colon === -1 ? line : line.slice(colon + 1)).replace(/\r?\n[ \t]+/g, ' ').trim()
}
