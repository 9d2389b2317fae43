import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { newId } from '@core/ids'
import { openStorage } from '../storage'
import type { StoragePort } from '../storage/port'
import { createSendingConfigSource, envSmtpTransport, NoTransportError } from './configSource'
import { applySettingsUpdate, sendingSettingsBody } from './sendingSettings'
import { UnreadableSecretsError } from './sendingSettingsRepository'

const SECRET = 'config-source-secret-0123456789abcdefghij'

describe('createSendingConfigSource', () => {
  let storage: StoragePort
  let workspaceId = ''

  beforeEach(async () => {
    storage = await openStorage('sqlite::memory:')
    const at = Date.now()
    const userId = newId()
    await storage.createUser({ id: userId, email: 'o@example.com', name: 'O', passwordHash: 'x', createdAt: at })
    workspaceId = newId()
    await storage.createWorkspace(
      { id: workspaceId, name: 'W', createdAt: at },
      { workspaceId, userId, role: 'owner', joinedAt: at },
      { id: userId, email: 'o@example.com', name: 'O', role: 'owner', joinedAt: at, updatedAt: at, _clock: {}, _deleted: false },
    )
  })

  afterEach(async () => {
    await storage.close()
  })

  async function save(body: unknown, secret = SECRET): Promise<void> {
    const source = createSendingConfigSource({ storage, secret, envSmtpUrl: null, sink: null })
    const next = applySettingsUpdate(await source.settings.load(workspaceId), sendingSettingsBody.parse(body))
    if (!next.ok) throw new Error(next.error.message)
    await source.settings.save(workspaceId, next.value, 1, 'u')
  }

  it('falls back to the embedded sink on a fresh machine', async () => {
    const source = createSendingConfigSource({ storage, secret: SECRET, envSmtpUrl: null, sink: { port: 2525 } })
    expect(await source.forWorkspace(workspaceId)).toEqual({
      transport: { kind: 'sink', host: '127.0.0.1', port: 2525 },
      fromIdentities: [],
      dkim: null,
      ratePerSecond: 50,
    })
    expect(await source.describe(workspaceId)).toEqual({ mode: 'sink', source: 'sink', configured: true })
  })

  it("prefers OUTPOST_SMTP_URL over the sink, and the workspace's own SMTP over both", async () => {
    const source = createSendingConfigSource({ storage, secret: SECRET, envSmtpUrl: 'smtps://env:envpass@relay.example.com', sink: { port: 2525 } })
    expect((await source.forWorkspace(workspaceId)).transport).toEqual({ kind: 'smtp', host: 'relay.example.com', port: 465, secure: true, auth: { user: 'env', pass: 'envpass' } })
    expect(await source.describe(workspaceId)).toMatchObject({ mode: 'smtp', source: 'server' })

    await save({ mode: 'smtp', smtp: { host: 'smtp.acme.example', port: 587, user: 'me', password: 'pw' }, ratePerSecond: 7, fromIdentities: [{ name: 'A', email: 'a@acme.example' }] })
    const own = await source.forWorkspace(workspaceId)
    expect(own).toMatchObject({ transport: { kind: 'smtp', host: 'smtp.acme.example', port: 587, secure: false, auth: { user: 'me', pass: 'pw' } }, ratePerSecond: 7 })
    expect(await source.describe(workspaceId)).toMatchObject({ mode: 'smtp', source: 'workspace' })

    // Identities and rate still apply when the workspace leaves SMTP to the server.
    await save({ mode: 'sink', ratePerSecond: 9, fromIdentities: [{ name: 'A', email: 'a@acme.example' }] })
    expect(await source.forWorkspace(workspaceId)).toMatchObject({ transport: { host: 'relay.example.com' }, ratePerSecond: 9, fromIdentities: [{ email: 'a@acme.example' }] })
  })

  it('says when nothing can deliver', async () => {
    const source = createSendingConfigSource({ storage, secret: SECRET, envSmtpUrl: null, sink: null })
    expect(await source.describe(workspaceId)).toEqual({ mode: 'sink', source: 'sink', configured: false })
    await expect(source.forWorkspace(workspaceId)).rejects.toBeInstanceOf(NoTransportError)
  })

  it('refuses to send with secrets sealed under another OUTPOST_SECRET', async () => {
    await save({ mode: 'smtp', smtp: { host: 'smtp.acme.example', user: 'me', password: 'pw' } }, 'another-secret-0123456789abcdefghijklmn')
    const source = createSendingConfigSource({ storage, secret: SECRET, envSmtpUrl: null, sink: null })
    await expect(source.forWorkspace(workspaceId)).rejects.toBeInstanceOf(UnreadableSecretsError)
    expect(await source.settings.load(workspaceId)).toMatchObject({ secretsUnreadable: true, secrets: { smtpPassword: null } })
  })

  it('rejects a malformed OUTPOST_SMTP_URL without echoing it', () => {
    expect(() => envSmtpTransport('http://u:leak@x')).toThrow(/^OUTPOST_SMTP_URL: /)
    expect(() => envSmtpTransport('http://u:leak@x')).not.toThrow(/leak/)
  })
})
