import { resolve } from 'node:path'
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { ReplicationCheckpoint } from '@core/sync/protocol'
import { ChangeListeners, reportToConsole } from './changeListeners'
import { assertPushableCollection, assignSequences, planDocumentWrites, pullStart } from './documentWrites'
import { MEMBERS_COLLECTION, migrateToLatest } from './migrations'
import { EmailTakenError, ForeignDocumentError, normalizeEmail, UnknownWorkspaceError } from './port'
import type { ChangeNotice, DocumentWrite, MembershipRecord, PushContext, StorageOptions, StoragePort, StoredDocument } from './port'
import { createSqlitePrivacyStore } from './privacySqlite'
import { createSqliteSendingStore } from './sendingSqlite'
import { createSqliteSettingsStore } from './settingsSqlite'
import { preparedStatements } from './sqliteStatements'
import { createSqliteTrackingStore } from './trackingSqlite'
import { createSqliteWebhookStore } from './webhookSqlite'
import { createSqliteWorkflowStore } from './workflowSqlite'
import { INVITE_COLUMNS, SESSION_COLUMNS, toInvite, toMember, toMembership, toSession, toUser, toWorkspace, toWorkspaceWithRole, USER_COLUMNS } from './rows'
import type { DocumentRow, InviteRow, MemberRow, MembershipRow, SessionRow, UserRow, WorkspaceRow, WorkspaceWithRoleRow } from './rows'

// The embedded default. better-sqlite3 is synchronous, so every write transaction runs start to
// finish without yielding: one writer at a time, sequences commit in order by construction.
// Kysely is used for migrations only; the hot paths are prepared statements.

/** In-process queue per database file, so two instances never interleave their migrations. */
const migrationsInProgress = new Map<string, Promise<void>>()

