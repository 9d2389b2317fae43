import type { Database } from 'better-sqlite3'
import { preparedStatements } from './sqliteStatements'
import { ADD_FIRST_SQL, eventValues, firstValues, INSERT_COLUMNS, liveEmail } from './trackingSql'
import { CampaignTally } from './trackingTally'
import type { TallyRow } from './trackingTally'
import { firstKey, StoredFirstKeys } from './trackingStore'
import type { TrackingEventRecord, TrackingStore } from './trackingStore'

// better-sqlite3 is synchronous: a batch is one immediate transaction of prepared statements,
// committed before the returned promise resolves (WAL, synchronous=NORMAL: survives a process
// crash; an OS crash may lose the last commits).

const INSERT_SQL = `INSERT INTO tracking_events (${INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`

// Campaign engagement: tracking_events is append-only (rows are never updated or deleted), so its
// rowids only grow and "the rows after rowid R" are exactly the events recorded since a read that
// saw R. A recently read campaign keeps a tally (trackingTally.ts) instead of aggregating its
// whole history on every stats write. This store's own batches are added to the tallies as they
// commit, from the events in memory: a batch's rows are exactly rowids (before, after] when the
// transaction saw MAX(rowid) = before and inserted after - before rows, so a tally counted up to
// `before` is then counted up to `after` (reading those rows back cost as much as inserting them).
// Rows written otherwise (another process on the file, an unsubscribe) are read by rowid range
// on the next read; a campaign not tallied, or a tally far behind, is counted again from the
// campaign index.
const MAX_ROWID_SQL = 'SELECT MAX(rowid) AS max FROM tracking_events'
const CAMPAIGN_ROWS_SQL = `SELECT contact_id, type, machine, link_index, at FROM tracking_events
  WHERE workspace_id = ? AND campaign_id = ? AND rowid <= ?`
const ROWS_SINCE_SQL = `SELECT contact_id, type, machine, link_index, at FROM tracking_events NOT INDEXED
  WHERE rowid > ? AND rowid <= ? AND workspace_id = ? AND campaign_id = ?`
const MAX_TALLIES = 20
const RECOUNT_AFTER_ROWS = 1_000_000

const LIVE_EVENT_DOCS_BEFORE = `collection = 'events' AND json_extract(json, '$._deleted') = 0 AND json_extract(json, '$.at') < ?`

