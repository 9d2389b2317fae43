import type { Result } from '@core/result'
import type { SessionState, SyncSession } from '../../../../shared/ipc-contract'
import type { OutpostDatabase } from '../collections'
import type { NetworkSignals } from './network'
import { pendingChanges as appPendingChanges, type PendingChanges } from './pendingChanges'
import { createSyncApi, type InviteAnswer, type SyncApi, type SyncMember, type SyncWorkspace } from './syncApi'
import { SyncEngine, type SyncEngineOptions, type SyncEngineSnapshot } from './syncEngine'
import { requestJson, validateServerUrl, type FetchLike, type SyncCredentials, type SyncFailure, type SyncRequest } from './syncHttp'
import { bindWorkspaceDatabase, databaseNameForWorkspace, isLocalDatabaseUnclaimed, type KeyValueStore } from './workspaceDatabases'

/** Where the session lives (the platform: Electron main with safeStorage, or the browser tab). */
export interface SessionPort {
  getSession(): Promise<SessionState>
  setSession(session: SyncSession): Promise<{ persisted: boolean }>
  clearSession(): Promise<void>
}

/** The signed-in account as the UI may see it: everything but the token. */
export interface SyncAccount {
  serverUrl: string
  user: SyncSession['user']
  workspaceId: string
  workspaces: SyncSession['workspaces']
  /** Whether the session survives a restart (false: no OS keyring, or a browser tab). */
  persisted: boolean
}

export interface SyncControllerSnapshot {
  account: SyncAccount | null
  /** The server ended the session (401): the user must sign in again. */
  signedOutReason: 'expired' | null
  /** Replication state; null while not replicating (signed out, or switching workspace). */
  engine: SyncEngineSnapshot | null
  /** Prefills the sign-in form. */
  lastServerUrl: string
  /** No workspace has adopted this device's local-only data yet: the first sign-in takes it along. */
  localDataUnclaimed: boolean
  /** What happened to the workspace that was open (left or deleted), until dismissed. */
  notice: string | null
}

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:3100'
const SERVER_URL_KEY = 'outpost.syncServerUrl'
/** A notice written just before a reload, shown once by the reopened window. */
const NOTICE_KEY = 'outpost.syncNotice'

export interface SyncControllerOptions {
  database: OutpostDatabase
  /** The name the open database was created with (see workspaceDatabases). */
  databaseName: string
  sessions: SessionPort
  initialSession: SessionState
  fetch: FetchLike
  storage: KeyValueStore
  /** Reopens the app on another workspace's database (the window reloads). */
  reload: () => void
  clock?: { receive(stamp: string): void }
  pending?: PendingChanges
  network?: NetworkSignals
  /** Extra engine settings (tests: short retry times). */
  engine?: Partial<Omit<SyncEngineOptions, 'database' | 'fetch' | 'credentials'>>
}

export interface SignUpInput {
  serverUrl: string
  name: string
  email: string
  password: string
  workspaceName: string
}

export interface LogInInput {
  serverUrl: string
  email: string
  password: string
}

/**
 * Owns the sync session and the replication engine of the open database: sign up, log in,
 * log out, workspace switching (each workspace has its own local database), invites. The token
 * stays inside this object and the platform's session store; snapshots never carry it.
 */
export class SyncController {
  private readonly api: SyncApi
  private readonly listeners = new Set<() => void>()
  private session: SyncSession | null
  private persisted: boolean
  private engine: SyncEngine | null = null
  private unsubscribeEngine: (() => void) | null = null
  private notice: string | null
  private snapshot: SyncControllerSnapshot

  constructor(private readonly options: SyncControllerOptions) {
    this.api = createSyncApi(options.fetch)
    this.session = options.initialSession.session
    this.persisted = options.initialSession.persisted
    this.notice = options.storage.getItem(NOTICE_KEY) || null
    if (this.notice) options.storage.setItem(NOTICE_KEY, '')
    this.snapshot = this.buildSnapshot(null)
  }

  getSnapshot = (): SyncControllerSnapshot => this.snapshot

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Starts replicating when the stored session belongs to the open database, and refreshes the workspace list. */
  start(): void {
    const session = this.session
    if (!session) return
    if (databaseNameForWorkspace(session.workspaceId, this.options.storage) !== this.options.databaseName) return
    this.startEngine({ refreshAccountWhenOnline: true })
  }

