import { createPrivateKey } from 'node:crypto'
import { z } from 'zod'
import type { Result } from '@core/result'
import { defaultSmtpPort, displaySmtpUrl, parseSmtpUrl } from './smtpUrl'

// A workspace's sending settings: what is stored (config JSON + encrypted secrets), what an admin
// may send (PUT), and what anyone in the workspace may read back (secrets only as has*).

export const DEFAULT_RATE_PER_SECOND = 50

const hostName = z
  .string()
  .trim()
  .min(1, 'enter a host name')
  .max(253)
  .regex(/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$|^\[[0-9A-Fa-f:.]+\]$/, 'enter a host name such as smtp.example.com')

const identitySchema = z.strictObject({
  name: z.string().trim().max(100, 'at most 100 characters'),
  email: z
    .string()
    .trim()
    .max(254)
    .pipe(z.email({ message: 'enter a valid email address' })),
})

const storedSmtpSchema = z.object({
  /** The URL as entered, without its password; null when entered as fields. */
  url: z.string().nullable(),
  host: z.string(),
  port: z.number().int(),
  secure: z.boolean(),
  user: z.string().nullable(),
})

/** The non-secret part, stored as JSON text. */
export const storedSendingConfigSchema = z.object({
  mode: z.enum(['sink', 'smtp']),
  smtp: storedSmtpSchema.nullable(),
  fromIdentities: z.array(z.object({ name: z.string(), email: z.string() })),
  dkim: z.object({ domainName: z.string(), keySelector: z.string() }).nullable(),
  ratePerSecond: z.number().int(),
})

export type StoredSendingConfig = z.infer<typeof storedSendingConfigSchema>

export interface SendingSecrets {
  smtpPassword: string | null
  dkimPrivateKey: string | null
}

export const sendingSecretsSchema = z.object({ smtpPassword: z.string().nullable(), dkimPrivateKey: z.string().nullable() })

export interface SendingSettingsState {
  config: StoredSendingConfig
  secrets: SendingSecrets
}

export const DEFAULT_SENDING_CONFIG: StoredSendingConfig = {
  mode: 'sink',
  smtp: null,
  fromIdentities: [],
  dkim: null,
  ratePerSecond: DEFAULT_RATE_PER_SECOND,
}

/** Secrets: omitted = keep what is stored, null = clear, a string = replace. */
const secretInput = z.string().min(1, 'cannot be empty: send null to clear it').max(20_000).nullable().optional()

export const sendingSettingsBody = z.strictObject({
  mode: z.enum(['sink', 'smtp'], { message: "choose 'sink' or 'smtp'" }),
  smtp: z
    .strictObject({
      url: z.string().trim().min(1).max(2_000).optional(),
      host: hostName.optional(),
      port: z.number().int().min(1, 'between 1 and 65535').max(65_535, 'between 1 and 65535').optional(),
      secure: z.boolean().optional(),
      user: z.string().trim().max(500).nullable().optional(),
      password: secretInput,
    })
    .nullable()
    .default(null),
  fromIdentities: z.array(identitySchema).max(50, 'at most 50 identities').default([]),
  dkim: z
    .strictObject({
      domainName: hostName,
      keySelector: z
        .string()
        .trim()
        .min(1, 'enter the selector')
        .max(63)
        .regex(/^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/, 'letters, digits, dots, dashes and underscores only'),
      privateKey: secretInput,
    })
    .nullable()
    .default(null),
  ratePerSecond: z.number().int('a whole number').min(1, 'between 1 and 1000').max(1_000, 'between 1 and 1000').default(DEFAULT_RATE_PER_SECOND),
})

export type SendingSettingsBody = z.infer<typeof sendingSettingsBody>

export interface FieldError {
  /** Dotted path of the field in the PUT body, e.g. `smtp.host`. */
  field: string
  message: string
}

/** Parses a PUT body; the first problem names its field. Messages never echo the input. */
export function parseSendingSettingsBody(value: unknown): Result<SendingSettingsBody, FieldError> {
  const parsed = sendingSettingsBody.safeParse(value)
  if (parsed.success) return { ok: true, value: parsed.data }
  const issue = parsed.error.issues[0]
  const field = issue?.path.map(String).join('.') ?? ''
  // Unknown keys are reported on the object; name the first one instead.
  const unknownKey = issue?.code === 'unrecognized_keys' ? issue.keys[0] : undefined
  return {
    ok: false,
    error: {
      field: unknownKey === undefined ? field || 'body' : [field, unknownKey].filter(Boolean).join('.'),
      message: unknownKey === undefined ? (issue?.message ?? 'invalid') : 'unknown field',
    },
  }
}

