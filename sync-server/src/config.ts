import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { z } from 'zod'

// Environment (ARCHITECTURE.md, "Running the server"); every variable is optional.

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3100),
  HOST: z.string().min(1).default('127.0.0.1'),
  OUTPOST_DATABASE_URL: z.string().min(1).default('sqlite:./data/outpost.sqlite'),
  OUTPOST_PUBLIC_URL: z.url().optional(),
  OUTPOST_SECRET: z.string().min(32, 'OUTPOST_SECRET must be at least 32 characters').optional(),
  OUTPOST_SMTP_URL: z.string().min(1).optional(),
  /** Port of the embedded SMTP sink (127.0.0.1 only; started when no OUTPOST_SMTP_URL is set); 0 = any free port. */
  OUTPOST_SINK_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
  /** Opens and clicks this soon after a message was built are taken for machines (privacy proxies, scanners). */
  OUTPOST_MACHINE_WINDOW_SECONDS: z.coerce.number().min(0).max(3600).default(10),
  /** Days of engagement events devices keep (older event documents are tombstoned; the server keeps all). */
  OUTPOST_EVENTS_WINDOW_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Where generated state (the secret) lives; defaults to the SQLite file's folder, else ./data. */
  OUTPOST_DATA_DIR: z.string().min(1).optional(),
  /** Sign-up and log-in attempts per client address per minute. */
  OUTPOST_AUTH_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(20),
  /** Seconds between SSE heartbeats. */
  OUTPOST_HEARTBEAT_SECONDS: z.coerce.number().min(0.05).max(300).default(15),
  /** Behind a load balancer: take the client address from X-Forwarded-For (rate limits). */
  OUTPOST_TRUST_PROXY: z.enum(['true', 'false', '1', '0']).default('false'),
  /** Workflow waits run this many times faster (demos and e2e tests); 1 in production. */
  OUTPOST_WORKFLOW_TIME_SCALE: z.coerce.number().min(1).max(1_000_000).default(1),
  /** Workflow emails one contact may get per 24 hours, over all workflows (0 = no cap). Later ones wait for a slot. */
  OUTPOST_WORKFLOW_EMAIL_CAP: z.coerce.number().int().min(0).max(1000).default(3),
  /** Let outbound webhooks reach loopback and private addresses (tests, on-premises receivers). */
  OUTPOST_WEBHOOKS_ALLOW_PRIVATE: z.enum(['true', 'false', '1', '0']).default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})

export interface ServerConfig {
  port: number
  host: string
  databaseUrl: string
  publicUrl: string
  secret: string
  smtpUrl: string | null
  sinkPort: number
  eventsWindowDays: number
  machineWindowSeconds: number
  dataDir: string
  authRateLimitPerMinute: number
  heartbeatMs: number
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL']
  trustProxy: boolean
  /** OUTPOST_WORKFLOW_TIME_SCALE: workflow waits run this many times faster. */
  workflowTimeScale: number
  /** OUTPOST_WORKFLOW_EMAIL_CAP: workflow emails per contact per 24 hours (0 = no cap). */
  workflowEmailCapPerDay: number
  /** OUTPOST_WEBHOOKS_ALLOW_PRIVATE: outbound webhooks may reach loopback and private addresses. */
  webhooksAllowPrivate: boolean
  /** Largest accepted request body (a push of 1,000 documents fits comfortably). */
  bodyLimitBytes: number
  /** Bearer token lifetime. */
  sessionTtlMs: number
}

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000
export const BODY_LIMIT_BYTES = 10 * 1024 * 1024

/** Thrown for unusable configuration; the message names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new ConfigError(`invalid configuration: ${issue?.path.join('.') ?? 'environment'}: ${issue?.message ?? 'invalid'}`)
  }
  const values = parsed.data
  const dataDir = resolve(values.OUTPOST_DATA_DIR ?? sqliteDataDir(values.OUTPOST_DATABASE_URL) ?? './data')
  return {
    port: values.PORT,
    host: values.HOST,
    databaseUrl: values.OUTPOST_DATABASE_URL,
    publicUrl: (values.OUTPOST_PUBLIC_URL ?? `http://${values.HOST}:${values.PORT}`).replace(/\/+$/, ''),
    secret: values.OUTPOST_SECRET ?? loadOrCreateSecret(dataDir),
    smtpUrl: values.OUTPOST_SMTP_URL ?? null,
    sinkPort: values.OUTPOST_SINK_PORT,
    eventsWindowDays: values.OUTPOST_EVENTS_WINDOW_DAYS,
    machineWindowSeconds: values.OUTPOST_MACHINE_WINDOW_SECONDS,
    dataDir,
    authRateLimitPerMinute: values.OUTPOST_AUTH_RATE_LIMIT,
    heartbeatMs: Math.round(values.OUTPOST_HEARTBEAT_SECONDS * 1000),
    logLevel: values.LOG_LEVEL,
    trustProxy: values.OUTPOST_TRUST_PROXY === 'true' || values.OUTPOST_TRUST_PROXY === '1',
    workflowTimeScale: values.OUTPOST_WORKFLOW_TIME_SCALE,
    workflowEmailCapPerDay: values.OUTPOST_WORKFLOW_EMAIL_CAP,
    webhooksAllowPrivate: values.OUTPOST_WEBHOOKS_ALLOW_PRIVATE === 'true' || values.OUTPOST_WEBHOOKS_ALLOW_PRIVATE === '1',
    bodyLimitBytes: BODY_LIMIT_BYTES,
    sessionTtlMs: SESSION_TTL_MS,
  }
}

function sqliteDataDir(databaseUrl: string): string | null {
  if (!databaseUrl.startsWith('sqlite:')) return null
  const path = databaseUrl.slice('sqlite:'.length)
  return path === ':memory:' ? null : dirname(path)
}

/** The signing key, generated once with 256 random bits and kept (owner-only) in the data dir. */
function loadOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'secret')
  if (existsSync(file)) {
    const existing = readFileSync(file, 'utf8').trim()
    if (existing.length >= 32) return existing
  }
  mkdirSync(dataDir, { recursive: true })
  const secret = randomBytes(32).toString('base64url')
  writeFileSync(file, `${secret}\n`, { mode: 0o600 })
  chmodSync(file, 0o600)
  return secret
}
