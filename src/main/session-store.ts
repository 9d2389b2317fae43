import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { syncSessionSchema, type SessionState, type SyncSession } from '../shared/ipc-contract'

/** The part of Electron's safeStorage the store needs (injected so tests need no keyring). */
export interface SessionCipher {
  isEncryptionAvailable(): boolean
  encryptString(plainText: string): Buffer
  decryptString(encrypted: Buffer): string
  /** Linux only: 'basic_text' means no keyring (a hard-coded key), which is no protection. */
  getSelectedStorageBackend?(): string
}

export interface SessionFiles {
  /** The file's bytes, or null when it does not exist or cannot be read. */
  read(path: string): Buffer | null
  /** Replaces the file atomically, readable by this user only. */
  write(path: string, data: Buffer): void
  remove(path: string): void
}

export const nodeSessionFiles: SessionFiles = {
  read(path) {
    try {
      return readFileSync(path)
    } catch {
      return null
    }
  },
  write(path, data) {
    mkdirSync(dirname(path), { recursive: true })
    const temp = `${path}.tmp`
    writeFileSync(temp, data, { mode: 0o600 })
    renameSync(temp, path)
  },
  remove(path) {
    rmSync(path, { force: true })
  },
}

export interface SessionStore {
  get(): SessionState
  set(session: SyncSession): { persisted: boolean }
  clear(): void
}

export interface SessionStoreOptions {
  cipher: SessionCipher
  filePath: string
  files?: SessionFiles
  platform?: NodeJS.Platform
}

/**
 * Keeps the sync session (with its bearer token) encrypted by the OS keyring in one file under
 * userData. Without a usable keyring it lives in memory only and reports `persisted: false`, so
 * the UI can say the user will sign in again after a restart; it never falls back to plain text.
 */
export function createSessionStore({ cipher, filePath, files = nodeSessionFiles, platform = process.platform }: SessionStoreOptions): SessionStore {
  let current: SyncSession | null = null
  let loaded = false

  const secure = (): boolean => {
    try {
      if (!cipher.isEncryptionAvailable()) return false
      return !(platform === 'linux' && cipher.getSelectedStorageBackend?.() === 'basic_text')
    } catch {
      return false
    }
  }

  const load = (): SyncSession | null => {
    if (!secure()) return null
    const data = files.read(filePath)
    if (!data) return null
    try {
      const parsed = syncSessionSchema.safeParse(JSON.parse(cipher.decryptString(data)))
      return parsed.success ? parsed.data : null
    } catch {
      // Written under another keyring or tampered with: as good as signed out.
      return null
    }
  }

  return {
    get() {
      if (!loaded) {
        current = load()
        loaded = true
      }
      return { session: current, persisted: secure() }
    },
    set(session) {
      current = session
      loaded = true
      if (!secure()) {
        files.remove(filePath)
        return { persisted: false }
      }
      files.write(filePath, cipher.encryptString(JSON.stringify(session)))
      return { persisted: true }
    },
    clear() {
      current = null
      loaded = true
      files.remove(filePath)
    },
  }
}
