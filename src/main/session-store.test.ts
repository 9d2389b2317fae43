import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SyncSession } from '../shared/ipc-contract'
import { createSessionStore, type SessionCipher } from './session-store'

const session: SyncSession = {
  serverUrl: 'https://sync.example.com',
  token: 'secret-bearer-token-0123456789',
  user: { id: '01JUSER0000000000000000000', email: 'ada@example.com', name: 'Ada Lovelace' },
  workspaceId: '01JWORKSPACE00000000000000',
  workspaces: [{ id: '01JWORKSPACE00000000000000', name: 'Analytical Engines', role: 'owner' }],
}

/** A stand-in for the OS keyring: XOR with a key only this "keyring" knows. */
function fakeKeyring(options: { available?: boolean; backend?: string; key?: number } = {}): SessionCipher {
  const key = options.key ?? 0x5a
  const xor = (data: Buffer) => Buffer.from(data.map((byte) => byte ^ key))
  return {
    isEncryptionAvailable: () => options.available ?? true,
    encryptString: (text) => xor(Buffer.from(text, 'utf8')),
    decryptString: (data) => xor(data).toString('utf8'),
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
  }
}

let dir: string
let file: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'outpost-session-'))
  file = join(dir, 'nested', 'sync-session.bin')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('session store with a keyring', () => {
  it('keeps the session across a restart, encrypted on disk and readable by this user only', () => {
    const first = createSessionStore({ cipher: fakeKeyring(), filePath: file, platform: 'linux' })
    expect(first.get()).toEqual({ session: null, persisted: true })
    expect(first.set(session)).toEqual({ persisted: true })

    const bytes = readFileSync(file)
    expect(bytes.toString('utf8')).not.toContain(session.token)
    expect(bytes.toString('utf8')).not.toContain('ada@example.com')
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o077).toBe(0)

    const afterRestart = createSessionStore({ cipher: fakeKeyring(), filePath: file, platform: 'linux' })
    expect(afterRestart.get()).toEqual({ session, persisted: true })
  })

  it('forgets the session on clear, also after a restart', () => {
    const store = createSessionStore({ cipher: fakeKeyring(), filePath: file, platform: 'linux' })
    store.set(session)
    store.clear()
    expect(store.get().session).toBeNull()
    expect(() => readFileSync(file)).toThrow()
    expect(createSessionStore({ cipher: fakeKeyring(), filePath: file, platform: 'linux' }).get().session).toBeNull()
  })

  it('treats a file from another keyring or a tampered file as signed out', () => {
    createSessionStore({ cipher: fakeKeyring({ key: 0x11 }), filePath: file, platform: 'linux' }).set(session)
    expect(createSessionStore({ cipher: fakeKeyring({ key: 0x22 }), filePath: file, platform: 'linux' }).get().session).toBeNull()

    writeFileSync(file, fakeKeyring().encryptString(JSON.stringify({ ...session, token: '' })))
    expect(createSessionStore({ cipher: fakeKeyring(), filePath: file, platform: 'linux' }).get().session).toBeNull()
  })
})

describe('session store without a keyring', () => {
  it.each([
    ['encryption is unavailable', fakeKeyring({ available: false }), 'linux' as const],
    ['Linux falls back to its hard-coded key', fakeKeyring({ backend: 'basic_text' }), 'linux' as const],
  ])('keeps the session in memory only when %s, and says so', (_name, cipher, platform) => {
    const store = createSessionStore({ cipher, filePath: file, platform })
    expect(store.get()).toEqual({ session: null, persisted: false })
    expect(store.set(session)).toEqual({ persisted: false })
    expect(store.get()).toEqual({ session, persisted: false })
    expect(() => readFileSync(file)).toThrow()
    // A restart forgets it.
    expect(createSessionStore({ cipher, filePath: file, platform }).get()).toEqual({ session: null, persisted: false })
  })

  it('never leaves an older encrypted copy behind once the keyring is gone', () => {
    createSessionStore({ cipher: fakeKeyring(), filePath: file, platform: 'linux' }).set(session)
    const noKeyring = createSessionStore({ cipher: fakeKeyring({ available: false }), filePath: file, platform: 'linux' })
    noKeyring.set({ ...session, token: 'newer-token' })
    expect(() => readFileSync(file)).toThrow()
  })

  it('trusts the basic_text backend name only on Linux (it is not reported elsewhere)', () => {
    const store = createSessionStore({ cipher: fakeKeyring({ backend: 'basic_text' }), filePath: file, platform: 'darwin' })
    expect(store.set(session)).toEqual({ persisted: true })
  })
})
