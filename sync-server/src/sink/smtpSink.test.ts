import nodemailer from 'nodemailer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '@core/ids'
import { openStorage } from '../storage'
import type { StoragePort } from '../storage/port'
import { SINK_WORKSPACE_HEADER, startSmtpSink, type SinkLogger, type SmtpSink } from './smtpSink'

function recordingLogger(): SinkLogger & { warnings: string[] } {
  const warnings: string[] = []
  return { warnings, info: () => undefined, warn: (_object, message) => void warnings.push(message), error: (_object, message) => void warnings.push(message) }
}

describe('startSmtpSink', () => {
  let storage: StoragePort
  let sink: SmtpSink
  const logger = recordingLogger()
  let workspaceId = ''
  let otherWorkspaceId = ''

  async function givenWorkspace(): Promise<string> {
    const at = Date.now()
    const userId = newId()
    await storage.createUser({ id: userId, email: `${userId.toLowerCase()}@example.com`, name: 'O', passwordHash: 'x', createdAt: at })
    const id = newId()
    await storage.createWorkspace(
      { id, name: 'W', createdAt: at },
      { workspaceId: id, userId, role: 'owner', joinedAt: at },
      { id: userId, email: 'o@example.com', name: 'O', role: 'owner', joinedAt: at, updatedAt: at, _clock: {}, _deleted: false },
    )
    return id
  }

  const transport = () => nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true })

  beforeAll(async () => {
    storage = await openStorage('sqlite::memory:')
    workspaceId = await givenWorkspace()
    otherWorkspaceId = await givenWorkspace()
    sink = await startSmtpSink({ store: storage.settings, logger, keepPerWorkspace: 3 })
  })

  afterAll(async () => {
    await sink.close()
    await storage.close()
  })

  it('listens on loopback and files a real message under the workspace its header names', async () => {
    expect(sink.host).toBe('127.0.0.1')
    await transport().sendMail({
      from: 'Ada <ada@example.com>',
      to: 'bob@example.com, Carol <carol@example.com>',
      subject: 'Spring launch',
      html: '<h1>Hello Bob</h1>',
      text: 'Hello Bob',
      headers: { [SINK_WORKSPACE_HEADER]: workspaceId, 'List-Unsubscribe': '<https://example.com/u/abc>, <mailto:u@example.com>' },
    })
    const [summary] = await storage.settings.listOutboxMessages(workspaceId, 10)
    expect(summary).toMatchObject({ from: 'Ada <ada@example.com>', to: 'bob@example.com, Carol <carol@example.com>', subject: 'Spring launch' })
    const message = await storage.settings.getOutboxMessage(workspaceId, summary?.id ?? '')
    expect(message?.html).toContain('<h1>Hello Bob</h1>')
    expect(message?.text).toContain('Hello Bob')
    expect(message?.headers).toContainEqual(['list-unsubscribe', '<https://example.com/u/abc>, <mailto:u@example.com>'])
    expect(await storage.settings.listOutboxMessages(otherWorkspaceId, 10)).toEqual([])
  })

  it('accepts a login (senders configured with credentials still work)', async () => {
    await nodemailer
      .createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true, auth: { user: 'any', pass: 'thing' } })
      .sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'With login', text: 'x', headers: { [SINK_WORKSPACE_HEADER]: otherWorkspaceId } })
    expect((await storage.settings.listOutboxMessages(otherWorkspaceId, 10)).map((message) => message.subject)).toEqual(['With login'])
  })

  it('drops mail without the workspace header, or for an unknown workspace, with a warning', async () => {
    const before = logger.warnings.length
    await transport().sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'Orphan', text: 'x' })
    await transport().sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'Stranger', text: 'x', headers: { [SINK_WORKSPACE_HEADER]: newId() } })
    expect(logger.warnings.slice(before)).toEqual([
      `SMTP sink dropped a message without an ${SINK_WORKSPACE_HEADER} header`,
      'SMTP sink dropped a message for an unknown or deleted workspace',
    ])
    const subjects = [workspaceId, otherWorkspaceId].map(async (id) => (await storage.settings.listOutboxMessages(id, 10)).map((message) => message.subject))
    expect((await Promise.all(subjects)).flat()).not.toContain('Orphan')
  })

  it('keeps only the newest messages per workspace', async () => {
    for (const n of [1, 2, 3, 4]) {
      await transport().sendMail({ from: 'a@example.com', to: 'b@example.com', subject: `Batch ${n}`, text: 'x', headers: { [SINK_WORKSPACE_HEADER]: workspaceId } })
    }
    const subjects = (await storage.settings.listOutboxMessages(workspaceId, 10)).map((message) => message.subject)
    expect(subjects).toEqual(['Batch 4', 'Batch 3', 'Batch 2'])
  })

  it('refuses a message over the size limit', async () => {
    const small = await startSmtpSink({ store: storage.settings, logger, maxMessageBytes: 1_000 })
    try {
      const sending = nodemailer
        .createTransport({ host: '127.0.0.1', port: small.port, secure: false, ignoreTLS: true })
        .sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'Huge', text: 'x'.repeat(5_000), headers: { [SINK_WORKSPACE_HEADER]: workspaceId } })
      await expect(sending).rejects.toThrow(/552|size/i)
    } finally {
      await small.close()
    }
  })
})