export function createSqliteTrackingStore(db: Database): TrackingStore {
  // The shared SQL numbers its parameters $1… and uses each once, in order: plain ? here.
  const statement = preparedStatements(db, (sql) => sql.replace(/\$\d+/g, '?'))
  const insert = (event: TrackingEventRecord): void => {
    statement(INSERT_SQL).run(eventValues(event))
  }
  /** Adds the event's first-of-kind key; true when it was not there yet. */
  const addFirst = (event: TrackingEventRecord): boolean => statement(ADD_FIRST_SQL).run(firstValues(event)).changes === 1

  const stored = new StoredFirstKeys()
  const tallies = new Map<string, CampaignTally>()
  const maxRowId = (): number => statement<{ max: number | null }>(MAX_ROWID_SQL).get()?.max ?? 0
  const record = db.transaction((events: readonly TrackingEventRecord[], keys: readonly string[]): { first: boolean[]; rowids: [number, number] | null } => {
    const first = events.map((event, index) => !stored.has(keys[index] ?? firstKey(event)) && addFirst(event))
    const before = tallies.size > 0 ? maxRowId() : null
    for (const event of events) insert(event)
    return { first, rowids: before === null ? null : [before, maxRowId()] }
  })
  /** After a commit: tallies counted up to the batch's first rowid take in its events. */
  const tallyCommitted = (events: readonly TrackingEventRecord[], [before, after]: [number, number]): void => {
    if (after - before !== events.length) return
    const fed = new Map<string, CampaignTally | null>()
    for (const event of events) {
      const key = `${event.workspaceId}\u0000${event.campaignId}`
      let tally = fed.get(key)
      if (tally === undefined) {
        const candidate = tallies.get(key)
        tally = candidate !== undefined && candidate.lastRowId === before ? candidate : null
        fed.set(key, tally)
      }
      tally?.add({ contact_id: event.contactId, type: event.type, machine: event.machine ? 1 : 0, link_index: event.linkIndex, at: event.at })
    }
    for (const tally of fed.values()) if (tally !== null) tally.lastRowId = after
  }

  const unsubscribe = db.transaction((event: TrackingEventRecord): boolean => {
    if (!addFirst(event)) return false
    insert(event)
    return true
  })

  return {
    async recordEvents(events) {
      if (events.length === 0) return []
      const keys = events.map(firstKey)
      const { first, rowids } = record.immediate(events, keys)
      // Committed: from now on these keys are known to be stored.
      stored.addAll(keys)
      if (rowids !== null) tallyCommitted(events, rowids)
      return first
    },

    async recordUnsubscribe(event) {
      return unsubscribe.immediate({ ...event, type: 'unsubscribe', linkIndex: -1, machine: false })
    },

    async campaignEngagement(workspaceId, campaignId, timelineBuckets) {
      const key = `${workspaceId}\u0000${campaignId}`
      const read = db.transaction(() => {
        const max = maxRowId()
        let tally = tallies.get(key)
        if (tally === undefined || max < tally.lastRowId || max - tally.lastRowId > RECOUNT_AFTER_ROWS) {
          tally = new CampaignTally(max)
          for (const row of statement<TallyRow>(CAMPAIGN_ROWS_SQL).iterate(workspaceId, campaignId, max)) tally.add(row)
        } else if (max > tally.lastRowId) {
          for (const row of statement<TallyRow>(ROWS_SINCE_SQL).iterate(tally.lastRowId, max, workspaceId, campaignId)) tally.add(row)
          tally.lastRowId = max
        }
        // Most recently read last; the least recently read is forgotten first.
        tallies.delete(key)
        tallies.set(key, tally)
        if (tallies.size > MAX_TALLIES) {
          const oldest = tallies.keys().next().value
          if (oldest !== undefined) tallies.delete(oldest)
        }
        return tally.engagement(timelineBuckets)
      })
      return read.deferred()
    },

    async countEvents(workspaceId) {
      const row =
        workspaceId === undefined
          ? statement<{ total: number }>('SELECT COUNT(*) AS total FROM tracking_events').get()
          : statement<{ total: number }>('SELECT COUNT(*) AS total FROM tracking_events WHERE workspace_id = ?').get(workspaceId)
      return row?.total ?? 0
    },

    async contactEmail(workspaceId, contactId) {
      const row = statement<{ json: string }>(`SELECT json FROM documents WHERE workspace_id = ? AND collection = 'contacts' AND id = ?`).get(
        workspaceId,
        contactId,
      )
      return liveEmail(row?.json)
    },

    async contactEmails(workspaceId, contactIds) {
      const emails = new Map<string, string>()
      const read = statement<{ json: string }>(`SELECT json FROM documents WHERE workspace_id = ? AND collection = 'contacts' AND id = ?`)
      for (const contactId of new Set(contactIds)) {
        const email = liveEmail(read.get(workspaceId, contactId)?.json)
        if (email !== null) emails.set(contactId, email)
      }
      return emails
    },

    async eventDocumentsBefore(workspaceId, before, limit) {
      return statement<{ id: string }>(
        `SELECT id FROM documents WHERE workspace_id = ? AND ${LIVE_EVENT_DOCS_BEFORE} ORDER BY json_extract(json, '$.at'), id LIMIT ?`,
      )
        .all(workspaceId, before, limit)
        .map((row) => row.id)
    },

    async workspacesWithEventDocumentsBefore(before) {
      return statement<{ workspace_id: string }>(`SELECT DISTINCT workspace_id FROM documents WHERE ${LIVE_EVENT_DOCS_BEFORE}`)
        .all(before)
        .map((row) => row.workspace_id)
    },
  }
}
