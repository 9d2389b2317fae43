import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '@core/ids'
import { storageBackends } from '../testing/storageBackends'
import { openStorage } from './index'
import type { StoragePort } from './port'
import type { OutboxMessageRecord, StoredSendingSettings } from './settingsStore'

// The settings part of the storage contract, on SQLite (a temp file) and a real PostgreSQL.

function aMessage(workspaceId: string, receivedAt: number, overrides: Partial<OutboxMessageRecord> = {}): OutboxMessageRecord {
  return {
    id: newId(receivedAt),
    workspaceId,
    receivedAt,
    from: 'Ada <ada@example.com>',
    to: 'bob@example.com',
    subject: `Hello at ${receivedAt}`,
    headers: [
      ['subject', `Hello at ${receivedAt}`],
      ['list-unsubscribe', '<https://example.com/u/x>'],
    ],
    html: '<p>Hi</p>',
    text: 'Hi',
    ...overrides,
  }
}

describe.each(storageBackends('settings'))('settings store on $kind', (backend) => {
  let storage: StoragePort

  async function givenWorkspace(): Promise<string> {
    const at = Date.now()
    const user = { id: newId(), email: `${newId().toLowerCase()}@example.com`, name: 'Owner', passwordHash: 'x', createdAt: at }
    await storage.createUser(user)
    const workspaceId = newId()
    await storage.createWorkspace(
      { id: workspaceId, name: 'W', createdAt: at },
      { workspaceId, userId: user.id, role: 'owner', joinedAt: at },
      { id: user.id, email: user.email, name: user.name, role: 'owner', joinedAt: at, updatedAt: at, _clock: {}, _deleted: false },
    )
    return workspaceId
  }

  function settingsFor(workspaceId: string, overrides: Partial<StoredSendingSettings> = {}): StoredSendingSettings {
    return { workspaceId, configJson: '{"mode":"sink"}', secretsCipher: null, updatedAt: 1_000, updatedBy: 'user-1', ...overrides }
  }

  beforeAll(async () => {
    await backend.setUp()
    storage = await openStorage(await backend.freshDatabaseUrl())
  }, 60_000)

  afterAll(async () => {
    await storage?.close()
    await backend.tearDown()
  })

  describe('sending settings', () => {
    it('answers null before anything was saved, then the saved settings', async () => {
      const workspaceId = await givenWorkspace()
      expect(await storage.settings.getSendingSettings(workspaceId)).toBeNull()
      const saved = settingsFor(workspaceId, { secretsCipher: 'v1.cipher' })
      expect(await storage.settings.saveSendingSettings(saved)).toBe(true)
      expect(await storage.settings.getSendingSettings(workspaceId)).toEqual(saved)
    })

    it('replaces the previous settings on save', async () => {
      const workspaceId = await givenWorkspace()
      await storage.settings.saveSendingSettings(settingsFor(workspaceId, { secretsCipher: 'v1.old' }))
      const next = settingsFor(workspaceId, { configJson: '{"mode":"smtp"}', secretsCipher: null, updatedAt: 2_000, updatedBy: 'user-2' })
      await storage.settings.saveSendingSettings(next)
      expect(await storage.settings.getSendingSettings(workspaceId)).toEqual(next)
    })

    it('keeps workspaces apart', async () => {
      const first = await givenWorkspace()
      const second = await givenWorkspace()
      await storage.settings.saveSendingSettings(settingsFor(first, { configJson: '{"first":true}' }))
      expect(await storage.settings.getSendingSettings(second)).toBeNull()
    })

    it('writes nothing for a missing or deleted workspace', async () => {
      expect(await storage.settings.saveSendingSettings(settingsFor(newId()))).toBe(false)
      const deleted = await givenWorkspace()
      await storage.deleteWorkspace(deleted, Date.now())
      expect(await storage.settings.saveSendingSettings(settingsFor(deleted))).toBe(false)
      expect(await storage.settings.getSendingSettings(deleted)).toBeNull()
    })
  })

  describe('outbox', () => {
    it('lists newest first with the summary fields, and returns one message whole', async () => {
      const workspaceId = await givenWorkspace()
      const older = aMessage(workspaceId, 1_000)
      const newer = aMessage(workspaceId, 2_000, { html: null, text: 'plain only' })
      expect(await storage.settings.addOutboxMessage(older, 100)).toBe(true)
      expect(await storage.settings.addOutboxMessage(newer, 100)).toBe(true)

      const list = await storage.settings.listOutboxMessages(workspaceId, 10)
      expect(list).toEqual([
        { id: newer.id, workspaceId, receivedAt: 2_000, from: newer.from, to: newer.to, subject: newer.subject },
        { id: older.id, workspaceId, receivedAt: 1_000, from: older.from, to: older.to, subject: older.subject },
      ])
      expect(await storage.settings.listOutboxMessages(workspaceId, 1)).toHaveLength(1)
      expect(await storage.settings.getOutboxMessage(workspaceId, older.id)).toEqual(older)
      expect(await storage.settings.getOutboxMessage(workspaceId, newer.id)).toEqual(newer)
    })

    it("never shows one workspace's mail to another", async () => {
      const mine = await givenWorkspace()
      const theirs = await givenWorkspace()
      const message = aMessage(theirs, 1_000)
      await storage.settings.addOutboxMessage(message, 100)
      expect(await storage.settings.listOutboxMessages(mine, 10)).toEqual([])
      expect(await storage.settings.getOutboxMessage(mine, message.id)).toBeNull()
      expect(await storage.settings.clearOutbox(mine)).toBe(0)
      expect(await storage.settings.getOutboxMessage(theirs, message.id)).toEqual(message)
    })

    it('keeps only the newest N per workspace', async () => {
      const workspaceId = await givenWorkspace()
      const other = await givenWorkspace()
      await storage.settings.addOutboxMessage(aMessage(other, 500), 3)
      const messages = [1, 2, 3, 4, 5].map((n) => aMessage(workspaceId, n * 1_000))
      for (const message of messages) await storage.settings.addOutboxMessage(message, 3)
      const kept = await storage.settings.listOutboxMessages(workspaceId, 10)
      expect(kept.map((message) => message.receivedAt)).toEqual([5_000, 4_000, 3_000])
      expect(await storage.settings.listOutboxMessages(other, 10)).toHaveLength(1)
    })

    it('drops mail for a missing or deleted workspace', async () => {
      expect(await storage.settings.addOutboxMessage(aMessage(newId(), 1_000), 100)).toBe(false)
      const deleted = await givenWorkspace()
      await storage.deleteWorkspace(deleted, Date.now())
      expect(await storage.settings.addOutboxMessage(aMessage(deleted, 1_000), 100)).toBe(false)
      expect(await storage.settings.listOutboxMessages(deleted, 10)).toEqual([])
    })

    it("clears one workspace's mail and says how much", async () => {
      const workspaceId = await givenWorkspace()
      const other = await givenWorkspace()
      await storage.settings.addOutboxMessage(aMessage(workspaceId, 1_000), 100)
      await storage.settings.addOutboxMessage(aMessage(workspaceId, 2_000), 100)
      await storage.settings.addOutboxMessage(aMessage(other, 3_000), 100)
      expect(await storage.settings.clearOutbox(workspaceId)).toBe(2)
      expect(await storage.settings.listOutboxMessages(workspaceId, 10)).toEqual([])
      expect(await storage.settings.listOutboxMessages(other, 10)).toHaveLength(1)
    })
  })
})
