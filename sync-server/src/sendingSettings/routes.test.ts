import { generateKeyPairSync } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import Database from 'better-sqlite3'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REDACTED_PATHS } from '../app'
import { startSmtpSink, type SmtpSink } from '../sink/smtpSink'
import { createTestApp, signUp, type TestAccount, type TestApp } from '../testing/testApp'

// /api/sending/*: validation, roles, isolation between workspaces, write-only secrets (never
// returned, never logged, encrypted at rest), and the sink → outbox loop with real SMTP.

const PASSWORD = 'Zebra-Quartz-9931-smtp'
const DKIM_KEY = generateKeyPairSync('rsa', { modulusLength: 1024, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey
const DKIM_MARKER = DKIM_KEY.split('\n')[1] ?? ''

const smtpSettings = (overrides: Record<string, unknown> = {}) => ({
  mode: 'smtp',
  smtp: { url: `smtp://mailer:${PASSWORD}@smtp.example.com:2525` },
  fromIdentities: [{ name: 'Ada at Acme', email: 'ada@acme.example' }],
  dkim: { domainName: 'acme.example', keySelector: 'outpost', privateKey: DKIM_KEY },
  ratePerSecond: 20,
  ...overrides,
})

async function closedPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const address = probe.address()
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  if (address === null || typeof address !== 'object') throw new Error('no port')
  return address.port
}

describe('sending settings routes', () => {
  let test: TestApp
  let owner: TestAccount

  const call = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, headers: Record<string, string>, payload?: object) =>
    test.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) })

  async function givenMember(role: 'admin' | 'member'): Promise<TestAccount> {
    const invite = await call('POST', '/api/workspace/invites', owner.headers, { role })
    const joiner = await signUp(test.app)
    const accepted = await call('POST', '/api/invites/accept', { authorization: joiner.headers.authorization ?? '' }, { code: invite.json<{ code: string }>().code })
    expect(accepted.statusCode).toBe(200)
    return { ...joiner, workspaceId: owner.workspaceId, headers: { ...joiner.headers, 'x-workspace-id': owner.workspaceId } }
  }

  beforeAll(async () => {
    test = await createTestApp({ sending: { sink: { port: 2525 } } })
    owner = await signUp(test.app)
  })

  afterAll(async () => {
    await test.close()
  })

  it('answers defaults before anything is saved: sink mode, configured, editable by the owner', async () => {
    const response = await call('GET', '/api/sending/settings', owner.headers)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({
      configured: true,
      mode: 'sink',
      source: 'sink',
      canEdit: true,
      problem: null,
      settings: { mode: 'sink', smtp: null, hasPassword: false, fromIdentities: [], dkim: null, hasDkimKey: false, ratePerSecond: 50, updatedAt: null },
    })
  })

  it('saves settings and never answers a secret: the URL shows ***, the key only as hasDkimKey', async () => {
    const saved = await call('PUT', '/api/sending/settings', owner.headers, smtpSettings())
    expect(saved.statusCode).toBe(200)
    expect(saved.body).not.toContain(PASSWORD)
    expect(saved.body).not.toContain(DKIM_MARKER)
    const body = (await call('GET', '/api/sending/settings', owner.headers)).json()
    expect(body).toMatchObject({
      configured: true,
      mode: 'smtp',
      source: 'workspace',
      settings: {
        mode: 'smtp',
        smtp: { url: 'smtp://mailer:***@smtp.example.com:2525', host: 'smtp.example.com', port: 2525, secure: false, user: 'mailer' },
        hasPassword: true,
        fromIdentities: [{ name: 'Ada at Acme', email: 'ada@acme.example' }],
        dkim: { domainName: 'acme.example', keySelector: 'outpost' },
        hasDkimKey: true,
        ratePerSecond: 20,
      },
    })
    const config = await test.sendingSettings.forWorkspace(owner.workspaceId)
    expect(config.transport).toEqual({ kind: 'smtp', host: 'smtp.example.com', port: 2525, secure: false, auth: { user: 'mailer', pass: PASSWORD } })
    expect(config.dkim?.privateKey).toBe(DKIM_KEY)
  })

  it('keeps omitted secrets (also the *** URL sent back as it was shown) and clears them on null', async () => {
    await call('PUT', '/api/sending/settings', owner.headers, smtpSettings())
    const resent = await call('PUT', '/api/sending/settings', owner.headers, {
      ...smtpSettings({ smtp: { url: 'smtp://mailer:***@smtp.example.com:2525' } }),
      dkim: { domainName: 'acme.example', keySelector: 'outpost' },
    })
    expect(resent.json()).toMatchObject({ settings: { hasPassword: true, hasDkimKey: true } })
    expect((await test.sendingSettings.forWorkspace(owner.workspaceId)).transport).toMatchObject({ auth: { user: 'mailer', pass: PASSWORD } })

    const cleared = await call('PUT', '/api/sending/settings', owner.headers, {
      ...smtpSettings({ mode: 'sink', smtp: { host: 'smtp.example.com', port: 2525, user: 'mailer', password: null } }),
      dkim: null,
    })
    expect(cleared.statusCode).toBe(200)
    expect(cleared.json()).toMatchObject({ mode: 'sink', settings: { hasPassword: false, hasDkimKey: false, dkim: null } })
  })

  it.each([
    [{ ...smtpSettings(), fromIdentities: [{ name: 'X', email: 'not-an-email' }] }, 'fromIdentities.0.email'],
    [{ ...smtpSettings(), ratePerSecond: 0 }, 'ratePerSecond'],
    [{ ...smtpSettings(), ratePerSecond: 5_000 }, 'ratePerSecond'],
    [{ ...smtpSettings(), smtp: null }, 'smtp'],
    [{ ...smtpSettings(), smtp: { url: `https://mailer:${PASSWORD}@example.com` } }, 'smtp.url'],
    [{ ...smtpSettings(), smtp: { host: 'smtp.example.com', port: 70_000 } }, 'smtp.port'],
    [{ ...smtpSettings(), dkim: { domainName: 'acme.example', keySelector: 's1', privateKey: 'not a key' } }, 'dkim.privateKey'],
    [{ ...smtpSettings(), mode: 'carrier-pigeon' }, 'mode'],
    [{ ...smtpSettings(), surprise: true }, 'surprise'],
  ])('refuses bad input with a 400 naming the field, and changes nothing (%#)', async (payload, field) => {
    const before = (await call('GET', '/api/sending/settings', owner.headers)).json()
    const response = await call('PUT', '/api/sending/settings', owner.headers, payload)
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ error: 'invalid_request', details: { field } })
    expect(response.json<{ message: string }>().message).toMatch(new RegExp(`^${field.replace(/\./g, '\\.')}: `))
    expect(response.body).not.toContain(PASSWORD)
    expect((await call('GET', '/api/sending/settings', owner.headers)).json()).toEqual(before)
  })

  it('lets members read (no secrets, canEdit false) but not change, test or clear; admins may', async () => {
    const member = await givenMember('member')
    const read = await call('GET', '/api/sending/settings', member.headers)
    expect(read.statusCode).toBe(200)
    expect(read.json()).toMatchObject({ canEdit: false })
    expect((await call('PUT', '/api/sending/settings', member.headers, smtpSettings())).statusCode).toBe(403)
    expect((await call('POST', '/api/sending/test', member.headers, { to: 'x@example.com' })).statusCode).toBe(403)
    expect((await call('DELETE', '/api/sending/outbox', member.headers)).statusCode).toBe(403)
    expect((await call('GET', '/api/sending/outbox', member.headers)).statusCode).toBe(200)

    const admin = await givenMember('admin')
    expect((await call('GET', '/api/sending/settings', admin.headers)).json()).toMatchObject({ canEdit: true })
    expect((await call('PUT', '/api/sending/settings', admin.headers, smtpSettings({ mode: 'sink' }))).statusCode).toBe(200)
  })

  it("answers 404 for another workspace's settings and outbox, and 401 without a session", async () => {
    const stranger = await signUp(test.app)
    const intruding = { ...stranger.headers, 'x-workspace-id': owner.workspaceId }
    expect((await call('GET', '/api/sending/settings', intruding)).statusCode).toBe(404)
    expect((await call('PUT', '/api/sending/settings', intruding, smtpSettings())).statusCode).toBe(404)
    expect((await call('POST', '/api/sending/test', intruding, { to: 'x@example.com' })).statusCode).toBe(404)
    expect((await call('GET', '/api/sending/outbox', intruding)).statusCode).toBe(404)
    expect((await call('DELETE', '/api/sending/outbox', intruding)).statusCode).toBe(404)
    expect((await call('GET', '/api/sending/settings', { 'x-workspace-id': owner.workspaceId })).statusCode).toBe(401)
    // The stranger's own workspace has its own (default) settings.
    expect((await call('GET', '/api/sending/settings', stranger.headers)).json()).toMatchObject({ settings: { fromIdentities: [] } })
  })

  it('reports the SMTP error text when a test email cannot be sent', async () => {
    const port = await closedPort()
    await call('PUT', '/api/sending/settings', owner.headers, smtpSettings({ smtp: { host: '127.0.0.1', port, user: null }, dkim: null }))
    const response = await call('POST', '/api/sending/test', owner.headers, { to: 'someone@example.com' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ ok: false, mode: 'smtp', error: expect.stringMatching(/ECONNREFUSED|connect/i) })
    expect((await call('POST', '/api/sending/test', owner.headers, { to: 'nope' })).json()).toMatchObject({ error: 'invalid_request', message: 'to: enter a valid email address' })
  })
})