export async function openSqliteStorage(filename: string, options: StorageOptions = {}): Promise<StoragePort> {
  const db = new Database(filename)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('busy_timeout = 5000')
  db.pragma('foreign_keys = ON')
  const listeners = new ChangeListeners(options.onError ?? reportToConsole)
  const statement = preparedStatements(db)
  const migrationKey = filename === ':memory:' || filename === '' ? null : resolve(filename)

  const readWorkspaceSeq = (workspaceId: string): number => {
    const row = statement<{ seq: number }>('SELECT seq FROM workspaces WHERE id = ? AND deleted_at IS NULL').get(workspaceId)
    if (row === undefined) throw new UnknownWorkspaceError(workspaceId)
    return row.seq
  }
  const writeDocument = (workspaceId: string, collection: string, document: StoredDocument): void => {
    statement(
      `INSERT INTO documents (workspace_id, collection, id, seq, json) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (workspace_id, collection, id) DO UPDATE SET seq = excluded.seq, json = excluded.json`,
    ).run(workspaceId, collection, document.id, document.seq, document.json)
  }
  const setWorkspaceSeq = (workspaceId: string, seq: number): void => {
    statement('UPDATE workspaces SET seq = ? WHERE id = ?').run(seq, workspaceId)
  }
  /** Writes a member document with the workspace's next sequence; returns that sequence. */
  const writeMemberDoc = (workspaceId: string, userId: string, memberDoc: Record<string, unknown>): number => {
    const [stored] = assignSequences(readWorkspaceSeq(workspaceId), [{ id: userId, json: JSON.stringify(memberDoc) }])
    if (stored === undefined) throw new Error('unreachable: one member document planned')
    writeDocument(workspaceId, MEMBERS_COLLECTION, stored)
    setWorkspaceSeq(workspaceId, stored.seq)
    return stored.seq
  }
  const memberNotice = (workspaceId: string, seq: number): ChangeNotice => ({ workspaceId, collection: MEMBERS_COLLECTION, seq })

  const push = db.transaction(
    (workspaceId: string, collection: string, ids: readonly string[], decide: (context: PushContext) => DocumentWrite[]): StoredDocument[] => {
      const currentSeq = readWorkspaceSeq(workspaceId)
      // The literal `collection <> 'members'` lets SQLite use the partial unique index.
      const owners = statement<{ id: string; workspace_id: string; json: string }>(
        `SELECT id, workspace_id, json FROM documents
         WHERE collection = ? AND collection <> '${MEMBERS_COLLECTION}' AND id IN (SELECT value FROM json_each(?))`,
      ).all(collection, JSON.stringify(ids))
      const foreign = owners.filter((row) => row.workspace_id !== workspaceId).map((row) => row.id)
      if (foreign.length > 0) throw new ForeignDocumentError(foreign)
      const masters = new Map(owners.map((row) => [row.id, JSON.parse(row.json) as Record<string, unknown>]))
      const stored = assignSequences(currentSeq, planDocumentWrites(ids, decide({ masters })))
      const last = stored.at(-1)
      if (last === undefined) return []
      for (const document of stored) writeDocument(workspaceId, collection, document)
      setWorkspaceSeq(workspaceId, last.seq)
      return stored
    },
  )

  const storage: StoragePort = {
    kind: 'sqlite',
    tracking: createSqliteTrackingStore(db),
    settings: createSqliteSettingsStore(db),
    sending: createSqliteSendingStore(db),
    privacy: createSqlitePrivacyStore(db, { readWorkspaceSeq, writeDocument, setWorkspaceSeq, dispatch: (notice) => listeners.dispatch(notice) }),
    webhooks: createSqliteWebhookStore(db),
    workflows: createSqliteWorkflowStore(db, { readWorkspaceSeq, writeDocument, setWorkspaceSeq, dispatch: (notice) => listeners.dispatch(notice) }),

    async migrate() {
      const run = async (): Promise<void> => {
        // One write transaction around the whole run: atomic, and other processes wait (busy_timeout).
        db.exec('BEGIN IMMEDIATE')
        try {
          await migrateToLatest(new Kysely<unknown>({ dialect: new SqliteDialect({ database: db }) }))
          db.exec('COMMIT')
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK')
          throw error
        }
        // Never destroy that Kysely: its driver would close our connection.
      }
      if (migrationKey === null) return run()
      const previous = migrationsInProgress.get(migrationKey) ?? Promise.resolve()
      const current = previous.catch(() => undefined).then(run)
      const settled = current.catch(() => undefined)
      migrationsInProgress.set(migrationKey, settled)
      try {
        await current
      } finally {
        if (migrationsInProgress.get(migrationKey) === settled) migrationsInProgress.delete(migrationKey)
      }
    },

    async close() {
      listeners.clear()
      if (db.open) db.close()
    },

    async createUser(user) {
      try {
        statement(`INSERT INTO users (${USER_COLUMNS}) VALUES (?, ?, ?, ?, ?)`).run(
          user.id,
          normalizeEmail(user.email),
          user.name,
          user.passwordHash,
          user.createdAt,
        )
      } catch (error) {
        if (error instanceof Database.SqliteError && error.code === 'SQLITE_CONSTRAINT_UNIQUE' && error.message.includes('users.email')) {
          throw new EmailTakenError()
        }
        throw error
      }
    },

    async findUserByEmail(email) {
      const row = statement<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE email = ?`).get(normalizeEmail(email))
      return row === undefined ? null : toUser(row)
    },

    async findUserById(id) {
      const row = statement<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`).get(id)
      return row === undefined ? null : toUser(row)
    },

    async createSession(session) {
      statement(`INSERT INTO sessions (${SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?)`).run(
        session.tokenHash,
        session.userId,
        session.createdAt,
        session.expiresAt,
        session.revokedAt,
      )
    },

    async findSession(tokenHash) {
      const row = statement<SessionRow>(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE token_hash = ?`).get(tokenHash)
      return row === undefined ? null : toSession(row)
    },

    async revokeSession(tokenHash, at) {
      statement('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL').run(at, tokenHash)
    },

    async createWorkspace(workspace, owner, ownerDoc) {
      const seq = db
        .transaction(() => {
          statement('INSERT INTO workspaces (id, name, created_at, deleted_at, seq) VALUES (?, ?, ?, NULL, 0)').run(
            workspace.id,
            workspace.name,
            workspace.createdAt,
          )
          statement('INSERT INTO memberships (workspace_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)').run(
            workspace.id,
            owner.userId,
            owner.role,
            owner.joinedAt,
          )
          return writeMemberDoc(workspace.id, owner.userId, ownerDoc)
        })
        .immediate()
      listeners.dispatch(memberNotice(workspace.id, seq))
    },

    async getWorkspace(id) {
      const row = statement<WorkspaceRow>('SELECT id, name, created_at FROM workspaces WHERE id = ? AND deleted_at IS NULL').get(id)
      return row === undefined ? null : toWorkspace(row)
    },

    async deleteWorkspace(id, at) {
      statement('UPDATE workspaces SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL').run(at, id)
    },

    async listWorkspacesForUser(userId) {
      const rows = statement<WorkspaceWithRoleRow>(
        `SELECT w.id, w.name, w.created_at, m.role FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
         WHERE m.user_id = ? AND w.deleted_at IS NULL ORDER BY w.created_at, w.id`,
      ).all(userId)
      return rows.map(toWorkspaceWithRole)
    },

    async getMembership(workspaceId, userId) {
      const row = statement<MembershipRow>(
        `SELECT m.workspace_id, m.user_id, m.role, m.joined_at FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
         WHERE m.workspace_id = ? AND m.user_id = ? AND w.deleted_at IS NULL`,
      ).get(workspaceId, userId)
      return row === undefined ? null : toMembership(row)
    },

    async listMembers(workspaceId) {
      const rows = statement<MemberRow>(
        `SELECT m.workspace_id, m.user_id, m.role, m.joined_at, u.email, u.name
         FROM memberships m JOIN workspaces w ON w.id = m.workspace_id JOIN users u ON u.id = m.user_id
         WHERE m.workspace_id = ? AND w.deleted_at IS NULL ORDER BY m.joined_at, m.user_id`,
      ).all(workspaceId)
      return rows.map(toMember)
    },

    async saveMembership(membership, memberDoc) {
      const seq = db
        .transaction(() => {
          readWorkspaceSeq(membership.workspaceId)
          statement(
            `INSERT INTO memberships (workspace_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role, joined_at = excluded.joined_at`,
          ).run(membership.workspaceId, membership.userId, membership.role, membership.joinedAt)
          return writeMemberDoc(membership.workspaceId, membership.userId, memberDoc)
        })
        .immediate()
      listeners.dispatch(memberNotice(membership.workspaceId, seq))
    },

    async removeMembership(workspaceId, userId, memberDoc) {
      const seq = db
        .transaction(() => {
          readWorkspaceSeq(workspaceId)
          statement('DELETE FROM memberships WHERE workspace_id = ? AND user_id = ?').run(workspaceId, userId)
          return writeMemberDoc(workspaceId, userId, memberDoc)
        })
        .immediate()
      listeners.dispatch(memberNotice(workspaceId, seq))
    },

    async createInvite(invite) {
      statement(`INSERT INTO invites (${INVITE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
        invite.codeHash,
        invite.workspaceId,
        invite.role,
        invite.createdBy,
        invite.createdAt,
        invite.expiresAt,
        invite.usedAt,
        invite.usedBy,
      )
    },

    async acceptInvite(codeHash, userId, at, memberDocFor) {
      const accepted = db
        .transaction(() => {
          const row = statement<InviteRow>(
            `UPDATE invites SET used_at = ?, used_by = ?
             WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?
               AND workspace_id IN (SELECT id FROM workspaces WHERE deleted_at IS NULL)
             RETURNING ${INVITE_COLUMNS}`,
          ).get(at, userId, codeHash, at)
          if (row === undefined) return null
          const invite = toInvite(row)
          const existing = statement<MembershipRow>(
            'SELECT workspace_id, user_id, role, joined_at FROM memberships WHERE workspace_id = ? AND user_id = ?',
          ).get(invite.workspaceId, userId)
          if (existing !== undefined) return { invite, membership: toMembership(existing), seq: null }
          readWorkspaceSeq(invite.workspaceId)
          const membership: MembershipRecord = { workspaceId: invite.workspaceId, userId, role: invite.role, joinedAt: at }
          statement('INSERT INTO memberships (workspace_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)').run(
            membership.workspaceId,
            membership.userId,
            membership.role,
            membership.joinedAt,
          )
          return { invite, membership, seq: writeMemberDoc(invite.workspaceId, userId, memberDocFor(membership)) }
        })
        .immediate()
      if (accepted === null) return null
      if (accepted.seq !== null) listeners.dispatch(memberNotice(accepted.invite.workspaceId, accepted.seq))
      return { invite: accepted.invite, membership: accepted.membership }
    },

    async pull(workspaceId, collection, checkpoint, limit) {
      const after = pullStart(checkpoint)
      const documents = statement<DocumentRow>(
        `SELECT id, seq, json FROM documents
         WHERE workspace_id = ? AND collection = ? AND (seq, id) > (?, ?)
         ORDER BY seq, id LIMIT ?`,
      ).all(workspaceId, collection, after.seq, after.id, limit)
      const last = documents.at(-1)
      const next: ReplicationCheckpoint | null = last === undefined ? checkpoint : { seq: last.seq, id: last.id }
      return { documents, checkpoint: next }
    },

    async currentSeq(workspaceId) {
      return statement<{ seq: number }>('SELECT seq FROM workspaces WHERE id = ?').get(workspaceId)?.seq ?? 0
    },

    async pushDocuments(workspaceId, collection, ids, decide) {
      assertPushableCollection(collection)
      const stored = push.immediate(workspaceId, collection, ids, decide)
      const last = stored.at(-1)
      if (last !== undefined) listeners.dispatch({ workspaceId, collection, seq: last.seq })
      return stored
    },

    onChange(listener) {
      return listeners.add(listener)
    },
  }
  return storage
}
