import type { Database, Statement } from 'better-sqlite3'
import {
  CAMPAIGN_LINKS_SQL,
  CAMPAIGN_TIMELINE_SQL,
  CAMPAIGN_TOTALS_SQL,
  eventValues,
  INSERT_COLUMNS,
  liveEmail,
  toEngagement,
  UNSUBSCRIBED_BEFORE_SQL,
} from './trackingSql'
import type { LinkRow, TimelineRow, TotalsRow } from './trackingSql'
import { firstKey, firstOfKind } from './trackingStore'
import type { TrackingEventRecord, TrackingStore } from './trackingStore'

// better-sqlite3 is synchronous: a batch is one immediate transaction of prepared statements,
// committed before the returned promise resolves (WAL, synchronous=NORMAL: survives a process
// crash; an OS crash may lose the last commits).

const EXISTS_SQL = `SELECT 1 AS found FROM tracking_events
  WHERE workspace_id = ? AND campaign_id = ? AND contact_id = ? AND type = ? AND machine = ? AND link_index = ? LIMIT 1`

const LIVE_EVENT_DOCS_BEFORE = `collection = 'events' AND json_extract(json, '$._deleted') = 0 AND json_extract(json, '$.at') < ?`

export function createSqliteTrackingStore(db: Database): TrackingStore {
  const statements = new Map<string, Statement>()
  // Prepared on first use: the table exists only after migrate().
  const statement = <Row = unknown>(sql: string): Statement<unknown[], Row> => {
    let prepared = statements.get(sql)
    if (prepared === undefined) {
      // The shared SQL numbers its parameters $1… and uses each once, in order: plain ? here.
      prepared = db.prepare(sql.replace(/\$\d+/g, '?'))
      statements.set(sql, prepared)
    }
    return prepared as Statement<unknown[], Row>
  }
  const insert = (event: TrackingEventRecord): void => {
    statement(`INSERT INTO tracking_events (${INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(...eventValues(event))
  }

  const record = db.transaction((events: readonly TrackingEventRecord[]): boolean[] => {
    const existing = new Set<string>()
    const checked = new Set<string>()
    for (const event of events) {
      const key = firstKey(event)
      if (checked.has(key)) continue
      checked.add(key)
      const found = statement(EXISTS_SQL).get(event.workspaceId, event.campaignId, event.contactId, event.type, event.machine ? 1 : 0, event.linkIndex)
      if (found !== undefined) existing.add(key)
    }
    const first = firstOfKind(events, existing)
    for (const event of events) insert(event)
    return first
  })

  const unsubscribe = db.transaction((event: TrackingEventRecord): boolean => {
    if (statement(UNSUBSCRIBED_BEFORE_SQL).get(event.workspaceId, event.campaignId, event.contactId) !== undefined) return false
    insert(event)
    return true
  })

  return {
    async recordEvents(events) {
      if (events.length === 0) return []
      return record.immediate(events)
    },

    async recordUnsubscribe(event) {
      return unsubscribe.immediate({ ...event, type: 'unsubscribe', linkIndex: -1 })
    },

    async campaignEngagement(workspaceId, campaignId, timelineBuckets) {
      const read = db.transaction(() =>
        toEngagement(
          statement<TotalsRow>(CAMPAIGN_TOTALS_SQL).get(workspaceId, campaignId),
          statement<LinkRow>(CAMPAIGN_LINKS_SQL).all(workspaceId, campaignId),
          statement<TimelineRow>(CAMPAIGN_TIMELINE_SQL).all(workspaceId, campaignId, timelineBuckets),
        ),
      )
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