  async signUp(input: SignUpInput): Promise<Result<void>> {
    const serverUrl = validateServerUrl(input.serverUrl)
    if (!serverUrl.ok) return serverUrl
    const answer = await this.api.signUp(serverUrl.value, {
      email: input.email.trim(),
      password: input.password,
      name: input.name.trim(),
      workspaceName: input.workspaceName.trim(),
    })
    if (!answer.ok) return { ok: false, error: describeFailure(answer.error) }
    const { token, user, workspaces, workspaceId } = answer.value
    return this.establish({ serverUrl: serverUrl.value, token, user, workspaceId, workspaces: ensureListed(workspaces, workspaceId, input.workspaceName) })
  }

  async logIn(input: LogInInput): Promise<Result<void>> {
    const serverUrl = validateServerUrl(input.serverUrl)
    if (!serverUrl.ok) return serverUrl
    const answer = await this.api.logIn(serverUrl.value, { email: input.email.trim(), password: input.password })
    if (!answer.ok) return { ok: false, error: describeFailure(answer.error) }
    const { token, user, workspaces } = answer.value
    const workspaceId = this.chooseWorkspace(workspaces)
    if (!workspaceId) {
      // Without a workspace there is nothing to sync; do not keep a token we cannot use.
      void this.api.logOut({ serverUrl: serverUrl.value, token })
      return { ok: false, error: 'This account belongs to no workspace. Sign up with a new workspace, or ask a teammate for an invite.' }
    }
    return this.establish({ serverUrl: serverUrl.value, token, user, workspaceId, workspaces })
  }

  /** Ends the session here and on the server; local data stays and keeps working offline. */
  logOut(): Promise<void> {
    return this.endSession(null)
  }

  private async endSession(notice: string | null): Promise<void> {
    const session = this.session
    await this.stopEngine()
    this.session = null
    this.notice = notice
    await this.options.sessions.clearSession().catch(() => undefined)
    this.publish(null)
    // Best effort: an unreachable server must not keep the user signed in here.
    if (session) void this.api.logOut(this.credentialsOf(session))
  }

  /** Opens another workspace: stores the choice and reloads onto that workspace's database. */
  async switchWorkspace(workspaceId: string): Promise<Result<void>> {
    const session = this.session
    if (!session || !session.workspaces.some((workspace) => workspace.id === workspaceId)) return { ok: false, error: 'Unknown workspace.' }
    if (workspaceId === session.workspaceId) return { ok: true, value: undefined }
    return this.establish({ ...session, workspaceId })
  }

  async createWorkspace(name: string): Promise<Result<void>> {
    const session = this.session
    if (!session) return notSignedIn()
    const answer = await this.api.createWorkspace({ serverUrl: session.serverUrl, token: session.token }, name.trim())
    if (!answer.ok) return this.failure(answer.error)
    const { workspace } = answer.value
    return this.establish({ ...session, workspaceId: workspace.id, workspaces: upsertWorkspace(session.workspaces, workspace) })
  }

  async createInvite(role: 'admin' | 'member'): Promise<Result<InviteAnswer>> {
    const session = this.session
    if (!session) return notSignedIn()
    const answer = await this.api.createInvite(this.credentialsOf(session), role)
    return answer.ok ? answer : this.failure(answer.error)
  }

  /** Joins the workspace an invite code is for, then opens it. */
  async joinWorkspace(code: string): Promise<Result<void>> {
    const session = this.session
    if (!session) return notSignedIn()
    const answer = await this.api.acceptInvite({ serverUrl: session.serverUrl, token: session.token }, code.trim())
    if (!answer.ok) return this.failure(answer.error)
    const { workspace } = answer.value
    return this.establish({ ...session, workspaceId: workspace.id, workspaces: upsertWorkspace(session.workspaces, workspace) })
  }

  /** Leaves the current workspace; opens another one, or stays signed out with the local data. */
  async leaveWorkspace(): Promise<Result<void>> {
    const session = this.session
    if (!session) return notSignedIn()
    const answer = await this.api.removeMember(this.credentialsOf(session), session.user.id)
    if (!answer.ok) return this.failure(answer.error)
    return this.departWorkspace(session, `Left ${namedWorkspace(session)}.`)
  }

  /** Owner only: deletes the current workspace on the server for everyone, then departs from it as leaving does. */
  async deleteWorkspace(): Promise<Result<void>> {
    const session = this.session
    if (!session) return notSignedIn()
    const answer = await this.api.deleteWorkspace(this.credentialsOf(session))
    if (!answer.ok) return this.failure(answer.error)
    return this.departWorkspace(session, `Deleted ${namedWorkspace(session)} for everyone.`)
  }

