import type pg from 'pg'
import { inTransaction } from './postgresTransactions'
import {
  ADD_FIRST_SQL,
  CAMPAIGN_LINKS_SQL,
  CAMPAIGN_TIMELINE_SQL,
  CAMPAIGN_TOTALS_SQL,
  eventValues,
  FIRST_COLUMNS,
  firstValues,
  INSERT_COLUMNS,
  liveEmail,
  toEngagement,
} from './trackingSql'
import type { LinkRow, TimelineRow, TotalsRow } from './trackingSql'
import { firstKey, StoredFirstKeys } from './trackingStore'
import type { TrackingEventRecord, TrackingStore } from './trackingStore'

// A batch is two statements in one transaction, whatever its size: the keys not known to be
// stored go into tracking_firsts (insert-or-ignore, RETURNING the ones added: those events are
// the first of their kind), then one INSERT … SELECT FROM unnest(…) of the events. The key
// constraint makes "first" exact even when several instances flush at once (the later insert
// waits for the earlier transaction); keys are inserted in one order so such waits cannot
// deadlock. Keys this instance has committed before are not sent again (StoredFirstKeys).

/** Live `events` documents whose `at` is before the parameter numbered `before`. */
const liveEventDocsBefore = (before: number): string =>
  `collection = 'events' AND (json::jsonb ->> '_deleted') = 'false' AND (json::jsonb ->> 'at')::bigint < $${before}`

/** The batch as parallel arrays, for unnest(). */
function columns(events: readonly TrackingEventRecord[]): unknown[][] {
  const values = events.map(eventValues)
  return Array.from({ length: 8 }, (_, column) => values.map((row) => row[column]))
}

export function createPostgresTrackingStore(pool: pg.Pool): TrackingStore {
  const rows = async <Row extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<Row[]> => (await pool.query<Row>(text, values)).rows

  const stored = new StoredFirstKeys()

  return {
    async recordEvents(events) {
      if (events.length === 0) return []
      const keys = events.map(firstKey)
      const first = await inTransaction(pool, async (client) => {
        const unknown = events.filter((_event, index) => !stored.has(keys[index] ?? ''))
        const added = new Set<string>()
        if (unknown.length > 0) {
          const lookup = columns(unknown)
          const inserted = await client.query<{ workspace_id: string; campaign_id: string; contact_id: string; type: string; link_index: number; machine: number }>(
            `INSERT INTO tracking_firsts (${FIRST_COLUMNS})
             SELECT DISTINCT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[]) AS k (w, c, p, ty, m, l)
             ORDER BY 1, 2, 3, 4, 5, 6
             ON CONFLICT DO NOTHING
             RETURNING ${FIRST_COLUMNS}`,
            [lookup[0], lookup[1], lookup[2], lookup[3], lookup[6], lookup[4]],
          )
          for (const row of inserted.rows) {
            added.add(
              firstKey({
                workspaceId: row.workspace_id,
                campaignId: row.campaign_id,
                contactId: row.contact_id,
                type: row.type as TrackingEventRecord['type'],
                linkIndex: row.link_index,
                machine: row.machine === 1,
              }),
            )
          }
        }
        await client.query(
          `INSERT INTO tracking_events (${INSERT_COLUMNS})
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bigint[], $7::int[], $8::text[])`,
          columns(events),
        )
        // An added key makes the batch's first event with that key the first of its kind.
        return keys.map((key) => added.delete(key))
      })
      // Committed: from now on these keys are known to be stored.
      stored.addAll(keys)
      return first
    },

    async recordUnsubscribe(event) {
      return inTransaction(pool, async (client) => {
        const unsubscribe: TrackingEventRecord = { ...event, type: 'unsubscribe', linkIndex: -1, machine: false }
        // The key constraint serializes concurrent unsubscribes of one recipient (two instances, a double click).
        const added = await client.query(ADD_FIRST_SQL, firstValues(unsubscribe))
        if (added.rowCount !== 1) return false
        await client.query(`INSERT INTO tracking_events (${INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, eventValues(unsubscribe))
        return true
      })
    },

    async campaignEngagement(workspaceId, campaignId, timelineBuckets) {
      // One snapshot for the three reads, so totals, links and timeline agree.
      return inTransaction(pool, async (client) => {
        await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY')
        const totals = await client.query<TotalsRow>(CAMPAIGN_TOTALS_SQL, [workspaceId, campaignId])
        const links = await client.query<LinkRow>(CAMPAIGN_LINKS_SQL, [workspaceId, campaignId])
        const timeline = await client.query<TimelineRow>(CAMPAIGN_TIMELINE_SQL, [workspaceId, campaignId, timelineBuckets])
        return toEngagement(totals.rows[0], links.rows, timeline.rows)
      })
    },

    async countEvents(workspaceId) {
      const [row] =
        workspaceId === undefined
          ? await rows<{ total: number }>('SELECT COUNT(*) AS total FROM tracking_events', [])
          : await rows<{ total: number }>('SELECT COUNT(*) AS total FROM tracking_events WHERE workspace_id = $1', [workspaceId])
      return Number(row?.total ?? 0)
    },

    async contactEmail(workspaceId, contactId) {
      const [row] = await rows<{ json: string }>(`SELECT json FROM documents WHERE workspace_id = $1 AND collection = 'contacts' AND id = $2`, [
        workspaceId,
        contactId,
      ])
      return liveEmail(row?.json)
    },

    async contactEmails(workspaceId, contactIds) {
      const found = await rows<{ id: string; json: string }>(
        `SELECT id, json FROM documents WHERE workspace_id = $1 AND collection = 'contacts' AND id = ANY($2::text[])`,
        [workspaceId, [...new Set(contactIds)]],
      )
      const emails = new Map<string, string>()
      for (const row of found) {
        const email = liveEmail(row.json)
        if (email !== null) emails.set(row.id, email)
      }
      return emails
    },

    async eventDocumentsBefore(workspaceId, before, limit) {
      const found = await rows<{ id: string }>(
        `SELECT id FROM documents WHERE workspace_id = $1 AND ${liveEventDocsBefore(2)} ORDER BY (json::jsonb ->> 'at')::bigint, id LIMIT $3`,
        [workspaceId, before, limit],
      )
      return found.map((row) => row.id)
    },

    async workspacesWithEventDocumentsBefore(before) {
      const found = await rows<{ workspace_id: string }>(
        `SELECT DISTINCT workspace_id FROM documents WHERE ${liveEventDocsBefore(1)}`, [before]
      )
      return found.map((row) => row.workspace_id)
    },
  }
}
