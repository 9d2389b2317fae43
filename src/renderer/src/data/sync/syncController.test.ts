import type { CollectionName, Contact } from '@core/schema'
import { FakeSyncServer } from '../../test/fakeSyncServer'
import { contactFields } from '../../test/fixtures'
import { closeTestData, createTestData, memoryKeyValueStore, memorySessions } from '../../test/renderWithProviders'
import type { OutpostData } from '../dataContext'
import { insertSyncedDoc } from '../syncedWrites'
import { pendingChanges } from './pendingChanges'

const SERVER = 'http://127.0.0.1:3100'
// Tests here open two devices in one process: RxDB's free tier opens at most 13 collections per process.
const TWO_DEVICE_COLLECTIONS: CollectionName[] = ['contacts', 'companies', 'members']
const opened: OutpostData[] = []

async function setup(options: { server?: FakeSyncServer; storage?: ReturnType<typeof memoryKeyValueStore>; databaseName?: string } = {}) {
  const server = options.server ?? new FakeSyncServer()
  const sessions = memorySessions()
  const storage = options.storage ?? memoryKeyValueStore()
  const reload = vi.fn()
  const data = await createTestData({ fetch: server.fetch, sessions, storage, reload, databaseName: options.databaseName, collections: TWO_DEVICE_COLLECTIONS })
  opened.push(data)
  return { server, sessions, storage, reload, data, sync: data.sync }
}

afterEach(async () => {
  for (const data of opened.splice(0)) await closeTestData(data)
  pendingChanges.setTracking(false)
})