  /** Owner/admin: makes another member an admin or a member; answers the member as the server now has it. */
  async changeMemberRole(userId: string, role: 'admin' | 'member'): Promise<Result<SyncMember>> {
    const session = this.session
    if (!session) return notSignedIn()
    const answer = await this.api.changeMemberRole(this.credentialsOf(session), userId, role)
    return answer.ok ? { ok: true, value: answer.value.member } : this.failure(answer.error)
  }

  /** Owner/admin: removes another member from the current workspace (leaving is leaveWorkspace). */
  async removeMember(userId: string): Promise<Result<void>> {
    const session = this.session
    if (!session) return notSignedIn()
    const answer = await this.api.removeMember(this.credentialsOf(session), userId)
    return answer.ok ? { ok: true, value: undefined } : this.failure(answer.error)
  }

  /**
   * One request as the signed-in user in the open workspace, for server features beyond
   * replication (sending settings, outbox). The token stays here; a 401 signs out as sync does.
   */
  async requestWorkspace<T>(request: SyncRequest): Promise<Result<T, SyncFailure>> {
    const session = this.session
    if (!session) return { ok: false, error: { kind: 'http', status: 401, code: 'signed_out', message: 'Sign in to a sync server first (Settings → Sync).' } }
    const answer = await requestJson<T>(this.options.fetch, this.credentialsOf(session), request)
    if (!answer.ok && answer.error.kind === 'http' && answer.error.status === 401 && this.session === session) await this.sessionExpired()
    return answer
  }

  dismissNotice(): void {
    if (this.notice === null) return
    this.notice = null
    this.publish(this.engine?.getSnapshot() ?? null)
  }

  /** "Sync now". */
  syncNow(): void {
    this.engine?.reSync()
  }

  /** "Retry" after an error. */
  retry(): void {
    this.engine?.retryNow()
  }

  /** Stops replication (the app is closing, or a test is done). */
  async dispose(): Promise<void> {
    await this.stopEngine()
    this.listeners.clear()
  }

  /** The engine, for tests that wait for it to be in sync. */
  get currentEngine(): SyncEngine | null {
    return this.engine
  }

  /** The current workspace is gone for this user: open the next one, or sign out when there is none. */
  private async departWorkspace(session: SyncSession, what: string): Promise<Result<void>> {
    const remaining = session.workspaces.filter((workspace) => workspace.id !== session.workspaceId)
    const next = remaining[0]
    if (!next) {
      await this.endSession(`${what} You belong to no other workspace, so you are signed out; what is on this device stays here.`)
      return { ok: true, value: undefined }
    }
    return this.establish({ ...session, workspaceId: next.id, workspaces: remaining }, `${what} Opened “${next.name}”.`)
  }

  /** Stores a new or changed session; replicates here when it belongs to the open database, else reloads onto its database. */
  private async establish(session: SyncSession, notice: string | null = null): Promise<Result<void>> {
    this.options.storage.setItem(SERVER_URL_KEY, session.serverUrl)
    const databaseName = bindWorkspaceDatabase(session.workspaceId, this.options.storage)
    let persisted: boolean
    try {
      persisted = (await this.options.sessions.setSession(session)).persisted
    } catch {
      return { ok: false, error: 'Could not store the session on this device.' }
    }
    await this.stopEngine()
    this.session = session
    this.persisted = persisted
    if (databaseName !== this.options.databaseName) {
      this.notice = null
      if (notice) this.options.storage.setItem(NOTICE_KEY, notice)
      this.publish(null)
      this.options.reload()
      return { ok: true, value: undefined }
    }
    this.notice = notice
    this.startEngine()
    return { ok: true, value: undefined }
  }

  /** The workspace whose database is open (so no reload is needed), else the first one. */
  private chooseWorkspace(workspaces: readonly SyncWorkspace[]): string | null {
    const open = workspaces.find((workspace) => databaseNameForWorkspace(workspace.id, this.options.storage) === this.options.databaseName)
    return (open ?? workspaces[0])?.id ?? null
  }

