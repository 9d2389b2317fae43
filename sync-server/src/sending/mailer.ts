import nodemailer from 'nodemailer'
import type { Transporter } from 'nodemailer'
import type SMTPPool from 'nodemailer/lib/smtp-pool'
import type { WorkspaceSendingConfig } from '../sendingSettings/sendingConfig'

// One pooled SMTP transport per workspace, kept across batches and campaigns; replaced when the
// workspace's transport settings change, closed on shutdown.

export interface OutgoingMessage {
  from: { name: string; address: string }
  to: string
  subject: string
  html: string
  text: string
  /** `<id@host>` */
  messageId: string
  headers: Record<string, string | { prepared: true; value: string }>
}

export interface MailerOptions {
  /** Connections per workspace pool (each sends one message at a time). */
  maxConnections: number
}

interface PooledTransport {
  fingerprint: string
  transporter: Transporter<SMTPPool.SentMessageInfo>
}

export class Mailer {
  readonly #pools = new Map<string, PooledTransport>()

  constructor(private readonly options: MailerOptions) {}

  /** Sends through the workspace's pool; rejects with nodemailer's error (see classifyDeliveryError). */
  async send(workspaceId: string, config: WorkspaceSendingConfig, message: OutgoingMessage): Promise<void> {
    await this.#transportFor(workspaceId, config).sendMail({
      from: message.from,
      to: message.to,
      subject: message.subject,
      html: message.html,
      text: message.text,
      messageId: message.messageId,
      headers: message.headers,
    })
  }

  async close(): Promise<void> {
    const pools = [...this.#pools.values()]
    this.#pools.clear()
    for (const pool of pools) pool.transporter.close()
  }

  #transportFor(workspaceId: string, config: WorkspaceSendingConfig): Transporter<SMTPPool.SentMessageInfo> {
    const fingerprint = JSON.stringify([config.transport, config.dkim])
    const existing = this.#pools.get(workspaceId)
    if (existing?.fingerprint === fingerprint) return existing.transporter
    // Settings changed: messages already queued on the old pool still go out, then it closes.
    existing?.transporter.close()
    const { transport } = config
    const options: SMTPPool.Options = {
      pool: true,
      host: transport.host,
      port: transport.port,
      maxConnections: this.options.maxConnections,
      maxMessages: Infinity,
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
      ...(transport.kind === 'smtp'
        ? { secure: transport.secure, ...(transport.auth === null ? {} : { auth: transport.auth }) }
        : // The embedded sink is plain SMTP on the loopback interface.
          { secure: false, ignoreTLS: true }),
      ...(config.dkim === null ? {} : { dkim: { domainName: config.dkim.domainName, keySelector: config.dkim.keySelector, privateKey: config.dkim.privateKey } }),
    }
    const transporter = nodemailer.createTransport(options)
    this.#pools.set(workspaceId, { fingerprint, transporter })
    return transporter
  }
}
