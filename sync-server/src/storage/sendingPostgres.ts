import type pg from 'pg'
import { MEMBERS_COLLECTION } from './migrations'
import { normalizeEmail } from './port'
import type { CampaignRun, RecipientCounts, RecipientOutcome, SendingStore } from './sendingPort'
import { AB_ENGAGEMENT_SQL, AB_QUEUE_SQL, emptyRecipientCounts, RUN_COLUMNS, RUN_READ_COLUMNS, toAbVariantFigures, toCampaignRun, toClaimedRecipient, toRecipientStatus } from './sendingRows'
import type { AbEngagementRow, AbQueueRow, CampaignRunRow, ClaimedRow } from './sendingRows'
import { inTransaction } from './postgresTransactions'
import { hashedSuppressionKey, suppressedEmailSet, suppressionLookupKeys } from './suppressionHash'

// The send queue on PostgreSQL, shared by every server instance: claims take rows with
// FOR UPDATE SKIP LOCKED, so concurrent claimers pass over each other's rows instead of waiting
// or taking them twice.

/** Recipient rows per INSERT while materializing (keeps each statement's parameters small). */
const INSERT_CHUNK = 5_000

export function createPostgresSendingStore(pool: pg.Pool): SendingStore {
  const query = async <Row extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<Row[]> => (await pool.query<Row>(text, values)).rows

  const readRun = async (workspaceId: string, campaignId: string): Promise<CampaignRun | null> => {
    const [row] = await query<CampaignRunRow>(`SELECT ${RUN_READ_COLUMNS} FROM campaign_runs WHERE workspace_id = $1 AND campaign_id = $2`, [
      workspaceId,
      campaignId,
    ])
    return row === undefined ? null : toCampaignRun(row)
  }

  const outcomesOf = <K extends RecipientOutcome['kind']>(outcomes: readonly RecipientOutcome[], kind: K): Array<Extract<RecipientOutcome, { kind: K }>> =>
    outcomes.filter((outcome): outcome is Extract<RecipientOutcome, { kind: K }> => outcome.kind === kind)

  return {
    async addSuppression(workspaceId, email, reason, at) {
      const result = await pool.query(
        'INSERT INTO suppressions (workspace_id, email, reason, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (workspace_id, email) DO NOTHING',
        [workspaceId, normalizeEmail(email), reason, at],
      )
      return (result.rowCount ?? 0) > 0
    },

    async isSuppressed(workspaceId, email) {
      const rows = await query('SELECT 1 FROM suppressions WHERE workspace_id = $1 AND email IN ($2, $3)', [
        workspaceId,
        normalizeEmail(email),
        hashedSuppressionKey(workspaceId, email),
      ])
      return rows.length > 0
    },

    async listSuppressedEmails(workspaceId) {
      const rows = await query<{ email: string }>('SELECT email FROM suppressions WHERE workspace_id = $1', [workspaceId])
      return suppressedEmailSet(workspaceId, rows.map((row) => row.email))
    },

    async suppressedAmong(workspaceId, emails) {
      // Erased addresses are kept as hashes (suppressionHash.ts): look both forms up.
      const keys = suppressionLookupKeys(workspaceId, emails)
      const rows = await query<{ email: string }>('SELECT email FROM suppressions WHERE workspace_id = $1 AND email = ANY($2::text[])', [
        workspaceId,
        [...keys.keys()],
      ])
      return new Set(rows.map((row) => keys.get(row.email) ?? row.email))
    },

    async getCampaignLinks(workspaceId, campaignId) {
      return (await readRun(workspaceId, campaignId))?.links ?? null
    },

    async listActiveCampaigns() {
      // The literal `collection <> 'members'` lets the planner use the (collection, id) partial index.
      const rows = await query<{ workspace_id: string; json: string }>(
        `SELECT d.workspace_id, d.json FROM documents d JOIN workspaces w ON w.id = d.workspace_id AND w.deleted_at IS NULL
         WHERE d.collection = 'campaigns' AND d.collection <> '${MEMBERS_COLLECTION}'
           AND (d.json::jsonb ->> 'status') IN ('scheduled', 'sending') AND (d.json::jsonb ->> '_deleted') = 'false'`,
        [],
      )
      return rows.map((row) => ({ workspaceId: row.workspace_id, doc: JSON.parse(row.json) as Record<string, unknown> }))
    },

    async getDocuments(workspaceId, collection, ids) {
      const rows = await query<{ id: string; json: string }>(
        'SELECT id, json FROM documents WHERE workspace_id = $1 AND collection = $2 AND id = ANY($3::text[])',
        [workspaceId, collection, [...ids]],
      )
      const documents = new Map<string, Record<string, unknown>>()
      for (const row of rows) {
        const doc = JSON.parse(row.json) as Record<string, unknown>
        if (doc._deleted !== true) documents.set(row.id, doc)
      }
      return documents
    },

    async materializeCampaign(plan) {
      // A concurrent materializer's INSERT waits for this transaction, then does nothing.
      const created = await inTransaction(pool, async (client) => {
        const inserted = await client.query(
          `INSERT INTO campaign_runs (${RUN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (workspace_id, campaign_id) DO NOTHING`,
          [
            plan.workspaceId,
            plan.campaignId,
            JSON.stringify(plan.links),
            plan.templateJson,
            plan.recipients.length,
            plan.suppressed,
            plan.duplicates,
            plan.createdAt,
            plan.abTestJson ?? null,
          ],
        )
        if ((inserted.rowCount ?? 0) === 0) return false
        for (let start = 0; start < plan.recipients.length; start += INSERT_CHUNK) {
          const chunk = plan.recipients.slice(start, start + INSERT_CHUNK)
          await client.query(
            `INSERT INTO recipients (workspace_id, campaign_id, contact_id, email, status, attempts, lease_until, next_attempt_at, variant)
             SELECT $1::text, $2::text, r.contact_id, r.email, r.status, 0, 0, 0, r.variant
             FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS r (contact_id, email, status, variant)`,
            [
              plan.workspaceId,
              plan.campaignId,
              chunk.map((recipient) => recipient.contactId),
              chunk.map((recipient) => recipient.email),
              chunk.map((recipient) => (recipient.held === true ? 'held' : 'queued')),
              chunk.map((recipient) => recipient.variant ?? ''),
            ],
          )
        }
        return true
      })
      const run = await readRun(plan.workspaceId, plan.campaignId)
      if (run === null) throw new Error(`campaign run ${plan.campaignId} missing after materialization`)
      return { created, run }
    },

    getCampaignRun: readRun,

    async claimRecipients(workspaceId, campaignId, { claimId, limit, now, leaseMs }) {
      const rows = await query<ClaimedRow>(
        `WITH picked AS (
           SELECT contact_id FROM recipients
           WHERE workspace_id = $1 AND campaign_id = $2
             AND ((status = 'queued' AND next_attempt_at <= $3) OR (status = 'sending' AND lease_until <= $3))
           LIMIT $4
           FOR UPDATE SKIP LOCKED)
         UPDATE recipients r SET status = 'sending', claim_id = $5, lease_until = $6, attempts = r.attempts + 1
         FROM picked WHERE r.workspace_id = $1 AND r.campaign_id = $2 AND r.contact_id = picked.contact_id
         RETURNING r.contact_id, r.email, r.attempts, r.variant`,
        [workspaceId, campaignId, now, limit, claimId, now + leaseMs],
      )
      return rows.map(toClaimedRecipient)
    },

    async recordOutcomes(workspaceId, campaignId, outcomes) {
      if (outcomes.length === 0) return
      const sent = outcomesOf(outcomes, 'sent')
      const retries = outcomesOf(outcomes, 'retry')
      const finals = [...outcomesOf(outcomes, 'failed'), ...outcomesOf(outcomes, 'bounced'), ...outcomesOf(outcomes, 'skipped')]
      await inTransaction(pool, async (client) => {
        if (sent.length > 0) {
          // Whoever holds the row now, the message went out: record it (the first message id stays).
          await client.query(
            `UPDATE recipients r SET status = 'sent', message_id = u.message_id, sent_at = u.at, claim_id = NULL, last_error = NULL
             FROM unnest($3::text[], $4::text[], $5::bigint[]) AS u (contact_id, message_id, at)
             WHERE r.workspace_id = $1 AND r.campaign_id = $2 AND r.contact_id = u.contact_id AND r.status IN ('queued', 'sending')`,
            [workspaceId, campaignId, sent.map((o) => o.contactId), sent.map((o) => o.messageId), sent.map((o) => o.at)],
          )
        }
        if (retries.length > 0) {
          await client.query(
            `UPDATE recipients r SET status = 'queued', next_attempt_at = u.next_attempt_at, last_error = u.error, claim_id = NULL, lease_until = 0
             FROM unnest($3::text[], $4::text[], $5::bigint[], $6::text[]) AS u (contact_id, claim_id, next_attempt_at, error)
             WHERE r.workspace_id = $1 AND r.campaign_id = $2 AND r.contact_id = u.contact_id AND r.status = 'sending' AND r.claim_id = u.claim_id`,
            [workspaceId, campaignId, retries.map((o) => o.contactId), retries.map((o) => o.claimId), retries.map((o) => o.nextAttemptAt), retries.map((o) => o.error)],
          )
        }
        if (finals.length > 0) {
          await client.query(
            `UPDATE recipients r SET status = u.status, last_error = u.error, claim_id = NULL, lease_until = 0
             FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS u (contact_id, claim_id, status, error)
             WHERE r.workspace_id = $1 AND r.campaign_id = $2 AND r.contact_id = u.contact_id AND r.status = 'sending' AND r.claim_id = u.claim_id`,
            [workspaceId, campaignId, finals.map((o) => o.contactId), finals.map((o) => o.claimId), finals.map((o) => o.kind), finals.map((o) => o.error)],
          )
        }
      })
    },

    async releaseClaim(workspaceId, campaignId, claimId, contactIds) {
      // A released row was never attempted: its attempt is given back.
      const release = `UPDATE recipients SET status = 'queued', claim_id = NULL, lease_until = 0, attempts = GREATEST(attempts - 1, 0)
         WHERE workspace_id = $1 AND campaign_id = $2 AND status = 'sending' AND claim_id = $3`
      const result =
        contactIds === undefined
          ? await pool.query(release, [workspaceId, campaignId, claimId])
          : await pool.query(`${release} AND contact_id = ANY($4::text[])`, [workspaceId, campaignId, claimId, [...contactIds]])
      return result.rowCount ?? 0
    },

    async countRecipients(workspaceId, campaignId) {
      const rows = await query<{ status: string; count: number }>(
        'SELECT status, COUNT(*) AS count FROM recipients WHERE workspace_id = $1 AND campaign_id = $2 GROUP BY status',
        [workspaceId, campaignId],
      )
      const counts: RecipientCounts = emptyRecipientCounts()
      for (const row of rows) counts[toRecipientStatus(row.status)] = row.count
      return counts
    },

    async nextDueAt(workspaceId, campaignId) {
      const [row] = await query<{ due: number | null }>(
        `SELECT LEAST(
           (SELECT MIN(next_attempt_at) FROM recipients WHERE workspace_id = $1 AND campaign_id = $2 AND status = 'queued'),
           (SELECT MIN(lease_until) FROM recipients WHERE workspace_id = $1 AND campaign_id = $2 AND status = 'sending')) AS due`,
        [workspaceId, campaignId],
      )
      return row?.due ?? null
    },

    async abVariantFigures(workspaceId, campaignId) {
      const [queue, engagement] = await Promise.all([
        query<AbQueueRow>(AB_QUEUE_SQL, [workspaceId, campaignId]),
        query<AbEngagementRow>(AB_ENGAGEMENT_SQL, [workspaceId, campaignId, workspaceId, campaignId]),
      ])
      return toAbVariantFigures(queue, engagement)
    },

    async decideAbWinner(workspaceId, campaignId, decision) {
      const decided = await inTransaction(pool, async (client) => {
        const updated = await client.query(
          `UPDATE campaign_runs SET ab_winner_id = $3, ab_decided_by = $4, ab_decided_at = $5
           WHERE workspace_id = $1 AND campaign_id = $2 AND ab_test IS NOT NULL AND ab_winner_id IS NULL`,
          [workspaceId, campaignId, decision.winnerId, decision.decidedBy, decision.decidedAt],
        )
        if ((updated.rowCount ?? 0) === 0) return false
        await client.query(`UPDATE recipients SET status = 'queued' WHERE workspace_id = $1 AND campaign_id = $2 AND status = 'held'`, [workspaceId, campaignId])
        return true
      })
      const run = await readRun(workspaceId, campaignId)
      if (run === null) throw new Error(`campaign run ${campaignId} missing while deciding its A/B test`)
      return { decided, run }
    },
  }
}
