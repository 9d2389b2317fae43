import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MemberRole } from '@core/schema'
import { newId } from '@core/ids'
import type { ReplicationCheckpoint } from '@core/sync/protocol'
import { postgresBackend, sqliteBackend } from '../testing/storageBackends'
import type { StorageBackend } from '../testing/storageBackends'
import { openStorage } from './index'
import { MIGRATION_NAMES } from './migrations'
import { ANY_CHANGE, EmailTakenError, ForeignDocumentError, UnknownWorkspaceError } from './port'
import type { ChangeNotice, InviteRecord, MembershipRecord, StorageOptions, StoragePort, StoredDocument, UserRecord, WorkspaceRecord } from './port'
import { openPostgresStorage } from './postgres'
import { openSqliteStorage } from './sqlite'

// One contract, two databases: every behaviour the server relies on, run against SQLite (a temp
// file) and PostgreSQL (embedded, started once for the file).

interface Backend extends StorageBackend {
  /** Opens without migrating. */
  openUnmigrated(url: string, options?: StorageOptions): Promise<StoragePort>
  /** Names recorded in the migrations table. */
  executedMigrations(url: string): Promise<string[]>
}

function sqliteContractBackend(): Backend {
  const filename = (url: string): string => url.slice('sqlite:'.length)
  return {
    ...sqliteBackend('sqlite'),
    openUnmigrated(url, options) {
      mkdirSync(dirname(filename(url)), { recursive: true })
      return openSqliteStorage(filename(url), options)
    },
    async executedMigrations(url) {
      const db = new Database(filename(url), { readonly: true })
      try {
        return db.prepare<[], { name: string }>('SELECT name FROM outpost_migrations ORDER BY name').all().map((row) => row.name)
      } finally {
        db.close()
      }
    },
  }
}

function postgresContractBackend(): Backend {
  return {
    ...postgresBackend(),
    openUnmigrated: (url, options) => openPostgresStorage(url, options),
    async executedMigrations(url) {
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      try {
        const result = await client.query<{ name: string }>('SELECT name FROM outpost_migrations ORDER BY name')
        return result.rows.map((row) => row.name)
      } finally {
        await client.end()
      }
    },
  }
}

// Fixtures

function aUser(overrides: Partial<UserRecord> = {}): UserRecord {
  const id = newId()
  return { id, email: `${id.toLowerCase()}@example.com`, name: `User ${id.slice(-4)}`, passwordHash: 'scrypt$hash', createdAt: Date.now(), ...overrides }
}

function memberDoc(user: UserRecord, role: MemberRole, joinedAt: number, deleted = false): Record<string, unknown> {
  return { id: user.id, email: user.email, name: user.name, role, joinedAt, updatedAt: Date.now(), _clock: {}, _deleted: deleted }
}

/** acceptInvite's invite part (null when refused), with a plain member document. */
async function consumeInvite(storage: StoragePort, codeHash: string, userId: string, at: number): Promise<InviteRecord | null> {
  const accepted = await storage.acceptInvite(codeHash, userId, at, (membership) => ({
    id: userId,
    email: `${userId.toLowerCase()}@example.test`,
    name: 'Joiner',
    role: membership.role,
    joinedAt: membership.joinedAt,
    updatedAt: at,
    _clock: {},
    _deleted: false,
  }))
  return accepted?.invite ?? null
}

function aContact(id: string = newId(), name = 'Ada Lovelace'): Record<string, unknown> & { id: string } {
  return { id, name, updatedAt: Date.now(), _clock: { name: '000000000000001-00000-test' }, _deleted: false }
}

/** Pushes documents as new, storing them exactly as given. */
function pushAll(storage: StoragePort, workspaceId: string, collection: string, docs: ReadonlyArray<Record<string, unknown> & { id: string }>): Promise<StoredDocument[]> {
  return storage.pushDocuments(
    workspaceId,
    collection,
    docs.map((doc) => doc.id),
    () => docs.map((doc) => ({ id: doc.id, doc })),
  )
}

/** Reads a collection page by page from the start; returns every page's documents in order. */
async function pullEverything(storage: StoragePort, workspaceId: string, collection: string, pageSize = 1000): Promise<StoredDocument[]> {
  const documents: StoredDocument[] = []
  let checkpoint: ReplicationCheckpoint | null = null
  for (;;) {
    const page = await storage.pull(workspaceId, collection, checkpoint, pageSize)
    documents.push(...page.documents)
    checkpoint = page.checkpoint
    if (page.documents.length < pageSize) return documents
  }
}

/** Resolves with the first notice matching `matches` (subscribe before the change). */
function nextNotice(storage: StoragePort, matches: (notice: ChangeNotice) => boolean, timeoutMs = 5_000): Promise<ChangeNotice> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe()
      reject(new Error(`no matching change notice within ${timeoutMs} ms`))
    }, timeoutMs)
    const unsubscribe = storage.onChange((notice) => {
      if (!matches(notice)) return
      clearTimeout(timer)
      unsubscribe()
      resolve(notice)
    })
  })
}

