import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { openPostgresStorage } from './postgres'
import { openSqliteStorage } from './sqlite'
import type { StorageOptions, StoragePort } from './port'

export * from './port'

const SQLITE_PREFIX = 'sqlite:'

/**
 * Opens the database named by OUTPOST_DATABASE_URL and brings its schema up to date:
 * `sqlite:<path>` (parent directory created), `sqlite::memory:`, `postgres://…` or `postgresql://…`.
 */
export async function openStorage(databaseUrl: string, options: StorageOptions = {}): Promise<StoragePort> {
  const storage = await openByScheme(databaseUrl, options)
  try {
    await storage.migrate()
  } catch (error) {
    await storage.close()
    throw error
  }
  return storage
}

function openByScheme(databaseUrl: string, options: StorageOptions): Promise<StoragePort> {
  if (databaseUrl.startsWith(SQLITE_PREFIX)) {
    const filename = databaseUrl.slice(SQLITE_PREFIX.length)
    if (filename === '') throw new Error('Database URL "sqlite:" names no file: use sqlite:<path> or sqlite::memory:')
    if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true })
    return openSqliteStorage(filename, options)
  }
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) return openPostgresStorage(databaseUrl, options)
  // Only the scheme is echoed: the rest may hold a password.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(databaseUrl)?.[0] ?? '(none)'
  throw new Error(`Unsupported database URL scheme ${scheme}: use sqlite:<path>, sqlite::memory: or postgres://…`)
}
