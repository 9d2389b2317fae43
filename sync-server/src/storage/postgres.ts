import pg from 'pg'
import { Kysely, PostgresDialect } from 'kysely'
import type { ReplicationCheckpoint } from '@core/sync/protocol'
import { ChangeListeners, parseChangeNotice, reportToConsole } from './changeListeners'
import { assertPushableCollection, assignSequences, planDocumentWrites, pullStart } from './documentWrites'
import { MEMBERS_COLLECTION, migrateToLatest } from './migrations'
import { ANY_CHANGE, EmailTakenError, ForeignDocumentError, normalizeEmail, UnknownWorkspaceError } from './port'
import type { ChangeNotice, MembershipRecord, StorageOptions, StoragePort, StoredDocument } from './port'
import { createPostgresPrivacyStore } from './privacyPostgres'
import { createPostgresSendingStore } from './sendingPostgres'
import { inTransaction } from './postgresTransactions'
import { createPostgresSettingsStore } from './settingsPostgres'
import { createPostgresTrackingStore } from './trackingPostgres'
import { createPostgresWebhookStore } from './webhookPostgres'
import { createPostgresWorkflowStore } from './workflowPostgres'
import { INVITE_COLUMNS, SESSION_COLUMNS, toInvite, toMember, toMembership, toSession, toUser, toWorkspace, toWorkspaceWithRole, USER_COLUMNS } from './rows'
import type { DocumentRow, InviteRow, MemberRow, MembershipRow, SessionRow, UserRow, WorkspaceRow, WorkspaceWithRoleRow } from './rows'

// For teams running several stateless server instances on one PostgreSQL. Writes to a workspace
// are serialized by locking its row (SELECT … FOR UPDATE), so its sequences commit in order and
// a pull can never pass a document that later commits with a lower sequence. Change notices
// travel by NOTIFY inside the writing transaction (delivered on commit) to every instance's
// LISTEN connection, this one's included: local writes are not dispatched a second time.

/** The NOTIFY channel; the payload is a JSON ChangeNotice. */
export const CHANGES_CHANNEL = 'outpost_changes'

export interface PostgresStorageOptions extends StorageOptions {
  /** Pool size (default 10), plus one dedicated LISTEN connection. */
  maxConnections?: number
}

const INT8_OID = 20

function parseInt8(text: string): number {
  const value = Number(text)
  if (!Number.isSafeInteger(value)) throw new Error(`int8 value ${text} does not fit a JavaScript number`)
  return value
}

// Per connection, not pg.types.setTypeParser: that would change int8 parsing for the whole process.
const int8AsNumber: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  return error instanceof pg.DatabaseError && error.code === '23505' && error.constraint === constraint
}

/** Locks the workspace row until commit and returns its sequence. */
async function lockWorkspace(client: pg.PoolClient, workspaceId: string): Promise<number> {
  const result = await client.query<{ seq: number }>('SELECT seq FROM workspaces WHERE id = $1 AND deleted_at IS NULL FOR UPDATE', [
    workspaceId,
  ])
  const row = result.rows[0]
  if (row === undefined) throw new UnknownWorkspaceError(workspaceId)
  return row.seq
}

/**
 * Upserts already-sequenced documents, moves the workspace sequence to the last of them and
 * queues the change notice, in one statement (one round trip however many documents).
 */
async function writeDocuments(client: pg.PoolClient, workspaceId: string, collection: string, documents: readonly StoredDocument[]): Promise<void> {
  const last = documents.at(-1)
  if (last === undefined) return
  const notice: ChangeNotice = { workspaceId, collection, seq: last.seq }
  await client.query(
    `WITH written AS (
       INSERT INTO documents (workspace_id, collection, id, seq, json)
       SELECT $1::text, $2::text, w.id, w.seq, w.json FROM unnest($3::text[], $4::bigint[], $5::text[]) AS w (id, seq, json)
       ON CONFLICT (workspace_id, collection, id) DO UPDATE SET seq = excluded.seq, json = excluded.json
     ), bumped AS (
       UPDATE workspaces SET seq = $6::bigint WHERE id = $1::text
     )
     SELECT pg_notify('${CHANGES_CHANNEL}', $7::text)`,
    [
      workspaceId,
      collection,
      documents.map((document) => document.id),
      documents.map((document) => document.seq),
      documents.map((document) => document.json),
      last.seq,
      JSON.stringify(notice),
    ],
  )
}