/** Polls `condition` until it holds (for states only the database can report). */
async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/**
 * Every notice for one workspace's replicated collections (not `members`: on PostgreSQL the
 * workspace's creation notice may still be on its way), in arrival order, until stopped.
 */
function recordNotices(storage: StoragePort, workspaceId: string): { notices: ChangeNotice[]; stop: () => void } {
  const notices: ChangeNotice[] = []
  const stop = storage.onChange((notice) => {
    if (notice.workspaceId === workspaceId && notice.collection !== 'members') notices.push(notice)
  })
  return { notices, stop }
}

describe.each([sqliteContractBackend(), postgresContractBackend()])('storage contract on $kind', (backend) => {
  let mainUrl = ''
  let storage: StoragePort
  const opened: StoragePort[] = []

  async function open(url: string): Promise<StoragePort> {
    const instance = await openStorage(url)
    opened.push(instance)
    return instance
  }

  async function givenUser(overrides: Partial<UserRecord> = {}): Promise<UserRecord> {
    const user = aUser(overrides)
    await storage.createUser(user)
    return user
  }

  async function givenWorkspace(owner?: UserRecord, workspaceId: string = newId()): Promise<{ workspace: WorkspaceRecord; owner: UserRecord }> {
    const ownerUser = owner ?? (await givenUser())
    const workspace: WorkspaceRecord = { id: workspaceId, name: 'Acme', createdAt: Date.now() }
    const joinedAt = Date.now()
    await storage.createWorkspace(workspace, { workspaceId: workspace.id, userId: ownerUser.id, role: 'owner', joinedAt }, memberDoc(ownerUser, 'owner', joinedAt))
    return { workspace, owner: ownerUser }
  }

  function anInvite(workspaceId: string, createdBy: string, overrides: Partial<InviteRecord> = {}): InviteRecord {
    const now = Date.now()
    return { codeHash: newId(), workspaceId, role: 'member', createdBy, createdAt: now, expiresAt: now + 7 * 86_400_000, usedAt: null, usedBy: null, ...overrides }
  }

  beforeAll(async () => {
    await backend.setUp()
    mainUrl = await backend.freshDatabaseUrl()
    storage = await open(mainUrl)
  })

  afterAll(async () => {
    for (const instance of opened) await instance.close()
    await backend.tearDown()
  })

  it('reports its kind', () => {
    expect(storage.kind).toBe(backend.kind)
  })

  describe('accounts', () => {
    it('stores emails trimmed and lower-cased, and finds users whatever the case', async () => {
      const user = await givenUser({ email: `  Ada.${newId()}@Example.COM ` })
      const stored = await storage.findUserByEmail(user.email.toUpperCase())
      expect(stored).toEqual({ ...user, email: user.email.trim().toLowerCase() })
      expect(await storage.findUserById(user.id)).toEqual(stored)
    })

    it('rejects a second account for the same email in another case', async () => {
      const first = await givenUser()
      await expect(storage.createUser(aUser({ email: ` ${first.email.toUpperCase()}` }))).rejects.toBeInstanceOf(EmailTakenError)
      expect(await storage.findUserByEmail(first.email)).toMatchObject({ id: first.id })
    })

    it('answers null for unknown users', async () => {
      expect(await storage.findUserByEmail('nobody@example.com')).toBeNull()
      expect(await storage.findUserById(newId())).toBeNull()
    })
  })

  describe('sessions', () => {
    it('creates, finds and revokes a session (the first revocation time stays)', async () => {
      const user = await givenUser()
      const session = { tokenHash: newId(), userId: user.id, createdAt: 1_000, expiresAt: 2_000, revokedAt: null }
      await storage.createSession(session)
      expect(await storage.findSession(session.tokenHash)).toEqual(session)

      await storage.revokeSession(session.tokenHash, 1_500)
      await storage.revokeSession(session.tokenHash, 1_700)
      expect(await storage.findSession(session.tokenHash)).toEqual({ ...session, revokedAt: 1_500 })
      expect(await storage.findSession(newId())).toBeNull()
    })
  })

  describe('workspaces and members', () => {
    it('createWorkspace makes the caller owner and publishes their member document', async () => {
      const { workspace, owner } = await givenWorkspace()
      expect(await storage.getWorkspace(workspace.id)).toEqual(workspace)
      expect(await storage.getMembership(workspace.id, owner.id)).toMatchObject({ workspaceId: workspace.id, userId: owner.id, role: 'owner' })
      expect(await storage.listMembers(workspace.id)).toEqual([
        expect.objectContaining({ userId: owner.id, role: 'owner', email: owner.email, name: owner.name }),
      ])
      const page = await storage.pull(workspace.id, 'members', null, 100)
      expect(page.documents).toHaveLength(1)
      expect(page.documents[0]).toMatchObject({ id: owner.id, seq: 1 })
      expect(JSON.parse(page.documents[0]?.json ?? 'null')).toMatchObject({ id: owner.id, role: 'owner', _deleted: false })
      expect(await storage.currentSeq(workspace.id)).toBe(1)
    })

    it('lists a user’s workspaces with their role, leaving out deleted ones', async () => {
      const user = await givenUser()
      const { workspace: owned } = await givenWorkspace(user)
      const { workspace: joined } = await givenWorkspace()
      const { workspace: deleted } = await givenWorkspace(user)
      await storage.saveMembership({ workspaceId: joined.id, userId: user.id, role: 'admin', joinedAt: Date.now() }, memberDoc(user, 'admin', Date.now()))
      await storage.deleteWorkspace(deleted.id, Date.now())

      const listed = await storage.listWorkspacesForUser(user.id)
      expect(listed).toHaveLength(2)
      expect(listed).toEqual(expect.arrayContaining([{ ...owned, role: 'owner' }, { ...joined, role: 'admin' }]))
      expect(await storage.listWorkspacesForUser(newId())).toEqual([])
    })

    it('a deleted workspace disappears from every lookup and takes no more writes', async () => {
      const { workspace, owner } = await givenWorkspace()
      const invite = anInvite(workspace.id, owner.id)
      await storage.createInvite(invite)
      await storage.deleteWorkspace(workspace.id, Date.now())

      expect(await storage.getWorkspace(workspace.id)).toBeNull()
      expect(await storage.getMembership(workspace.id, owner.id)).toBeNull()
      expect(await storage.listMembers(workspace.id)).toEqual([])
      expect(await consumeInvite(storage, invite.codeHash, owner.id, Date.now())).toBeNull()
      await expect(pushAll(storage, workspace.id, 'contacts', [aContact()])).rejects.toBeInstanceOf(UnknownWorkspaceError)
      expect(await storage.getWorkspace(newId())).toBeNull()
    })

    it('saveMembership adds a member, then a role change publishes a newer member document', async () => {
      const { workspace, owner } = await givenWorkspace()
      const member = await givenUser()
      const joinedAt = Date.now()
      await storage.saveMembership({ workspaceId: workspace.id, userId: member.id, role: 'member', joinedAt }, memberDoc(member, 'member', joinedAt))
      const added = await storage.pull(workspace.id, 'members', { seq: 1, id: owner.id }, 100)
      expect(added.documents.map((doc) => doc.id)).toEqual([member.id])

      const promoted: MembershipRecord = { workspaceId: workspace.id, userId: member.id, role: 'admin', joinedAt }
      await storage.saveMembership(promoted, memberDoc(member, 'admin', joinedAt))
      expect(await storage.getMembership(workspace.id, member.id)).toEqual(promoted)
      expect((await storage.listMembers(workspace.id)).find((entry) => entry.userId === member.id)?.role).toBe('admin')

      const changed = await storage.pull(workspace.id, 'members', added.checkpoint, 100)
      expect(changed.documents).toHaveLength(1)
      expect(changed.documents[0]?.seq).toBeGreaterThan(added.documents[0]?.seq ?? Infinity)
      expect(JSON.parse(changed.documents[0]?.json ?? 'null')).toMatchObject({ id: member.id, role: 'admin' })
      // One document per member: a pull from the start sees only the latest version.
      expect((await pullEverything(storage, workspace.id, 'members')).map((doc) => doc.id)).toEqual([owner.id, member.id])
    })

    it('removeMembership deletes the membership and publishes a tombstone', async () => {
      const { workspace, owner } = await givenWorkspace()
      const member = await givenUser()
      await storage.saveMembership({ workspaceId: workspace.id, userId: member.id, role: 'member', joinedAt: 5 }, memberDoc(member, 'member', 5))
      const before = await storage.currentSeq(workspace.id)

      await storage.removeMembership(workspace.id, member.id, memberDoc(member, 'member', 5, true))
      expect(await storage.getMembership(workspace.id, member.id)).toBeNull()
      expect((await storage.listMembers(workspace.id)).map((entry) => entry.userId)).toEqual([owner.id])
      const page = await storage.pull(workspace.id, 'members', { seq: before, id: member.id }, 100)
      expect(page.documents.map((doc) => [doc.id, doc.seq])).toEqual([[member.id, before + 1]])
      expect(JSON.parse(page.documents[0]?.json ?? 'null')).toMatchObject({ id: member.id, _deleted: true })
    })

    it('one user has a member document in each of their workspaces', async () => {
      const user = await givenUser()
      const { workspace: first } = await givenWorkspace(user)
      const { workspace: second } = await givenWorkspace(user)
      expect((await storage.pull(first.id, 'members', null, 10)).documents.map((doc) => doc.id)).toEqual([user.id])
      expect((await storage.pull(second.id, 'members', null, 10)).documents.map((doc) => doc.id)).toEqual([user.id])
    })
  })

  describe('invites', () => {
    it('an invite is consumed once; the second attempt gets null', async () => {
      const { workspace, owner } = await givenWorkspace()
      const joiner = await givenUser()
      const invite = anInvite(workspace.id, owner.id, { role: 'admin' })
      await storage.createInvite(invite)

      const at = Date.now()
      expect(await consumeInvite(storage, invite.codeHash, joiner.id, at)).toEqual({ ...invite, usedAt: at, usedBy: joiner.id })
      expect(await consumeInvite(storage, invite.codeHash, owner.id, at + 1)).toBeNull()
      expect(await consumeInvite(storage, newId(), joiner.id, at)).toBeNull()
    })

    it('an expired invite gets null and stays unused', async () => {
      const { workspace, owner } = await givenWorkspace()
      const invite = anInvite(workspace.id, owner.id, { expiresAt: 10_000 })
      await storage.createInvite(invite)

      expect(await consumeInvite(storage, invite.codeHash, owner.id, 10_000)).toBeNull()
      expect(await consumeInvite(storage, invite.codeHash, owner.id, 20_000)).toBeNull()
      // Nothing was marked: at a time before expiry it still works.
      expect(await consumeInvite(storage, invite.codeHash, owner.id, 9_999)).toMatchObject({ usedAt: 9_999 })
    })

    it('of concurrent consumers exactly one wins', async () => {
      const { workspace, owner } = await givenWorkspace()
      const invite = anInvite(workspace.id, owner.id)
      await storage.createInvite(invite)
      const joiners = await Promise.all(Array.from({ length: 8 }, () => givenUser()))
      const results = await Promise.all(joiners.map((joiner) => consumeInvite(storage, invite.codeHash, joiner.id, Date.now())))
      const winners = results.filter((result) => result !== null)
      expect(winners).toHaveLength(1)
      expect(joiners.map((joiner) => joiner.id)).toContain(winners[0]?.usedBy)
    })

    it('accepting adds the membership and its members document in the same transaction', async () => {
      const { workspace, owner } = await givenWorkspace()
      const joiner = await givenUser()
      const invite = anInvite(workspace.id, owner.id, { role: 'admin' })
      await storage.createInvite(invite)
      const before = await storage.currentSeq(workspace.id)

      const accepted = await storage.acceptInvite(invite.codeHash, joiner.id, 5_000, (membership) => memberDoc(joiner, membership.role, membership.joinedAt))
      expect(accepted?.membership).toEqual({ workspaceId: workspace.id, userId: joiner.id, role: 'admin', joinedAt: 5_000 })
      expect(await storage.getMembership(workspace.id, joiner.id)).toEqual(accepted?.membership)
      const page = await storage.pull(workspace.id, 'members', null, 10)
      const written = page.documents.filter((doc) => doc.seq > before)
      expect(written.map((doc) => [doc.id, JSON.parse(doc.json).role])).toEqual([[joiner.id, 'admin']])
    })

    it('accepting as an existing member keeps their role and writes no members document', async () => {
      const { workspace, owner } = await givenWorkspace()
      const invite = anInvite(workspace.id, owner.id, { role: 'member' })
      await storage.createInvite(invite)
      const before = await storage.currentSeq(workspace.id)
      const accepted = await storage.acceptInvite(invite.codeHash, owner.id, Date.now(), () => {
        throw new Error('no member document for an existing member')
      })
      expect(accepted?.membership.role).toBe('owner')
      expect(await storage.currentSeq(workspace.id)).toBe(before)
    })
  })

  describe('pull', () => {
    it('orders by sequence (not id), honours the limit and starts after the checkpoint', async () => {
      const { workspace } = await givenWorkspace()
      const ids = Array.from({ length: 5 }, () => newId()).reverse() // pushed in descending id order
      const stored = await pushAll(storage, workspace.id, 'contacts', ids.map((id) => aContact(id)))

      const first = await storage.pull(workspace.id, 'contacts', null, 2)
      expect(first.documents.map((doc) => doc.id)).toEqual(ids.slice(0, 2))
      expect(first.checkpoint).toEqual({ seq: stored[1]?.seq, id: ids[1] })

      const rest = await storage.pull(workspace.id, 'contacts', first.checkpoint, 100)
      expect(rest.documents.map((doc) => doc.id)).toEqual(ids.slice(2))
      expect(rest.documents.map((doc) => doc.seq)).toEqual(stored.slice(2).map((doc) => doc.seq))
    })

    it('an empty page returns the checkpoint it was given', async () => {
      const { workspace } = await givenWorkspace()
      expect(await storage.pull(workspace.id, 'contacts', null, 10)).toEqual({ documents: [], checkpoint: null })
      const [only] = await pushAll(storage, workspace.id, 'contacts', [aContact()])
      const end: ReplicationCheckpoint = { seq: only?.seq ?? -1, id: only?.id ?? '' }
      expect(await storage.pull(workspace.id, 'contacts', end, 10)).toEqual({ documents: [], checkpoint: end })
    })

    it('paging through reads every document exactly once, an updated one again at its new place', async () => {
      const { workspace } = await givenWorkspace()
      const docs = Array.from({ length: 95 }, () => aContact())
      for (let start = 0; start < docs.length; start += 10) await pushAll(storage, workspace.id, 'contacts', docs.slice(start, start + 10))

      const pages: string[] = (await pullEverything(storage, workspace.id, 'contacts', 7)).map((doc) => doc.id)
      expect(pages).toEqual(docs.map((doc) => doc.id))

      const edited = docs[3]
      if (edited === undefined) throw new Error('fixture')
      await pushAll(storage, workspace.id, 'contacts', [{ ...edited, name: 'Grace Hopper' }])
      const again = await pullEverything(storage, workspace.id, 'contacts', 7)
      expect(again.map((doc) => doc.id)).toEqual([...docs.filter((doc) => doc !== edited).map((doc) => doc.id), edited.id])
      expect(JSON.parse(again.at(-1)?.json ?? 'null')).toMatchObject({ name: 'Grace Hopper' })
    })
  })

  describe('pushDocuments', () => {
    it('assigns strictly increasing sequences and returns what it stored, verbatim', async () => {
      const { workspace } = await givenWorkspace()
      const docs = [aContact(), aContact(), aContact(undefined, 'Zoë “quoted” \\ ünïcode')]
      const stored = await pushAll(storage, workspace.id, 'contacts', docs)
      expect(stored.map((doc) => doc.id)).toEqual(docs.map((doc) => doc.id))
      expect(stored.map((doc) => doc.seq)).toEqual([2, 3, 4])
      expect(stored.map((doc) => JSON.parse(doc.json))).toEqual(docs)
      const later = await pushAll(storage, workspace.id, 'contacts', [aContact()])
      expect(later[0]?.seq).toBe(5)
      expect(await storage.currentSeq(workspace.id)).toBe(5)
      expect((await storage.pull(workspace.id, 'contacts', null, 10)).documents).toEqual([...stored, ...later])
    })

    it('decide sees the stored masters of the pushed ids, inside the transaction', async () => {
      const { workspace } = await givenWorkspace()
      const existing = aContact()
      await pushAll(storage, workspace.id, 'contacts', [existing])
      const fresh = aContact()
      const decideSaw: { masters?: ReadonlyMap<string, Record<string, unknown>> } = {}
      const stored = await storage.pushDocuments(workspace.id, 'contacts', [existing.id, fresh.id], ({ masters }) => {
        decideSaw.masters = masters
        const master = masters.get(existing.id)
        return [{ id: existing.id, doc: { ...master, name: `${String(master?.name)} (edited)` } }]
      })
      expect([...(decideSaw.masters?.entries() ?? [])]).toEqual([[existing.id, existing]])
      expect(JSON.parse(stored[0]?.json ?? 'null')).toMatchObject({ name: 'Ada Lovelace (edited)' })
    })

    it('writing nothing changes nothing and notifies no one', async () => {
      const { workspace } = await givenWorkspace()
      const recorder = recordNotices(storage, workspace.id)
      const nothing = await storage.pushDocuments(workspace.id, 'contacts', [newId()], () => [])
      expect(nothing).toEqual([])
      expect(await storage.currentSeq(workspace.id)).toBe(1)
      expect((await storage.pull(workspace.id, 'contacts', null, 10)).documents).toEqual([])

      // Notices arrive in commit order, so once this one is here an earlier one would be too.
      const marker = nextNotice(storage, (notice) => notice.workspaceId === workspace.id && notice.collection === 'contacts')
      const [written] = await pushAll(storage, workspace.id, 'contacts', [aContact()])
      await marker
      recorder.stop()
      expect(recorder.notices).toEqual([{ workspaceId: workspace.id, collection: 'contacts', seq: written?.seq }])
    })

    it('an id owned by another workspace rejects the whole push and writes nothing', async () => {
      const { workspace: theirs } = await givenWorkspace()
      const { workspace: ours } = await givenWorkspace()
      const taken = aContact()
      await pushAll(storage, theirs.id, 'contacts', [taken])
      const recorder = recordNotices(storage, ours.id)

      const attempt = pushAll(storage, ours.id, 'contacts', [aContact(), { ...taken, name: 'Mallory' }])
      await expect(attempt).rejects.toBeInstanceOf(ForeignDocumentError)
      await expect(attempt).rejects.toMatchObject({ ids: [taken.id] })
      expect((await storage.pull(ours.id, 'contacts', null, 10)).documents).toEqual([])
      expect(await storage.currentSeq(ours.id)).toBe(1)
      expect(JSON.parse((await storage.pull(theirs.id, 'contacts', null, 10)).documents[0]?.json ?? 'null')).toEqual(taken)

      // Ids are unique per collection: the same id in another collection is fine.
      const marker = nextNotice(storage, (notice) => notice.workspaceId === ours.id && notice.collection === 'companies')
      const [company] = await pushAll(storage, ours.id, 'companies', [{ id: taken.id, name: 'Acme Ltd', updatedAt: 1, _clock: {}, _deleted: false }])
      await marker
      recorder.stop()
      expect(recorder.notices).toEqual([{ workspaceId: ours.id, collection: 'companies', seq: company?.seq }])
    })

    it('refuses writes outside the pushed ids and the read-only members collection', async () => {
      const { workspace } = await givenWorkspace()
      const stray = aContact()
      await expect(storage.pushDocuments(workspace.id, 'contacts', [newId()], () => [{ id: stray.id, doc: stray }])).rejects.toThrow(/not among the pushed ids/)
      await expect(pushAll(storage, workspace.id, 'members', [aContact()])).rejects.toThrow(/membership methods/)
      expect(await storage.currentSeq(workspace.id)).toBe(1)
    })

    it('stores a 1,000-document push and serves it as one 1,000-document page', async () => {
      const { workspace } = await givenWorkspace()
      const docs = Array.from({ length: 1000 }, (_, index) => aContact(newId(), `Contact ${index}`))
      const stored = await pushAll(storage, workspace.id, 'contacts', docs)
      expect(stored).toHaveLength(1000)
      // Half of them again: masters for 1,000 ids are read in one go too.
      const again = await storage.pushDocuments(workspace.id, 'contacts', docs.map((doc) => doc.id), ({ masters }) => {
        expect(masters.size).toBe(1000)
        return docs.slice(0, 500).map((doc) => ({ id: doc.id, doc: { ...doc, name: `${String(doc.name)}!` } }))
      })
      expect(again.at(-1)?.seq).toBe(1 + 1500)
      const page = await storage.pull(workspace.id, 'contacts', null, 1000)
      expect(page.documents).toHaveLength(1000)
      expect(page.documents.map((doc) => doc.id)).toEqual([...docs.slice(500), ...docs.slice(0, 500)].map((doc) => doc.id))
    })
  })

  describe('concurrency', () => {
    it('25 concurrent pushes get unique sequences, and a pull returns them in commit order without gaps', async () => {
      const { workspace } = await givenWorkspace()
      const batches = Array.from({ length: 25 }, () => [aContact(), aContact()])
      const results = await Promise.all(batches.map((batch) => pushAll(storage, workspace.id, 'contacts', batch)))

      const seqs = results.flat().map((doc) => doc.seq)
      expect(new Set(seqs).size).toBe(50)
      for (const result of results) expect(result[1]?.seq).toBe((result[0]?.seq ?? 0) + 1)
      const pulled = await pullEverything(storage, workspace.id, 'contacts', 1000)
      expect(pulled.map((doc) => doc.seq)).toEqual([...seqs].sort((a, b) => a - b))
      // Sequences 1 (the owner's member document) to 51 are all used: nothing can be slotted in later.
      expect(pulled.map((doc) => doc.seq)).toEqual(Array.from({ length: 50 }, (_, index) => index + 2))
      expect(await storage.currentSeq(workspace.id)).toBe(51)
    })

    it('a puller running alongside pushers never skips a document', async () => {
      const { workspace } = await givenWorkspace()
      // Uneven batches make transactions of uneven length, so commits would overtake each other.
      const batches = Array.from({ length: 30 }, (_, index) => Array.from({ length: 1 + ((index * 7) % 23) }, () => aContact()))
      let pushing = true
      const pushes = Promise.all(batches.map((batch) => pushAll(storage, workspace.id, 'contacts', batch))).finally(() => {
        pushing = false
      })

      const seen: string[] = []
      let checkpoint: ReplicationCheckpoint | null = null
      const pullPage = async (): Promise<number> => {
        const page = await storage.pull(workspace.id, 'contacts', checkpoint, 5)
        seen.push(...page.documents.map((doc) => doc.id))
        checkpoint = page.checkpoint
        return page.documents.length
      }
      let pagesWhilePushing = 0
      while (pushing) {
        await pullPage()
        pagesWhilePushing += 1
      }
      await pushes
      while ((await pullPage()) > 0);

      expect(pagesWhilePushing).toBeGreaterThan(0)
      expect(seen).toHaveLength(batches.flat().length)
      expect([...seen].sort()).toEqual(batches.flat().map((doc) => doc.id).sort())
    })

    if (backend.kind === 'postgres') it('a push that commits late never lands behind a pull’s checkpoint', async () => {
      // Deterministic version of the race above: stall one push mid-transaction (another
      // connection holds the row it must update), push again, pull, then let the first commit.
      const { workspace } = await givenWorkspace()
      const stalled = aContact()
      await pushAll(storage, workspace.id, 'contacts', [stalled])
      const blocker = new pg.Client({ connectionString: mainUrl })
      const monitor = new pg.Client({ connectionString: mainUrl })
      await Promise.all([blocker.connect(), monitor.connect()])
      const lockWaiters = async (): Promise<number> => {
        const result = await monitor.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        )
        return result.rows[0]?.waiting ?? 0
      }
      try {
        await blocker.query('BEGIN')
        await blocker.query(`SELECT 1 FROM documents WHERE collection = 'contacts' AND id = $1 FOR UPDATE`, [stalled.id])
        const start = await storage.pull(workspace.id, 'contacts', null, 100)

        const first = pushAll(storage, workspace.id, 'contacts', [{ ...stalled, name: 'First' }])
        await waitUntil(async () => (await lockWaiters()) >= 1)
        const secondDoc = aContact()
        let secondSettled = false
        const second = pushAll(storage, workspace.id, 'contacts', [secondDoc]).finally(() => {
          secondSettled = true
        })
        // Correct storage: the second push queues behind the first. Broken: it commits now.
        await waitUntil(async () => secondSettled || (await lockWaiters()) >= 2)
        const during = await storage.pull(workspace.id, 'contacts', start.checkpoint, 100)

        await blocker.query('COMMIT')
        await Promise.all([first, second])
        const after = await storage.pull(workspace.id, 'contacts', during.checkpoint, 100)
        const seen = [...during.documents, ...after.documents].map((doc) => doc.id)
        expect(seen.sort()).toEqual([stalled.id, secondDoc.id].sort())
      } finally {
        await blocker.end()
        await monitor.end()
      }
    })

    it('two workspaces racing to create one id: exactly one gets it', async () => {
      const { workspace: a } = await givenWorkspace()
      const { workspace: b } = await givenWorkspace()
      for (let round = 0; round < 10; round += 1) {
        const contested = aContact()
        const outcomes = await Promise.allSettled([a, b].map((workspace) => pushAll(storage, workspace.id, 'contacts', [contested])))
        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1)
        const rejected = outcomes.find((outcome) => outcome.status === 'rejected')
        expect(rejected?.reason).toBeInstanceOf(ForeignDocumentError)
        expect(rejected?.reason).toMatchObject({ ids: [contested.id] })
      }
      const owned = [...(await pullEverything(storage, a.id, 'contacts')), ...(await pullEverything(storage, b.id, 'contacts'))]
      expect(owned).toHaveLength(10)
    })

    it('keeps workspaces apart: documents, sequences and pulls', async () => {
      const { workspace: a } = await givenWorkspace()
      const { workspace: b } = await givenWorkspace()
      const [inA, inB] = await Promise.all([
        pushAll(storage, a.id, 'contacts', [aContact(), aContact(), aContact()]),
        pushAll(storage, b.id, 'contacts', [aContact()]),
      ])
      expect((await pullEverything(storage, a.id, 'contacts')).map((doc) => doc.id)).toEqual(inA.map((doc) => doc.id))
      expect((await pullEverything(storage, b.id, 'contacts')).map((doc) => doc.id)).toEqual(inB.map((doc) => doc.id))
      expect(await storage.currentSeq(a.id)).toBe(4)
      expect(await storage.currentSeq(b.id)).toBe(2)
      expect(await storage.currentSeq(newId())).toBe(0)
    })
  })

  describe('change notices', () => {
    it('fire after commit with the workspace, collection and highest sequence written', async () => {
      const { workspace } = await givenWorkspace()
      // A second connection sees only committed data.
      const observer = await open(mainUrl)
      const docs = [aContact(), aContact()]
      const listenerSaw: { ids?: Promise<string[]> } = {}
      const notice = new Promise<ChangeNotice>((resolve) => {
        const unsubscribe = storage.onChange((received) => {
          if (received.workspaceId !== workspace.id || received.collection !== 'contacts') return
          unsubscribe()
          listenerSaw.ids = observer.pull(workspace.id, 'contacts', null, 10).then((page) => page.documents.map((doc) => doc.id))
          resolve(received)
        })
      })
      const stored = await pushAll(storage, workspace.id, 'contacts', docs)
      expect(await notice).toEqual({ workspaceId: workspace.id, collection: 'contacts', seq: stored[1]?.seq })
      expect(await listenerSaw.ids).toEqual(docs.map((doc) => doc.id))
    })

    it('membership changes notify the members collection', async () => {
      const owner = await givenUser()
      const workspaceId = newId()
      const created = nextNotice(storage, (notice) => notice.workspaceId === workspaceId)
      const { workspace } = await givenWorkspace(owner, workspaceId)
      expect(await created).toEqual({ workspaceId: workspace.id, collection: 'members', seq: 1 })

      const member = await givenUser()
      const saved = nextNotice(storage, (notice) => notice.workspaceId === workspace.id)
      await storage.saveMembership({ workspaceId: workspace.id, userId: member.id, role: 'member', joinedAt: 1 }, memberDoc(member, 'member', 1))
      expect(await saved).toEqual({ workspaceId: workspace.id, collection: 'members', seq: 2 })

      const removed = nextNotice(storage, (notice) => notice.workspaceId === workspace.id)
      await storage.removeMembership(workspace.id, member.id, memberDoc(member, 'member', 1, true))
      expect(await removed).toEqual({ workspaceId: workspace.id, collection: 'members', seq: 3 })
    })

    it('an unsubscribed listener hears nothing more, and a throwing one does not stop the others', async () => {
      const { workspace } = await givenWorkspace()
      const errors: unknown[] = []
      const instance = await backend.openUnmigrated(mainUrl, { onError: (error) => errors.push(error) })
      opened.push(instance)
      const dropped: ChangeNotice[] = []
      const unsubscribe = instance.onChange((notice) => dropped.push(notice))
      unsubscribe()
      instance.onChange((notice) => {
        if (notice.workspaceId === workspace.id && notice.collection === 'contacts') throw new Error('listener bug')
      })
      // One instance dispatches each notice to all its listeners at once.
      const heard = nextNotice(instance, (notice) => notice.workspaceId === workspace.id && notice.collection === 'contacts')
      await pushAll(instance, workspace.id, 'contacts', [aContact()])
      await heard
      expect(dropped).toEqual([])
      expect(errors).toEqual([expect.objectContaining({ message: 'listener bug' })])
    })

    if (backend.kind === 'postgres') it('reach another instance on the same database within a second', async () => {
      const { workspace } = await givenWorkspace()
      const other = await open(mainUrl.replace(/^postgres:/, 'postgresql:'))
      const heard = nextNotice(other, (notice) => notice.workspaceId === workspace.id && notice.collection === 'contacts', 1_000)
      const [stored] = await pushAll(storage, workspace.id, 'contacts', [aContact()])
      expect(await heard).toEqual({ workspaceId: workspace.id, collection: 'contacts', seq: stored?.seq })
    })

    if (backend.kind === 'postgres') it('resume after the notification connection is cut', async () => {
      const url = await backend.freshDatabaseUrl()
      const errors: unknown[] = []
      const instance = await backend.openUnmigrated(url, { onError: (error) => errors.push(error) })
      opened.push(instance)
      await instance.migrate()
      const owner = aUser()
      await instance.createUser(owner)
      const workspace: WorkspaceRecord = { id: newId(), name: 'Cut', createdAt: 1 }
      await instance.createWorkspace(workspace, { workspaceId: workspace.id, userId: owner.id, role: 'owner', joinedAt: 1 }, memberDoc(owner, 'owner', 1))

      const caughtUp = nextNotice(instance, (notice) => notice === ANY_CHANGE, 10_000)
      const admin = new pg.Client({ connectionString: url })
      await admin.connect()
      try {
        const cut = await admin.query<{ terminated: boolean }>(
          `SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
           WHERE application_name = 'outpost-listen' AND datname = current_database()`,
        )
        expect(cut.rows).toEqual([{ terminated: true }])
      } finally {
        await admin.end()
      }

      // Notices committed while it is down are lost by design; keep writing until one arrives.
      const deadline = Date.now() + 10_000
      let received: ChangeNotice | null = null
      while (received === null && Date.now() < deadline) {
        const heard = nextNotice(instance, (notice) => notice.workspaceId === workspace.id && notice.collection === 'contacts', 250).catch(() => null)
        await pushAll(instance, workspace.id, 'contacts', [aContact()])
        received = await heard
      }
      expect(received).toMatchObject({ workspaceId: workspace.id, collection: 'contacts' })
      expect(errors.length).toBeGreaterThan(0)
      // What was missed while disconnected is announced, so streams catch up from their cursors.
      expect(await caughtUp).toBe(ANY_CHANGE)
    })
  })

  describe('migrations', () => {
    it('migrate() again changes nothing', async () => {
      await storage.migrate()
      await storage.migrate()
      expect(await backend.executedMigrations(mainUrl)).toEqual(MIGRATION_NAMES)
      expect(await storage.findUserByEmail('nobody@example.com')).toBeNull()
    })

    it('instances migrating one fresh database at once all succeed, each migration running once', async () => {
      const url = await backend.freshDatabaseUrl()
      const instances = await Promise.all(Array.from({ length: 4 }, () => backend.openUnmigrated(url)))
      opened.push(...instances)
      await Promise.all(instances.map((instance) => instance.migrate()))
      expect(await backend.executedMigrations(url)).toEqual(MIGRATION_NAMES)
      const [first, second] = instances
      const user = aUser()
      await first?.createUser(user)
      expect(await second?.findUserById(user.id)).toEqual(user)
    })
  })
})