/**
 * The settings after a PUT: non-secret fields replaced, secrets kept, cleared or replaced per
 * field. `current` is what is stored (null: nothing yet).
 */
export function applySettingsUpdate(current: SendingSettingsState | null, body: SendingSettingsBody): Result<SendingSettingsState, FieldError> {
  const previous = current ?? { config: DEFAULT_SENDING_CONFIG, secrets: { smtpPassword: null, dkimPrivateKey: null } }

  let smtp: StoredSendingConfig['smtp'] = null
  let smtpPassword = previous.secrets.smtpPassword
  if (body.smtp !== null) {
    const input = body.smtp
    if (input.url !== undefined) {
      if (input.host !== undefined || input.port !== undefined || input.secure !== undefined || input.user !== undefined) {
        return fail('smtp.url', 'give either a URL or host, port and user, not both')
      }
      const parsed = parseSmtpUrl(input.url)
      if (!parsed.ok) return fail('smtp.url', parsed.error)
      const { host, port, secure, user, password, urlWithoutPassword } = parsed.value
      smtp = { url: urlWithoutPassword, host, port, secure, user }
      if (password !== null) smtpPassword = password
    } else {
      if (input.host === undefined) return fail('smtp.host', 'enter a host name')
      const secure = input.secure ?? false
      smtp = { url: null, host: input.host, port: input.port ?? defaultSmtpPort(secure), secure, user: input.user || null }
    }
    if (input.password !== undefined) smtpPassword = input.password
    if (smtp.user === null) smtpPassword = null
  } else {
    smtpPassword = null
  }
  if (body.mode === 'smtp' && smtp === null) return fail('smtp', 'enter the SMTP server to send through')
  if (smtp?.user && smtpPassword === null && body.mode === 'smtp') return fail('smtp.password', `enter the password for ${smtp.user}`)

  let dkim: StoredSendingConfig['dkim'] = null
  let dkimPrivateKey: string | null = null
  if (body.dkim !== null) {
    dkim = { domainName: body.dkim.domainName.toLowerCase(), keySelector: body.dkim.keySelector }
    dkimPrivateKey = body.dkim.privateKey === undefined ? previous.secrets.dkimPrivateKey : body.dkim.privateKey
    if (dkimPrivateKey === null) return fail('dkim.privateKey', 'paste the private key (PEM), or turn DKIM off')
    if (!isPrivateKeyPem(dkimPrivateKey)) return fail('dkim.privateKey', 'not a PEM private key (-----BEGIN PRIVATE KEY----- …)')
  }

  return {
    ok: true,
    value: {
      config: { mode: body.mode, smtp, fromIdentities: dedupeIdentities(body.fromIdentities), dkim, ratePerSecond: body.ratePerSecond },
      secrets: { smtpPassword, dkimPrivateKey },
    },
  }
}

export interface PublicSendingSettings {
  mode: 'sink' | 'smtp'
  smtp: { url: string | null; host: string; port: number; secure: boolean; user: string | null } | null
  hasPassword: boolean
  fromIdentities: Array<{ name: string; email: string }>
  dkim: { domainName: string; keySelector: string } | null
  hasDkimKey: boolean
  ratePerSecond: number
  updatedAt: number | null
}

/** What GET answers: no secret, only whether one is saved. */
export function publicSendingSettings(state: SendingSettingsState | null, updatedAt: number | null): PublicSendingSettings {
  const config = state?.config ?? DEFAULT_SENDING_CONFIG
  const hasPassword = state?.secrets.smtpPassword != null
  return {
    mode: config.mode,
    smtp: config.smtp === null ? null : { ...config.smtp, url: config.smtp.url === null ? null : displaySmtpUrl(config.smtp.url, hasPassword) },
    hasPassword,
    fromIdentities: config.fromIdentities,
    dkim: config.dkim,
    hasDkimKey: state?.secrets.dkimPrivateKey != null,
    ratePerSecond: config.ratePerSecond,
    updatedAt,
  }
}

function isPrivateKeyPem(text: string): boolean {
  if (!/-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(text)) return false
  try {
    createPrivateKey(text)
    return true
  } catch {
    return false
  }
}

function dedupeIdentities(identities: ReadonlyArray<{ name: string; email: string }>): Array<{ name: string; email: string }> {
  const seen = new Set<string>()
  return identities.filter((identity) => {
    const key = identity.email.toLowerCase()
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function fail(field: string, message: string): Result<never, FieldError> {
  return { ok: false, error: { field, message } }
}
