import nodemailer from 'nodemailer'
import type { Result } from '@core/result'
import { SINK_WORKSPACE_HEADER } from '../sink/smtpSink'
import type { WorkspaceSendingConfig } from './sendingConfig'

// "Send test email" in Settings → Sending: one message through the workspace's transport, so an
// admin sees at once whether the SMTP settings work (and the server's error when they do not).

const TIMEOUT_MS = 15_000

export async function sendTestEmail(config: WorkspaceSendingConfig, workspaceId: string, to: string): Promise<Result<{ messageId: string }>> {
  const transport = config.transport
  const sender = config.fromIdentities[0] ?? { name: 'Outpost', email: 'outpost@localhost' }
  const mailer = nodemailer.createTransport({
    host: transport.host,
    port: transport.port,
    secure: transport.kind === 'smtp' ? transport.secure : false,
    ignoreTLS: transport.kind === 'sink',
    auth: transport.kind === 'smtp' && transport.auth !== null ? transport.auth : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
    logger: false,
    ...(config.dkim !== null ? { dkim: config.dkim } : {}),
  })
  try {
    const info = await mailer.sendMail({
      from: { name: sender.name || sender.email, address: sender.email },
      to,
      subject: 'Outpost test email',
      text: 'This is a test email from Outpost. Your sending settings work.',
      html: '<p>This is a test email from <strong>Outpost</strong>. Your sending settings work.</p>',
      headers: transport.kind === 'sink' ? { [SINK_WORKSPACE_HEADER]: workspaceId } : {},
    })
    return { ok: true, value: { messageId: info.messageId } }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) }
  } finally {
    mailer.close()
  }
}
