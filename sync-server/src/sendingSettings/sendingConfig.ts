// What the sender needs to deliver a workspace's mail: decided from the workspace's sending
// settings (Settings → Sending), else OUTPOST_SMTP_URL, else the embedded SMTP sink.

export interface SmtpTransportConfig {
  kind: 'smtp'
  host: string
  port: number
  /** Implicit TLS (465); otherwise STARTTLS when offered. */
  secure: boolean
  auth: { user: string; pass: string } | null
}

export interface SinkTransportConfig {
  /** The embedded SMTP sink: caught messages show in Settings → Outbox. */
  kind: 'sink'
  host: string
  port: number
}

export interface FromIdentity {
  name: string
  email: string
}

export interface DkimConfig {
  domainName: string
  keySelector: string
  privateKey: string
}

export interface WorkspaceSendingConfig {
  transport: SmtpTransportConfig | SinkTransportConfig
  fromIdentities: FromIdentity[]
  dkim: DkimConfig | null
  /** Messages per second for this workspace. */
  ratePerSecond: number
}

export interface SendingConfigSource {
  forWorkspace(workspaceId: string): Promise<WorkspaceSendingConfig>
}
