import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { createApp } from '../app'
import { BODY_LIMIT_BYTES, SESSION_TTL_MS } from '../config'
import { createSendingConfigSource, type SinkAddress, type WorkspaceSendingConfigSource } from '../sendingSettings/configSource'
import { openStorage } from '../storage'
import type { StoragePort } from '../storage/port'
import { trackingOf } from '../tracking/trackingRoutes'
import type { Tracking, TrackingTuning } from '../tracking/trackingRoutes'

/** The tracking secret of test apps (sign tokens with it). */
export const TEST_TRACKING_SECRET = 'test-tracking-secret-0123456789abcdef'

export interface TestApp {
  app: FastifyInstance
  storage: StoragePort
  /** The tracking endpoints' recorder and projector (flush them instead of waiting). */
  tracking: Tracking
  /** Sending settings as the sender reads them (forWorkspace). */
  sendingSettings: WorkspaceSendingConfigSource
  close(): Promise<void>
}

export interface TestAppOptions {
  databaseUrl?: string
  now?: () => number
  authRateLimitPerMinute?: number
  tracking?: TrackingTuning
  /** A pino logger (tests that read the log); default none. */
  logger?: FastifyBaseLogger
  /** Sending settings: the secret, OUTPOST_SMTP_URL and the running sink (default: none of them). */
  sending?: { secret?: string; envSmtpUrl?: string | null; sink?: SinkAddress | null }
}

/** The key sending-settings secrets are encrypted with in test apps (unless a test gives another). */
export const TEST_SENDING_SECRET = 'test-sending-secret-0123456789abcdefghij'

/** A real app on real storage (SQLite in memory unless a database URL is given). */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const storage = await openStorage(options.databaseUrl ?? 'sqlite::memory:')
  const sendingSettings = createSendingConfigSource({
    storage,
    secret: options.sending?.secret ?? TEST_SENDING_SECRET,
    envSmtpUrl: options.sending?.envSmtpUrl ?? null,
    sink: options.sending?.sink ?? null,
  })
  const app = await createApp({
    config: {
      bodyLimitBytes: BODY_LIMIT_BYTES,
      sessionTtlMs: SESSION_TTL_MS,
      authRateLimitPerMinute: options.authRateLimitPerMinute ?? 10_000,
      heartbeatMs: 60_000,
      secret: TEST_TRACKING_SECRET,
    },
    storage,
    logger: options.logger ?? false,
    sendingSettings,
    ...(options.now ? { now: options.now } : {}),
    ...(options.tracking ? { tracking: options.tracking } : {}),
  })
  await app.ready()
  const tracking = trackingOf(app)
  if (tracking === null) throw new Error('unreachable: test apps have a tracking secret')
  return {
    app,
    storage,
    tracking,
    sendingSettings,
    async close() {
      await app.close()
      await storage.close()
    },
  }
}

export interface TestAccount {
  token: string
  workspaceId: string
  userId: string
  email: string
  /** Authorization + X-Workspace-Id for this account's first workspace. */
  headers: Record<string, string>
}

let counter = 0

export async function signUp(app: FastifyInstance, options: { email?: string; workspaceName?: string } = {}): Promise<TestAccount> {
  counter += 1
  const email = options.email ?? `user${counter}-${Date.now()}@example.test`
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/signup',
    payload: { email, password: 'correct horse battery', name: `User ${counter}`, workspaceName: options.workspaceName ?? `Workspace ${counter}` },
  })
  if (response.statusCode !== 201) throw new Error(`signup failed: ${response.statusCode} ${response.body}`)
  const body = response.json() as { token: string; workspaceId: string; user: { id: string } }
  return {
    token: body.token,
    workspaceId: body.workspaceId,
    userId: body.user.id,
    email,
    headers: { authorization: `Bearer ${body.token}`, 'x-workspace-id': body.workspaceId },
  }
}
