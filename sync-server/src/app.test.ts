import { Writable } from 'node:stream'
import { pino } from 'pino'
import { createApp, REDACTED_PATHS } from './app'
import { BODY_LIMIT_BYTES, SESSION_TTL_MS, loadConfig, ConfigError } from './config'
import { openStorage } from './storage'
import { contactDoc } from './testing/docs'

describe('logging', () => {
  it('never writes bearer tokens, passwords or invite codes to the log, even at trace level', async () => {
    const lines: string[] = []
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const logger = pino({ level: 'trace', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink)
    const storage = await openStorage('sqlite::memory:')
    const app = await createApp({
      config: { bodyLimitBytes: BODY_LIMIT_BYTES, sessionTtlMs: SESSION_TTL_MS, authRateLimitPerMinute: 100, heartbeatMs: 60_000 },
      storage,
      logger,
    })
    try {
      const password = 'hunter2-but-longer'
      const signup = await app.inject({ method: 'POST', url: '/api/auth/signup', payload: { email: 'log@example.com', password, workspaceName: 'Logs' } })
      const { token, workspaceId } = signup.json()
      const headers = { authorization: `Bearer ${token}`, 'x-workspace-id': workspaceId }
      const invite = await app.inject({ method: 'POST', url: '/api/workspace/invites', headers, payload: { role: 'member' } })
      await app.inject({ method: 'POST', url: '/api/replication/contacts/push', headers, payload: [{ newDocumentState: contactDoc() }] })
      await app.inject({ method: 'POST', url: '/api/replication/contacts/push', headers, payload: [{ newDocumentState: { broken: true } }] })
      await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'log@example.com', password: 'wrong password' } })
      const log = lines.join('')
      expect(lines.length).toBeGreaterThan(5)
      expect(log).not.toContain(token)
      expect(log).not.toContain(password)
      expect(log).not.toContain(invite.json().code)
      expect(log).not.toContain('wrong password')
    } finally {
      await app.close()
      await storage.close()
    }
  })
})

describe('configuration', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({ OUTPOST_SECRET: 's'.repeat(32) })
    expect(config).toMatchObject({ port: 3100, host: '127.0.0.1', databaseUrl: 'sqlite:./data/outpost.sqlite', smtpUrl: null, trustProxy: false })
    expect(config.publicUrl).toBe('http://127.0.0.1:3100')
  })

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty', OUTPOST_SECRET: 's'.repeat(32) })).toThrow(ConfigError)
    expect(() => loadConfig({ PORT: 'eighty', OUTPOST_SECRET: 's'.repeat(32) })).toThrow(/PORT/)
    expect(() => loadConfig({ OUTPOST_SECRET: 'short' })).toThrow(/OUTPOST_SECRET/)
  })

  it('generates a secret once and keeps it in the data dir', async () => {
    const { mkdtemp, rm, stat } = await import('node:fs/promises')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const dir = await mkdtemp(join(tmpdir(), 'outpost-config-'))
    try {
      const first = loadConfig({ OUTPOST_DATA_DIR: dir })
      const second = loadConfig({ OUTPOST_DATA_DIR: dir })
      expect(first.secret).toHaveLength(43)
      expect(second.secret).toBe(first.secret)
      expect((await stat(join(dir, 'secret'))).mode & 0o777).toBe(0o600)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