  /** Picks up workspaces joined or renamed elsewhere; a refused token signs out. */
  private async refreshAccount(): Promise<void> {
    const session = this.session
    if (!session) return
    const answer = await this.api.me({ serverUrl: session.serverUrl, token: session.token })
    if (this.session !== session) return
    if (!answer.ok) {
      if (answer.error.kind === 'http' && answer.error.status === 401) await this.sessionExpired()
      return
    }
    const workspaces = answer.value.workspaces
    if (!workspaces.some((workspace) => workspace.id === session.workspaceId)) return
    const next: SyncSession = { ...session, user: answer.value.user, workspaces }
    this.session = next
    await this.options.sessions.setSession(next).catch(() => undefined)
    this.publish(this.engine?.getSnapshot() ?? null)
  }

  private startEngine(options: { refreshAccountWhenOnline?: boolean } = {}): void {
    if (this.engine || !this.session) return
    const engine = new SyncEngine({
      ...this.options.engine,
      database: this.options.database,
      fetch: this.options.fetch,
      credentials: () => (this.session ? this.credentialsOf(this.session) : null),
      clock: this.options.clock,
      pending: this.options.pending ?? appPendingChanges,
      network: this.options.network,
      onUnauthorized: () => void this.sessionExpired(),
    })
    this.engine = engine
    let refreshPending = options.refreshAccountWhenOnline ?? false
    this.unsubscribeEngine = engine.subscribe(() => {
      const snapshot = engine.getSnapshot()
      this.publish(snapshot)
      // Once the server answers (not before: an unreachable server gets no extra request).
      if (refreshPending && snapshot.connection === 'online') {
        refreshPending = false
        void this.refreshAccount()
      }
    })
    this.publish(engine.getSnapshot())
    void engine.start()
  }

  private async stopEngine(): Promise<void> {
    const engine = this.engine
    if (!engine) return
    this.engine = null
    this.unsubscribeEngine?.()
    this.unsubscribeEngine = null
    await engine.stop()
  }

  private async sessionExpired(): Promise<void> {
    if (!this.session) return
    this.session = null
    await this.stopEngine()
    await this.options.sessions.clearSession().catch(() => undefined)
    this.publish(null, 'expired')
  }

  private async failure(failure: SyncFailure): Promise<Result<never>> {
    if (failure.kind === 'http' && failure.status === 401) await this.sessionExpired()
    return { ok: false, error: describeFailure(failure) }
  }

  private credentialsOf(session: SyncSession): SyncCredentials & { workspaceId: string } {
    return { serverUrl: session.serverUrl, token: session.token, workspaceId: session.workspaceId }
  }

  private buildSnapshot(engine: SyncEngineSnapshot | null, signedOutReason: 'expired' | null = null): SyncControllerSnapshot {
    const session = this.session
    return {
      account: session
        ? { serverUrl: session.serverUrl, user: session.user, workspaceId: session.workspaceId, workspaces: session.workspaces, persisted: this.persisted }
        : null,
      signedOutReason: session ? null : signedOutReason,
      engine,
      lastServerUrl: session?.serverUrl ?? this.options.storage.getItem(SERVER_URL_KEY) ?? DEFAULT_SERVER_URL,
      localDataUnclaimed: isLocalDatabaseUnclaimed(this.options.storage),
      notice: this.notice,
    }
  }

  private publish(engine: SyncEngineSnapshot | null, signedOutReason: 'expired' | null = null): void {
    this.snapshot = this.buildSnapshot(engine, signedOutReason)
    for (const listener of this.listeners) listener()
  }
}

/** The message a person should read for a failed request. */
export function describeFailure(failure: SyncFailure): string {
  return failure.message
}

/** “Name” of the open workspace, for messages. */
function namedWorkspace(session: SyncSession): string {
  const name = session.workspaces.find((workspace) => workspace.id === session.workspaceId)?.name
  return name ? `“${name}”` : 'the workspace'
}

function notSignedIn(): Result<never> {
  return { ok: false, error: 'Sign in to a sync server first.' }
}

function upsertWorkspace(workspaces: SyncSession['workspaces'], workspace: SyncWorkspace): SyncSession['workspaces'] {
  return [...workspaces.filter((existing) => existing.id !== workspace.id), workspace]
}

/** The signup answer lists the new workspace; should an older server leave it out, the session still needs it. */
function ensureListed(workspaces: SyncSession['workspaces'], workspaceId: string, name: string): SyncSession['workspaces'] {
  return workspaces.some((workspace) => workspace.id === workspaceId) ? workspaces : [...workspaces, { id: workspaceId, name: name.trim(), role: 'owner' }]
}
