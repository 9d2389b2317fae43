import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStorage } from './index'

describe('openStorage', () => {
  let dir = ''
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'outpost-open-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('opens an in-memory SQLite database, migrated', async () => {
    const storage = await openStorage('sqlite::memory:')
    try {
      expect(storage.kind).toBe('sqlite')
      expect(await storage.findUserByEmail('nobody@example.com')).toBeNull()
    } finally {
      await storage.close()
    }
  })

  it('creates the parent directory of a SQLite file', async () => {
    const file = join(dir, 'data', 'deeper', 'outpost.sqlite')
    const storage = await openStorage(`sqlite:${file}`)
    try {
      expect(existsSync(file)).toBe(true)
      expect(await storage.currentSeq('none')).toBe(0)
    } finally {
      await storage.close()
    }
  })

  it('refuses other schemes without echoing credentials', async () => {
    const attempt = openStorage('mysql://outpost:hunter2@db.example.com/outpost')
    await expect(attempt).rejects.toThrow(/Unsupported database URL scheme mysql:/)
    await expect(attempt).rejects.not.toThrow(/hunter2/)
    await expect(openStorage('./data/outpost.sqlite')).rejects.toThrow(/Unsupported database URL/)
    await expect(openStorage('sqlite:')).rejects.toThrow(/names no file/)
  })
})