describe('SyncController', () => {
  it('signs up on a fresh device, adopts the local database and pushes what was made before', async () => {
    const { server, sessions, storage, reload, data, sync } = await setup()
    const before = await insertSyncedDoc<Contact>(data.db.contacts, contactFields({ email: 'made-offline@example.com' }))

    const result = await sync.signUp({ serverUrl: `${SERVER}/`, name: 'Ada', email: 'ada@example.com', password: 'correct horse', workspaceName: 'Engines' })
    expect(result).toEqual({ ok: true, value: undefined })
    expect(reload).not.toHaveBeenCalled()
    const workspaceId = sessions.current?.workspaceId ?? ''
    expect(storage.getItem('outpost.localDatabaseOwner')).toBe(workspaceId)

    await sync.currentEngine?.awaitInSync()
    await vi.waitFor(() => expect(server.document(workspaceId, 'contacts', before.id)).toMatchObject({ email: 'made-offline@example.com' }))
    // The account reaches the UI; the token never does.
    const snapshot = sync.getSnapshot()
    expect(snapshot.account).toMatchObject({ serverUrl: SERVER, user: { email: 'ada@example.com', name: 'Ada' }, workspaceId })
    expect(JSON.stringify(snapshot)).not.toContain(sessions.current?.token)
  })

  it('shows the server’s message for a refused sign-in and a clear one for an unreachable server', async () => {
    const { server, sync, sessions } = await setup()
    server.seedAccount('ada@example.com', 'correct horse', 'Ada', 'Engines')
    expect(await sync.logIn({ serverUrl: SERVER, email: 'ada@example.com', password: 'wrong' })).toEqual({ ok: false, error: 'Wrong email or password.' })
    expect(await sync.signUp({ serverUrl: SERVER, name: '', email: 'ada@example.com', password: 'another one', workspaceName: 'X' })).toEqual({
      ok: false,
      error: 'An account with this email already exists.',
    })
    server.unreachable = true
    const down = await sync.logIn({ serverUrl: SERVER, email: 'ada@example.com', password: 'correct horse' })
    expect(down.ok).toBe(false)
    if (!down.ok) expect(down.error).toMatch(/^Cannot reach the sync server at http:\/\/127\.0\.0\.1:3100/)
    expect(sessions.current).toBeNull()
  })

  it('logs into the workspace whose database is open, and reloads onto another one when switching', async () => {
    const server = new FakeSyncServer()
    const { userId, workspaceId: first } = server.seedAccount('ada@example.com', 'correct horse', 'Ada', 'Engines')
    const second = server.createWorkspace('Looms', userId)
    const storage = memoryKeyValueStore({ 'outpost.localDatabaseOwner': second })
    const { sync, sessions, reload } = await setup({ server, storage })

    expect((await sync.logIn({ serverUrl: SERVER, email: 'ada@example.com', password: 'correct horse' })).ok).toBe(true)
    expect(sessions.current?.workspaceId).toBe(second)
    expect(reload).not.toHaveBeenCalled()

    expect((await sync.switchWorkspace(first)).ok).toBe(true)
    expect(sessions.current?.workspaceId).toBe(first)
    expect(reload).toHaveBeenCalledTimes(1)
    expect(sync.currentEngine).toBeNull()
  })

  it('creates an invite that a teammate joins with, which opens the workspace in its own database', async () => {
    const server = new FakeSyncServer()
    const owner = server.seedAccount('ada@example.com', 'correct horse', 'Ada', 'Engines')
    server.seedAccount('grace@example.com', 'navy cobol', 'Grace', 'Grace’s own')
    const ownerSide = await setup({ server })
    await ownerSide.sync.logIn({ serverUrl: SERVER, email: 'ada@example.com', password: 'correct horse' })
    const invite = await ownerSide.sync.createInvite('admin')
    expect(invite.ok).toBe(true)
    if (!invite.ok) return

    const teammate = await setup({ server })
    await teammate.sync.logIn({ serverUrl: SERVER, email: 'grace@example.com', password: 'navy cobol' })
    expect(teammate.reload).not.toHaveBeenCalled()
    expect((await teammate.sync.joinWorkspace(`  ${invite.value.code} `)).ok).toBe(true)
    expect(teammate.sessions.current?.workspaceId).toBe(owner.workspaceId)
    expect(teammate.sessions.current?.workspaces.find((workspace) => workspace.id === owner.workspaceId)?.role).toBe('admin')
    expect(teammate.reload).toHaveBeenCalledTimes(1)

    expect(await teammate.sync.joinWorkspace(invite.value.code)).toEqual({ ok: false, error: 'This invite code is unknown, used or expired.' })
  })

  it('resumes a stored session at start and picks up workspaces joined on another device', async () => {
    const server = new FakeSyncServer()
    const { token, userId, workspaceId } = server.seedAccount('ada@example.com', 'correct horse', 'Ada', 'Engines')
    const sessions = memorySessions({
      serverUrl: SERVER,
      token,
      user: { id: userId, email: 'ada@example.com', name: 'Ada' },
      workspaceId,
      workspaces: [{ id: workspaceId, name: 'Engines', role: 'owner' }],
    })
    const looms = server.createWorkspace('Looms', userId)
    const storage = memoryKeyValueStore({ 'outpost.localDatabaseOwner': workspaceId })
    const data = await createTestData({ fetch: server.fetch, sessions, storage, collections: TWO_DEVICE_COLLECTIONS })
    opened.push(data)
    data.sync.start()
    await vi.waitFor(() => expect(data.sync.getSnapshot().engine?.connection).toBe('online'))
    await vi.waitFor(() => expect(sessions.current?.workspaces.map((workspace) => workspace.id)).toEqual([workspaceId, looms]))
    expect(data.sync.getSnapshot().account?.workspaces).toHaveLength(2)
  })

  it('does not replicate a session into a database that belongs to another workspace', async () => {
    const server = new FakeSyncServer()
    const { token, userId, workspaceId } = server.seedAccount('ada@example.com', 'correct horse', 'Ada', 'Engines')
    const sessions = memorySessions({ serverUrl: SERVER, token, user: { id: userId, email: 'ada@example.com', name: 'Ada' }, workspaceId, workspaces: [] })
    const storage = memoryKeyValueStore({ 'outpost.localDatabaseOwner': 'SOMEONE-ELSE' })
    const data = await createTestData({ fetch: server.fetch, sessions, storage, databaseName: 'outpost', collections: TWO_DEVICE_COLLECTIONS })
    opened.push(data)
    data.sync.start()
    expect(data.sync.currentEngine).toBeNull()
    expect(server.attempts).toBe(0)
  })

  it('signs out when the server refuses the token, keeping local data, and says so', async () => {
    const { server, sync, sessions, data } = await setup()
    await sync.signUp({ serverUrl: SERVER, name: 'Ada', email: 'ada@example.com', password: 'correct horse', workspaceName: 'Engines' })
    await sync.currentEngine?.awaitInSync()
    const kept = await insertSyncedDoc<Contact>(data.db.contacts, contactFields({ email: 'kept@example.com' }))

    server.tokens.clear()
    sync.syncNow()
    await vi.waitFor(() => expect(sync.getSnapshot()).toMatchObject({ account: null, signedOutReason: 'expired', engine: null }))
    expect(sessions.current).toBeNull()
    expect(await data.db.contacts.findOne(kept.id).exec()).not.toBeNull()
  })

  it('logs out on the server and here, and stops syncing; local data stays', async () => {
    const { server, sync, sessions, data } = await setup()
    await sync.signUp({ serverUrl: SERVER, name: 'Ada', email: 'ada@example.com', password: 'correct horse', workspaceName: 'Engines' })
    await sync.currentEngine?.awaitInSync()
    await sync.logOut()
    expect(sessions.current).toBeNull()
    expect(sync.getSnapshot()).toMatchObject({ account: null, signedOutReason: null, engine: null, lastServerUrl: SERVER })
    await vi.waitFor(() => expect(server.requests).toContain('POST /api/auth/logout'))

    const requests = server.requests.length
    const local = await insertSyncedDoc<Contact>(data.db.contacts, contactFields({ email: 'after@example.com' }))
    await data.db.requestIdlePromise()
    expect(server.requests.length).toBe(requests)
    expect(await data.db.contacts.findOne(local.id).exec()).not.toBeNull()
  })

  it('leaves a workspace for another one, and refuses to let the owner leave', async () => {
    const server = new FakeSyncServer()
    const owner = server.seedAccount('ada@example.com', 'correct horse', 'Ada', 'Engines')
    const member = server.seedAccount('grace@example.com', 'navy cobol', 'Grace', 'Own')
    server.addMember(owner.workspaceId, member.userId, 'member')
    const storage = memoryKeyValueStore({ 'outpost.localDatabaseOwner': owner.workspaceId })
    const { sync, sessions, reload } = await setup({ server, storage })
    await sync.logIn({ serverUrl: SERVER, email: 'grace@example.com', password: 'navy cobol' })
    expect(sessions.current?.workspaceId).toBe(owner.workspaceId)

    expect((await sync.leaveWorkspace()).ok).toBe(true)
    expect(server.workspaces.get(owner.workspaceId)?.members.has(member.userId)).toBe(false)
    expect(sessions.current?.workspaceId).toBe(member.workspaceId)
    expect(reload).toHaveBeenCalledTimes(1)

    const ownerSide = await setup({ server })
    await ownerSide.sync.logIn({ serverUrl: SERVER, email: 'ada@example.com', password: 'correct horse' })
    expect(await ownerSide.sync.leaveWorkspace()).toEqual({ ok: false, error: 'The owner cannot leave.' })
  })

  it('changes roles and removes members as an admin, answering what the server did', async () => {
    const server = new FakeSyncServer()
    const owner = server.seedAccount('ada@example.com', 'correct horse', 'Ada', 'Engines')
    const admin = server.seedAccount('alan@example.com', 'enigma machine', 'Alan', 'Bletchley')
    const member = server.seedAccount('grace@example.com', 'navy cobol', 'Grace', 'Navy')
    server.addMember(owner.workspaceId, admin.userId, 'admin')
    server.addMember(owner.workspaceId, member.userId, 'member')
    const { sync } = await setup({ server, storage: memoryKeyValueStore({ 'outpost.localDatabaseOwner': owner.workspaceId }) })
    await sync.logIn({ serverUrl: SERVER, email: 'alan@example.com', password: 'enigma machine' })

    expect(await sync.changeMemberRole(member.userId, 'admin')).toEqual({
      ok: true,
      value: { userId: member.userId, email: 'grace@example.com', name: 'Grace', role: 'admin', joinedAt: expect.any(Number) },
    })
    expect(server.workspaces.get(owner.workspaceId)?.members.get(member.userId)?.role).toBe('admin')
    expect(await sync.changeMemberRole(owner.userId, 'member')).toEqual({ ok: false, error: "The owner's role cannot change." })
    expect(server.requests).toContain(`PATCH /api/workspace/members/${owner.userId}`)

    expect(await sync.removeMember(member.userId)).toEqual({ ok: true, value: undefined })
    expect(server.workspaces.get(owner.workspaceId)?.members.has(member.userId)).toBe(false)
    expect(server.document(owner.workspaceId, 'members', member.userId)).toMatchObject({ _deleted: true })
    expect(await sync.removeMember(owner.userId)).toEqual({ ok: false, error: 'The owner cannot leave.' })
    // The admin is still signed into the same workspace.
    expect(sync.getSnapshot().account?.workspaceId).toBe(owner.workspaceId)
  })

  it('deletes the workspace as its owner and opens the next one, with a notice that survives the reload', async () => {
    const server = new FakeSyncServer()
    const owner = server.seedAccount('ada@example.com', 'correct horse', 'Ada', 'Engines')
    const looms = server.createWorkspace('Looms', owner.userId)
    const { sync, sessions, storage, reload, data } = await setup({ server, storage: memoryKeyValueStore({ 'outpost.localDatabaseOwner': owner.workspaceId }) })
    await sync.logIn({ serverUrl: SERVER, email: 'ada@example.com', password: 'correct horse' })

    expect(await sync.deleteWorkspace()).toEqual({ ok: true, value: undefined })
    expect(server.workspaces.has(owner.workspaceId)).toBe(false)
    expect(server.requests).toContain('DELETE /api/workspace')
    expect(sessions.current?.workspaceId).toBe(looms)
    expect(sessions.current?.workspaces.map((workspace) => workspace.name)).toEqual(['Looms'])
    expect(reload).toHaveBeenCalledTimes(1)

    // The reopened window shows the notice, once.
    opened.splice(opened.indexOf(data), 1)
    await closeTestData(data)
    const reopened = await createTestData({ fetch: server.fetch, sessions, storage, collections: TWO_DEVICE_COLLECTIONS })
    expect(reopened.sync.getSnapshot().notice).toBe('Deleted “Engines” for everyone. Opened “Looms”.')
    reopened.sync.dismissNotice()
    expect(reopened.sync.getSnapshot().notice).toBeNull()
    await closeTestData(reopened)
    const again = await createTestData({ fetch: server.fetch, sessions, storage, collections: TWO_DEVICE_COLLECTIONS })
    opened.push(again)
    expect(again.sync.getSnapshot().notice).toBeNull()
  })

  it('refuses to delete the workspace for an admin, and signs the owner out when it was their only one', async () => {
    const server = new FakeSyncServer()
    const owner = server.seedAccount('ada@example.com', 'correct horse', 'Ada', 'Engines')
    const admin = server.seedAccount('alan@example.com', 'enigma machine', 'Alan', 'Bletchley')
    server.addMember(owner.workspaceId, admin.userId, 'admin')
    const storage = memoryKeyValueStore({ 'outpost.localDatabaseOwner': owner.workspaceId })
    const adminSide = await setup({ server, storage })
    await adminSide.sync.logIn({ serverUrl: SERVER, email: 'alan@example.com', password: 'enigma machine' })
    expect(await adminSide.sync.deleteWorkspace()).toEqual({ ok: false, error: 'Only the owner can delete the workspace.' })
    expect(server.workspaces.has(owner.workspaceId)).toBe(true)

    const ownerSide = await setup({ server, storage: memoryKeyValueStore({ 'outpost.localDatabaseOwner': owner.workspaceId }) })
    await ownerSide.sync.logIn({ serverUrl: SERVER, email: 'ada@example.com', password: 'correct horse' })
    expect(await ownerSide.sync.deleteWorkspace()).toEqual({ ok: true, value: undefined })
    expect(ownerSide.sessions.current).toBeNull()
    expect(ownerSide.reload).not.toHaveBeenCalled()
    expect(ownerSide.sync.getSnapshot()).toMatchObject({
      account: null,
      notice: 'Deleted “Engines” for everyone. You belong to no other workspace, so you are signed out; what is on this device stays here.',
    })
  })
})
