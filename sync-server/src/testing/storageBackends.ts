import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTestDatabase, startEmbeddedPostgres } from './embeddedPostgres'
import type { EmbeddedPostgresServer } from './embeddedPostgres'

// The two databases every storage contract suite runs against: SQLite (files in a temp
// directory) and a real PostgreSQL (embedded, started once per suite). Use with
// describe.each(storageBackends('name')), setUp() in beforeAll, tearDown() in afterAll.

export interface StorageBackend {
  kind: 'sqlite' | 'postgres'
  setUp(): Promise<void>
  tearDown(): Promise<void>
  /** URL of a new, empty database, for openStorage(). */
  freshDatabaseUrl(): Promise<string>
}

/** SQLite files under a temp directory named after `name`; each database in its own, not yet created, subdirectory. */
export function sqliteBackend(name: string): StorageBackend {
  let dir = ''
  let databases = 0
  return {
    kind: 'sqlite',
    async setUp() {
      dir = await mkdtemp(join(tmpdir(), `outpost-${name}-`))
    },
    async tearDown() {
      await rm(dir, { recursive: true, force: true })
    },
    async freshDatabaseUrl() {
      databases += 1
      return `sqlite:${join(dir, `db-${databases}`, 'outpost.sqlite')}`
    },
  }
}

/** One embedded PostgreSQL for the suite; each database a new one on it. */
export function postgresBackend(): StorageBackend {
  let server: EmbeddedPostgresServer | null = null
  return {
    kind: 'postgres',
    async setUp() {
      server = await startEmbeddedPostgres()
    },
    async tearDown() {
      await server?.stop()
    },
    freshDatabaseUrl() {
      if (server === null) throw new Error('embedded PostgreSQL not started')
      return createTestDatabase(server.url)
    },
  }
}

/** Both backends, SQLite first; `name` labels the SQLite temp directory. */
export function storageBackends(name: string): StorageBackend[] {
  return [sqliteBackend(name), postgresBackend()]
}