describe('secrets at rest and in the log', () => {
  let dir = ''
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'outpost-sending-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('stores the SMTP password and DKIM key only encrypted', async () => {
    const file = join(dir, 'rest.sqlite')
    const test = await createTestApp({ databaseUrl: `sqlite:${file}` })
    try {
      const owner = await signUp(test.app)
      const saved = await test.app.inject({ method: 'PUT', url: '/api/sending/settings', headers: owner.headers, payload: smtpSettings() })
      expect(saved.statusCode).toBe(200)
    } finally {
      await test.close()
    }
    const raw = new Database(file, { readonly: true })
    try {
      const rows = raw.prepare('SELECT * FROM sending_settings').all()
      expect(rows).toHaveLength(1)
      const text = JSON.stringify(rows)
      expect(text).not.toContain(PASSWORD)
      expect(text).not.toContain(DKIM_MARKER)
      expect(text).toContain('smtp.example.com')
    } finally {
      raw.close()
    }
  })

  it('never writes a secret to the log, even at trace level', async () => {
    const chunks: string[] = []
    const buffer = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk.toString('utf8'))
        callback()
      },
    })
    const logger = pino({ level: 'trace', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, buffer)
    const test = await createTestApp({ logger })
    try {
      const owner = await signUp(test.app)
      const headers = owner.headers
      await test.app.inject({ method: 'PUT', url: '/api/sending/settings', headers, payload: smtpSettings() })
      await test.app.inject({ method: 'PUT', url: '/api/sending/settings', headers, payload: smtpSettings({ smtp: { host: 'smtp.example.com', port: 0 } }) })
      await test.app.inject({ method: 'GET', url: '/api/sending/settings', headers })
      const port = await closedPort()
      await test.app.inject({
        method: 'PUT',
        url: '/api/sending/settings',
        headers,
        payload: smtpSettings({ smtp: { host: '127.0.0.1', port, user: 'mailer', password: PASSWORD } }),
      })
      await test.app.inject({ method: 'POST', url: '/api/sending/test', headers, payload: { to: 'x@example.com' } })
    } finally {
      await test.close()
    }
    const log = chunks.join('')
    expect(log).toContain('/api/sending/settings')
    expect(log).not.toContain(PASSWORD)
    expect(log).not.toContain(DKIM_MARKER)
  })
})

