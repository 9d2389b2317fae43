import type { FastifyInstance } from 'fastify'
import { createApp } from '../app'
import { BODY_LIMIT_BYTES, SESSION_TTL_MS } from '../config'
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
  close(): Promise<void>
}

/** A real app on real storage (SQLite in memory unless a database URL is given). */
export async function createTestApp(options: { databaseUrl?: string; now?: () => number; authRateLimitPerMinute?: number; tracking?: TrackingTuning } = {}): Promise<TestApp> {
  const storage = await openStorage(options.databaseUrl ?? 'sqlite::memory:')
  const app = await createApp({
    config: {
      bodyLimitBytes: BODY_LIMIT_BYTES,
      sessionTtlMs: SESSION_TTL_MS,
      authRateLimitPerMinute: options.authRateLimitPerMinute ?? 10_000,
      heartbeatMs: 60_000,
      secret: TEST_TRACKING_SECRET,
    },
    storage,
    logger: false,
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