async function writeMemberDoc(client: pg.PoolClient, workspaceId: string, currentSeq: number, userId: string, memberDoc: Record<string, unknown>): Promise<void> {
  await writeDocuments(client, workspaceId, MEMBERS_COLLECTION, assignSequences(currentSeq, [{ id: userId, json: JSON.stringify(memberDoc) }]))
}

/**
 * The dedicated LISTEN connection. Reconnects with capped exponential backoff when it drops;
 * notices committed while it is down are not replayed, so a reconnect dispatches ANY_CHANGE.
 */
class ChangeNotificationListener {
  #client: pg.Client | null = null
  #closed = false
  #failures = 0
  #connectedBefore = false
  #retryTimer: NodeJS.Timeout | null = null

  constructor(
    private readonly url: string,
    private readonly onNotice: (notice: ChangeNotice) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Connects once; throws when the first connection fails. */
  start(): Promise<void> {
    return this.#connect()
  }

  async close(): Promise<void> {
    this.#closed = true
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer)
    const client = this.#client
    this.#client = null
    await client?.end().catch(() => undefined)
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'outpost-listen', keepAlive: true })
    client.on('notification', (message) => {
      if (message.channel !== CHANGES_CHANNEL) return
      const notice = parseChangeNotice(message.payload)
      if (notice === null) this.onError(new Error(`malformed change notice: ${message.payload ?? '(empty)'}`))
      else this.onNotice(notice)
    })
    client.on('error', (error) => {
      if (this.#closed) return
      this.onError(error)
      this.#dropped(client)
    })
    client.on('end', () => this.#dropped(client))
    try {
      await client.connect()
      await client.query(`LISTEN ${CHANGES_CHANNEL}`)
    } catch (error) {
      await client.end().catch(() => undefined)
      throw error
    }
    if (this.#closed) {
      await client.end().catch(() => undefined)
      return
    }
    this.#client = client
    this.#failures = 0
    // Notices committed while the connection was down are gone: tell listeners to catch up.
    if (this.#connectedBefore) this.onNotice(ANY_CHANGE)
    this.#connectedBefore = true
  }

  #dropped(client: pg.Client): void {
    if (this.#client !== client) return
    this.#client = null
    client.end().catch(() => undefined)
    this.#scheduleReconnect()
  }

  #scheduleReconnect(): void {
    if (this.#closed) return
    const delay = Math.min(100 * 2 ** this.#failures, 5_000) * (0.5 + Math.random() / 2)
    this.#failures += 1
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null
      if (this.#closed) return
      this.#connect().catch((error: unknown) => {
        this.onError(error)
        this.#scheduleReconnect()
      })
    }, delay)
    // Reconnecting alone must not keep the process alive.
    this.#retryTimer.unref()
  }
}