describe('the sink → outbox loop', () => {
  let test: TestApp
  let sink: SmtpSink

  beforeAll(async () => {
    // The app needs the sink's port and the sink needs the app's storage: the address is filled in once the sink listens.
    const sinkAddress = { port: 0 }
    test = await createTestApp({ sending: { sink: sinkAddress } })
    sink = await startSmtpSink({ store: test.storage.settings, logger: { info: () => undefined, warn: () => undefined, error: () => undefined } })
    sinkAddress.port = sink.port
  })

  afterAll(async () => {
    await sink.close()
    await test.close()
  })

  it("catches a test email through the real sink and shows it in this workspace's outbox only", async () => {
    const owner = await signUp(test.app)
    const other = await signUp(test.app)
    await test.app.inject({
      method: 'PUT',
      url: '/api/sending/settings',
      headers: owner.headers,
      payload: { mode: 'sink', fromIdentities: [{ name: 'Ada', email: 'ada@acme.example' }] },
    })
    const sent = await test.app.inject({ method: 'POST', url: '/api/sending/test', headers: owner.headers, payload: { to: 'bob@example.com' } })
    expect(sent.json()).toMatchObject({ ok: true, mode: 'sink' })

    const list = await test.app.inject({ method: 'GET', url: '/api/sending/outbox?limit=10', headers: owner.headers })
    const messages = list.json<{ messages: Array<{ id: string }> }>().messages
    expect(messages).toEqual([{ id: expect.any(String), receivedAt: expect.any(Number), from: 'Ada <ada@acme.example>', to: 'bob@example.com', subject: 'Outpost test email' }])
    const id = messages[0]?.id ?? ''

    const one = await test.app.inject({ method: 'GET', url: `/api/sending/outbox/${id}`, headers: owner.headers })
    expect(one.statusCode).toBe(200)
    const message = one.json<{ message: { html: string; text: string; headers: Array<[string, string]> } }>().message
    expect(message.html).toContain('<strong>Outpost</strong>')
    expect(message.text).toContain('Your sending settings work.')
    expect(message.headers).toContainEqual(['x-outpost-workspace', owner.workspaceId])
    expect(message).not.toHaveProperty('workspaceId')

    expect((await test.app.inject({ method: 'GET', url: '/api/sending/outbox', headers: other.headers })).json()).toEqual({ messages: [] })
    expect((await test.app.inject({ method: 'GET', url: `/api/sending/outbox/${id}`, headers: other.headers })).statusCode).toBe(404)
    expect((await test.app.inject({ method: 'GET', url: '/api/sending/outbox/not-an-id!', headers: owner.headers })).statusCode).toBe(404)
    expect((await test.app.inject({ method: 'GET', url: '/api/sending/outbox?limit=0', headers: owner.headers })).statusCode).toBe(400)

    expect((await test.app.inject({ method: 'DELETE', url: '/api/sending/outbox', headers: other.headers })).json()).toEqual({ deleted: 0 })
    expect((await test.app.inject({ method: 'DELETE', url: '/api/sending/outbox', headers: owner.headers })).json()).toEqual({ deleted: 1 })
    expect((await test.app.inject({ method: 'GET', url: '/api/sending/outbox', headers: owner.headers })).json()).toEqual({ messages: [] })
  })
})
