import type { StoragePort } from '../storage/port'
import { createSecretBox } from './secretBox'
import type { SendingConfigSource, SmtpTransportConfig, WorkspaceSendingConfig } from './sendingConfig'
import { DEFAULT_SENDING_CONFIG } from './sendingSettings'
import { createSendingSettingsRepository, UnreadableSecretsError, type LoadedSendingSettings, type SendingSettingsRepository } from './sendingSettingsRepository'
import { parseSmtpUrl } from './smtpUrl'

// Which transport a workspace's mail takes: its own SMTP settings (mode 'smtp'), else the
// server's OUTPOST_SMTP_URL, else the embedded SMTP sink.

/** The running embedded sink (sink/smtpSink.ts), or anything that knows its port. */
export interface SinkAddress {
  readonly port: number
}

export const SINK_HOST = '127.0.0.1'

export interface SendingConfigSourceOptions {
  storage: StoragePort
  /** OUTPOST_SECRET: the secrets' encryption key is derived from it. */
  secret: string
  /** OUTPOST_SMTP_URL, or null. */
  envSmtpUrl: string | null
  /** The embedded sink when it runs (index.ts starts it when no OUTPOST_SMTP_URL is set). */
  sink: SinkAddress | null
}

/** Where a workspace's mail goes, as Settings → Sending explains it. */
export interface SendingRoute {
  /** What the transport is: a real SMTP server, or the sink (mail stays in Settings → Outbox). */
  mode: 'sink' | 'smtp'
  /** Who decided: the workspace's settings, the server's OUTPOST_SMTP_URL, or the default sink. */
  source: 'workspace' | 'server' | 'sink'
  /** False only when nothing can deliver (no SMTP and no sink running). */
  configured: boolean
}

export interface WorkspaceSendingConfigSource extends SendingConfigSource {
  describe(workspaceId: string): Promise<SendingRoute>
  readonly settings: SendingSettingsRepository
}

/** Thrown by forWorkspace when nothing can deliver: no SMTP configured and no sink running. */
export class NoTransportError extends Error {
  constructor() {
    super('no SMTP server is configured and the embedded SMTP sink is not running')
    this.name = 'NoTransportError'
  }
}

export function createSendingConfigSource(options: SendingConfigSourceOptions): WorkspaceSendingConfigSource {
  const settings = createSendingSettingsRepository(options.storage.settings, createSecretBox(options.secret))
  const envTransport = options.envSmtpUrl === null ? null : envSmtpTransport(options.envSmtpUrl)

  const route = (loaded: LoadedSendingSettings | null): SendingRoute => {
    if (loaded?.config.mode === 'smtp' && loaded.config.smtp !== null) return { mode: 'smtp', source: 'workspace', configured: true }
    if (envTransport !== null) return { mode: 'smtp', source: 'server', configured: true }
    return { mode: 'sink', source: 'sink', configured: options.sink !== null }
  }

  return {
    settings,
    async describe(workspaceId) {
      return route(await settings.load(workspaceId))
    },
    async forWorkspace(workspaceId): Promise<WorkspaceSendingConfig> {
      const loaded = await settings.load(workspaceId)
      if (loaded?.secretsUnreadable) throw new UnreadableSecretsError(workspaceId)
      const config = loaded?.config ?? DEFAULT_SENDING_CONFIG
      const base = {
        fromIdentities: config.fromIdentities,
        dkim:
          config.dkim !== null && loaded?.secrets.dkimPrivateKey
            ? { domainName: config.dkim.domainName, keySelector: config.dkim.keySelector, privateKey: loaded.secrets.dkimPrivateKey }
            : null,
        ratePerSecond: config.ratePerSecond,
      }
      const smtp = config.mode === 'smtp' ? config.smtp : null
      if (smtp !== null) {
        const password = loaded?.secrets.smtpPassword ?? null
        const auth = smtp.user !== null && password !== null ? { user: smtp.user, pass: password } : null
        return { ...base, transport: { kind: 'smtp', host: smtp.host, port: smtp.port, secure: smtp.secure, auth } }
      }
      if (envTransport !== null) return { ...base, transport: envTransport }
      if (options.sink === null) throw new NoTransportError()
      return { ...base, transport: { kind: 'sink', host: SINK_HOST, port: options.sink.port } }
    },
  }
}

/** OUTPOST_SMTP_URL as a transport; a malformed one is a configuration error (named, never echoed). */
export function envSmtpTransport(url: string): SmtpTransportConfig {
  const parsed = parseSmtpUrl(url)
  if (!parsed.ok) throw new Error(`OUTPOST_SMTP_URL: ${parsed.error}`)
  const { host, port, secure, user, password } = parsed.value
  return { kind: 'smtp', host, port, secure, auth: user !== null ? { user, pass: password ?? '' } : null }
}