export async function openPostgresStorage(url: string, options: PostgresStorageOptions = {}): Promise<StoragePort> {
  const onError = options.onError ?? reportToConsole
  const pool = new pg.Pool({ connectionString: url, types: int8AsNumber, max: options.maxConnections ?? 10, application_name: 'outpost' })
  let closed = false
  // An idle connection dying (server restart) must not crash the process; the pool replaces it.
  // After close(), connections still winding down may report the server going away: not news.
  pool.on('error', (error) => {
    if (!closed) onError(error)
  })
  const listeners = new ChangeListeners(onError)
  const notifications = new ChangeNotificationListener(url, (notice) => listeners.dispatch(notice), onError)
  try {
    await notifications.start()
  } catch (error) {
    await pool.end()
    throw error
  }

  const query = async <Row extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<Row[]> => (await pool.query<Row>(text, values)).rows

  const foreignIds = async (workspaceId: string, collection: string, ids: readonly string[]): Promise<string[]> => {
    const rows = await query<{ id: string }>(
      `SELECT id FROM documents WHERE collection = $1 AND collection <> '${MEMBERS_COLLECTION}' AND id = ANY($2::text[]) AND workspace_id <> $3`,
      [collection, [...ids], workspaceId],
    )
    return rows.map((row) => row.id)
  }

  const storage: StoragePort = {
    kind: 'postgres',
    tracking: createPostgresTrackingStore(pool),
    settings: createPostgresSettingsStore(pool),
    sending: createPostgresSendingStore(pool),
    privacy: createPostgresPrivacyStore(pool, { lockWorkspace, writeDocuments }),
    webhooks: createPostgresWebhookStore(pool),
    workflows: createPostgresWorkflowStore(pool, { lockWorkspace, writeDocuments }),

    async migrate() {
      // Kysely's Postgres migrator holds an advisory lock while it runs. Never destroy this
      // Kysely: its driver would end our pool.
      await migrateToLatest(new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) }))
    },

    async close() {
      if (closed) return
      closed = true
      listeners.clear()
      await notifications.close()
      await pool.end()
    },

    async createUser(user) {
      try {
        await pool.query(`INSERT INTO users (${USER_COLUMNS}) VALUES ($1, $2, $3, $4, $5)`, [
          user.id,
          normalizeEmail(user.email),
          user.name,
          user.passwordHash,
          user.createdAt,
        ])
      } catch (error) {
        if (isUniqueViolation(error, 'users_email_unique')) throw new EmailTakenError()
        throw error
      }
    },

    async findUserByEmail(email) {
      const [row] = await query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE email = $1`, [normalizeEmail(email)])
      return row === undefined ? null : toUser(row)
    },

    async findUserById(id) {
      const [row] = await query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id])
      return row === undefined ? null : toUser(row)
    },

    async createSession(session) {
      await pool.query(`INSERT INTO sessions (${SESSION_COLUMNS}) VALUES ($1, $2, $3, $4, $5)`, [
        session.tokenHash,
        session.userId,
        session.createdAt,
        session.expiresAt,
        session.revokedAt,
      ])
    },

    async findSession(tokenHash) {
      const [row] = await query<SessionRow>(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE token_hash = $1`, [tokenHash])
      return row === undefined ? null : toSession(row)
    },

    async revokeSession(tokenHash, at) {
      await pool.query('UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL', [at, tokenHash])
    },

    async createWorkspace(workspace, owner, ownerDoc) {
      await inTransaction(pool, async (client) => {
        await client.query('INSERT INTO workspaces (id, name, created_at, deleted_at, seq) VALUES ($1, $2, $3, NULL, 0)', [
          workspace.id,
          workspace.name,
          workspace.createdAt,
        ])
        await client.query('INSERT INTO memberships (workspace_id, user_id, role, joined_at) VALUES ($1, $2, $3, $4)', [
          workspace.id,
          owner.userId,
          owner.role,
          owner.joinedAt,
        ])
        await writeMemberDoc(client, workspace.id, 0, owner.userId, ownerDoc)
      })
    },

    async getWorkspace(id) {
      const [row] = await query<WorkspaceRow>('SELECT id, name, created_at FROM workspaces WHERE id = $1 AND deleted_at IS NULL', [id])
      return row === undefined ? null : toWorkspace(row)
    },

    async deleteWorkspace(id, at) {
      await pool.query('UPDATE workspaces SET deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL', [at, id])
    },

    async listWorkspacesForUser(userId) {
      const rows = await query<WorkspaceWithRoleRow>(
        `SELECT w.id, w.name, w.created_at, m.role FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
         WHERE m.user_id = $1 AND w.deleted_at IS NULL ORDER BY w.created_at, w.id`,
        [userId],
      )
      return rows.map(toWorkspaceWithRole)
    },

    async getMembership(workspaceId, userId) {
      const [row] = await query<MembershipRow>(
        `SELECT m.workspace_id, m.user_id, m.role, m.joined_at FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
         WHERE m.workspace_id = $1 AND m.user_id = $2 AND w.deleted_at IS NULL`,
        [workspaceId, userId],
      )
      return row === undefined ? null : toMembership(row)
    },

    async listMembers(workspaceId) {
      const rows = await query<MemberRow>(
        `SELECT m.workspace_id, m.user_id, m.role, m.joined_at, u.email, u.name
         FROM memberships m JOIN workspaces w ON w.id = m.workspace_id JOIN users u ON u.id = m.user_id
         WHERE m.workspace_id = $1 AND w.deleted_at IS NULL ORDER BY m.joined_at, m.user_id`,
        [workspaceId],
      )
      return rows.map(toMember)
    },

    async saveMembership(membership, memberDoc) {
      await inTransaction(pool, async (client) => {
        const currentSeq = await lockWorkspace(client, membership.workspaceId)
        await client.query(
          `INSERT INTO memberships (workspace_id, user_id, role, joined_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = excluded.role, joined_at = excluded.joined_at`,
          [membership.workspaceId, membership.userId, membership.role, membership.joinedAt],
        )
        await writeMemberDoc(client, membership.workspaceId, currentSeq, membership.userId, memberDoc)
      })
    },

    async removeMembership(workspaceId, userId, memberDoc) {
      await inTransaction(pool, async (client) => {
        const currentSeq = await lockWorkspace(client, workspaceId)
        await client.query('DELETE FROM memberships WHERE workspace_id = $1 AND user_id = $2', [workspaceId, userId])
        await writeMemberDoc(client, workspaceId, currentSeq, userId, memberDoc)
      })
    },

    async createInvite(invite) {
      await pool.query(`INSERT INTO invites (${INVITE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
        invite.codeHash,
        invite.workspaceId,
        invite.role,
        invite.createdBy,
        invite.createdAt,
        invite.expiresAt,
        invite.usedAt,
        invite.usedBy,
      ])
    },

    async acceptInvite(codeHash, userId, at, memberDocFor) {
      return inTransaction(pool, async (client) => {
        // A concurrent acceptor waits on the invite row, then re-checks `used_at IS NULL` and matches nothing.
        const consumed = await client.query<InviteRow>(
          `UPDATE invites SET used_at = $1, used_by = $2
           WHERE code_hash = $3 AND used_at IS NULL AND expires_at > $1
             AND workspace_id IN (SELECT id FROM workspaces WHERE deleted_at IS NULL)
           RETURNING ${INVITE_COLUMNS}`,
          [at, userId, codeHash],
        )
        const row = consumed.rows[0]
        if (row === undefined) return null
        const invite = toInvite(row)
        const currentSeq = await lockWorkspace(client, invite.workspaceId)
        const existing = await client.query<MembershipRow>(
          'SELECT workspace_id, user_id, role, joined_at FROM memberships WHERE workspace_id = $1 AND user_id = $2',
          [invite.workspaceId, userId],
        )
        const current = existing.rows[0]
        if (current !== undefined) return { invite, membership: toMembership(current) }
        const membership: MembershipRecord = { workspaceId: invite.workspaceId, userId, role: invite.role, joinedAt: at }
        await client.query('INSERT INTO memberships (workspace_id, user_id, role, joined_at) VALUES ($1, $2, $3, $4)', [
          membership.workspaceId,
          membership.userId,
          membership.role,
          membership.joinedAt,
        ])
        await writeMemberDoc(client, invite.workspaceId, currentSeq, userId, memberDocFor(membership))
        return { invite, membership }
      })
    },

    async pull(workspaceId, collection, checkpoint, limit) {
      const after = pullStart(checkpoint)
      const documents = await query<DocumentRow>(
        `SELECT id, seq, json FROM documents
         WHERE workspace_id = $1 AND collection = $2 AND (seq, id) > ($3::bigint, $4::text)
         ORDER BY seq, id LIMIT $5`,
        [workspaceId, collection, after.seq, after.id, limit],
      )
      const last = documents.at(-1)
      const next: ReplicationCheckpoint | null = last === undefined ? checkpoint : { seq: last.seq, id: last.id }
      return { documents, checkpoint: next }
    },

    async currentSeq(workspaceId) {
      const [row] = await query<{ seq: number }>('SELECT seq FROM workspaces WHERE id = $1', [workspaceId])
      return row?.seq ?? 0
    },

    async pushDocuments(workspaceId, collection, ids, decide) {
      assertPushableCollection(collection)
      try {
        return await inTransaction(pool, async (client) => {
          const currentSeq = await lockWorkspace(client, workspaceId)
          // The literal `collection <> 'members'` lets the planner use the partial unique index.
          const owners = await client.query<{ id: string; workspace_id: string; json: string | null }>(
            `SELECT id, workspace_id, CASE WHEN workspace_id = $1 THEN json END AS json FROM documents
             WHERE collection = $2 AND collection <> '${MEMBERS_COLLECTION}' AND id = ANY($3::text[])`,
            [workspaceId, collection, [...ids]],
          )
          const foreign = owners.rows.filter((row) => row.workspace_id !== workspaceId).map((row) => row.id)
          if (foreign.length > 0) throw new ForeignDocumentError(foreign)
          const masters = new Map<string, Record<string, unknown>>()
          for (const row of owners.rows) if (row.json !== null) masters.set(row.id, JSON.parse(row.json) as Record<string, unknown>)
          const stored = assignSequences(currentSeq, planDocumentWrites(ids, decide({ masters })))
          await writeDocuments(client, workspaceId, collection, stored)
          return stored
        })
      } catch (error) {
        // Another workspace claimed one of these new ids in a transaction that committed first.
        if (isUniqueViolation(error, 'documents_owner')) throw new ForeignDocumentError(await foreignIds(workspaceId, collection, ids))
        throw error
      }
    },

    onChange(listener) {
      return listeners.add(listener)
    },
  }
  return storage
}
