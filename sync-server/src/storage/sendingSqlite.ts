import type { Database } from 'better-sqlite3'
import { MEMBERS_COLLECTION } from './migrations'
import { normalizeEmail } from './port'
import type { AbDecision, CampaignRun, RecipientCounts, SendingStore } from './sendingPort'
import { AB_ENGAGEMENT_SQL, AB_QUEUE_SQL, emptyRecipientCounts, RUN_COLUMNS, RUN_READ_COLUMNS, toAbVariantFigures, toCampaignRun, toClaimedRecipient, toRecipientStatus } from './sendingRows'
import type { AbEngagementRow, AbQueueRow, CampaignRunRow, ClaimedRow } from './sendingRows'
import { preparedStatements } from './sqliteStatements'
import { hashedSuppressionKey, suppressedEmailSet, suppressionLookupKeys } from './suppressionHash'

// The send queue on SQLite. better-sqlite3 runs each statement and transaction to completion
// without yielding, and SQLite has one writer at a time, so a claim (one UPDATE … RETURNING) can
// never hand a row to two claimers, in this process or another one on the same file.

/** `$1`, `$2` → `?`: better-sqlite3 binds only anonymous parameters positionally (the shared SQL uses each once, in order). */
const numbered = (sql: string): string => sql.replace(/\$\d+/g, '?')

export function createSqliteSendingStore(db: Database): SendingStore {
  const statement = preparedStatements(db)

  const readRun = (workspaceId: string, campaignId: string): CampaignRun | null => {
    const row = statement<CampaignRunRow>(`SELECT ${RUN_READ_COLUMNS} FROM campaign_runs WHERE workspace_id = ? AND campaign_id = ?`).get(
      workspaceId,
      campaignId,
    )
    return row === undefined ? null : toCampaignRun(row)
  }

  const materialize = db.transaction((plan: Parameters<SendingStore['materializeCampaign']>[0]) => {
    const inserted = statement(
      `INSERT INTO campaign_runs (${RUN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (workspace_id, campaign_id) DO NOTHING`,
    ).run(
      plan.workspaceId,
      plan.campaignId,
      JSON.stringify(plan.links),
      plan.templateJson,
      plan.recipients.length,
      plan.suppressed,
      plan.duplicates,
      plan.createdAt,
      plan.abTestJson ?? null,
    )
    if (inserted.changes === 0) return false
    const insertRecipient = statement(
      `INSERT INTO recipients (workspace_id, campaign_id, contact_id, email, status, attempts, lease_until, next_attempt_at, variant)
       VALUES (?, ?, ?, ?, ?, 0, 0, 0, ?)`,
    )
    for (const recipient of plan.recipients) {
      insertRecipient.run(plan.workspaceId, plan.campaignId, recipient.contactId, recipient.email, recipient.held === true ? 'held' : 'queued', recipient.variant ?? '')
    }
    return true
  })

  const decide = db.transaction((workspaceId: string, campaignId: string, decision: AbDecision) => {
    const decided = statement(
      `UPDATE campaign_runs SET ab_winner_id = ?, ab_decided_by = ?, ab_decided_at = ?
       WHERE workspace_id = ? AND campaign_id = ? AND ab_test IS NOT NULL AND ab_winner_id IS NULL`,
    ).run(decision.winnerId, decision.decidedBy, decision.decidedAt, workspaceId, campaignId)
    if (decided.changes === 0) return false
    statement(`UPDATE recipients SET status = 'queued' WHERE workspace_id = ? AND campaign_id = ? AND status = 'held'`).run(workspaceId, campaignId)
    return true
  })

  const recordOutcomes = db.transaction((workspaceId: string, campaignId: string, outcomes: Parameters<SendingStore['recordOutcomes']>[2]) => {
    for (const outcome of outcomes) {
      switch (outcome.kind) {
        case 'sent':
          // Whoever holds the row now, the message went out: record it (the first message id stays).
          statement(
            `UPDATE recipients SET status = 'sent', message_id = ?, sent_at = ?, claim_id = NULL, last_error = NULL
             WHERE workspace_id = ? AND campaign_id = ? AND contact_id = ? AND status IN ('queued', 'sending')`,
          ).run(outcome.messageId, outcome.at, workspaceId, campaignId, outcome.contactId)
          break
        case 'retry':
          statement(
            `UPDATE recipients SET status = 'queued', next_attempt_at = ?, last_error = ?, claim_id = NULL, lease_until = 0
             WHERE workspace_id = ? AND campaign_id = ? AND contact_id = ? AND status = 'sending' AND claim_id = ?`,
          ).run(outcome.nextAttemptAt, outcome.error, workspaceId, campaignId, outcome.contactId, outcome.claimId)
          break
        case 'failed':
        case 'bounced':
        case 'skipped':
          statement(
            `UPDATE recipients SET status = ?, last_error = ?, claim_id = NULL, lease_until = 0
             WHERE workspace_id = ? AND campaign_id = ? AND contact_id = ? AND status = 'sending' AND claim_id = ?`,
          ).run(outcome.kind, outcome.error, workspaceId, campaignId, outcome.contactId, outcome.claimId)
          break
      }
    }
  })

  return {
    async addSuppression(workspaceId, email, reason, at) {
      const result = statement(
        'INSERT INTO suppressions (workspace_id, email, reason, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (workspace_id, email) DO NOTHING',
      ).run(workspaceId, normalizeEmail(email), reason, at)
      return result.changes > 0
    },

    async isSuppressed(workspaceId, email) {
      return (
        statement('SELECT 1 FROM suppressions WHERE workspace_id = ? AND email IN (?, ?)').get(
          workspaceId,
          normalizeEmail(email),
          hashedSuppressionKey(workspaceId, email),
        ) !== undefined
      )
    },

    async listSuppressedEmails(workspaceId) {
      const rows = statement<{ email: string }>('SELECT email FROM suppressions WHERE workspace_id = ?').all(workspaceId)
      return suppressedEmailSet(workspaceId, rows.map((row) => row.email))
    },

    async suppressedAmong(workspaceId, emails) {
      // Erased addresses are kept as hashes (suppressionHash.ts): look both forms up.
      const keys = suppressionLookupKeys(workspaceId, emails)
      const rows = statement<{ email: string }>(
        'SELECT email FROM suppressions WHERE workspace_id = ? AND email IN (SELECT value FROM json_each(?))',
      ).all(workspaceId, JSON.stringify([...keys.keys()]))
      return new Set(rows.map((row) => keys.get(row.email) ?? row.email))
    },

    async getCampaignLinks(workspaceId, campaignId) {
      return readRun(workspaceId, campaignId)?.links ?? null
    },

    async listActiveCampaigns() {
      // The literal `collection <> 'members'` lets SQLite use the (collection, id) partial index.
      const rows = statement<{ workspace_id: string; json: string }>(
        `SELECT d.workspace_id, d.json FROM documents d JOIN workspaces w ON w.id = d.workspace_id AND w.deleted_at IS NULL
         WHERE d.collection = 'campaigns' AND d.collection <> '${MEMBERS_COLLECTION}'
           AND json_extract(d.json, '$.status') IN ('scheduled', 'sending') AND json_extract(d.json, '$._deleted') = 0`,
      ).all()
      return rows.map((row) => ({ workspaceId: row.workspace_id, doc: JSON.parse(row.json) as Record<string, unknown> }))
    },

    async getDocuments(workspaceId, collection, ids) {
      const rows = statement<{ id: string; json: string }>(
        'SELECT id, json FROM documents WHERE workspace_id = ? AND collection = ? AND id IN (SELECT value FROM json_each(?))',
      ).all(workspaceId, collection, JSON.stringify(ids))
      const documents = new Map<string, Record<string, unknown>>()
      for (const row of rows) {
        const doc = JSON.parse(row.json) as Record<string, unknown>
        if (doc._deleted !== true) documents.set(row.id, doc)
      }
      return documents
    },

    async materializeCampaign(plan) {
      // IMMEDIATE: take the write lock before reading, so two processes cannot both see "no run".
      const created = materialize.immediate(plan)
      const run = readRun(plan.workspaceId, plan.campaignId)
      if (run === null) throw new Error(`campaign run ${plan.campaignId} missing after materialization`)
      return { created, run }
    },

    async getCampaignRun(workspaceId, campaignId) {
      return readRun(workspaceId, campaignId)
    },

    async claimRecipients(workspaceId, campaignId, { claimId, limit, now, leaseMs }) {
      const rows = statement<ClaimedRow>(
        `UPDATE recipients SET status = 'sending', claim_id = ?, lease_until = ?, attempts = attempts + 1
         WHERE rowid IN (
           SELECT rowid FROM recipients
           WHERE workspace_id = ? AND campaign_id = ?
             AND ((status = 'queued' AND next_attempt_at <= ?) OR (status = 'sending' AND lease_until <= ?))
           LIMIT ?)
         RETURNING contact_id, email, attempts, variant`,
      ).all(claimId, now + leaseMs, workspaceId, campaignId, now, now, limit)
      return rows.map(toClaimedRecipient)
    },

    async recordOutcomes(workspaceId, campaignId, outcomes) {
      if (outcomes.length === 0) return
      recordOutcomes.immediate(workspaceId, campaignId, outcomes)
    },

    async releaseClaim(workspaceId, campaignId, claimId, contactIds) {
      // A released row was never attempted: its attempt is given back.
      const release = `UPDATE recipients SET status = 'queued', claim_id = NULL, lease_until = 0, attempts = MAX(attempts - 1, 0)
         WHERE workspace_id = ? AND campaign_id = ? AND status = 'sending' AND claim_id = ?`
      const result =
        contactIds === undefined
          ? statement(release).run(workspaceId, campaignId, claimId)
          : statement(`${release} AND contact_id IN (SELECT value FROM json_each(?))`).run(workspaceId, campaignId, claimId, JSON.stringify(contactIds))
      return result.changes
    },

    async countRecipients(workspaceId, campaignId) {
      const rows = statement<{ status: string; count: number }>(
        'SELECT status, COUNT(*) AS count FROM recipients WHERE workspace_id = ? AND campaign_id = ? GROUP BY status',
      ).all(workspaceId, campaignId)
      const counts: RecipientCounts = emptyRecipientCounts()
      for (const row of rows) counts[toRecipientStatus(row.status)] = row.count
      return counts
    },

    async nextDueAt(workspaceId, campaignId) {
      const row = statement<{ due: number | null }>(
        `SELECT MIN(due) AS due FROM (
           SELECT MIN(next_attempt_at) AS due FROM recipients WHERE workspace_id = ? AND campaign_id = ? AND status = 'queued'
           UNION ALL
           SELECT MIN(lease_until) AS due FROM recipients WHERE workspace_id = ? AND campaign_id = ? AND status = 'sending')`,
      ).get(workspaceId, campaignId, workspaceId, campaignId)
      return row?.due ?? null
    },

    async abVariantFigures(workspaceId, campaignId) {
      const queue = statement<AbQueueRow>(numbered(AB_QUEUE_SQL)).all(workspaceId, campaignId)
      const engagement = statement<AbEngagementRow>(numbered(AB_ENGAGEMENT_SQL)).all(workspaceId, campaignId, workspaceId, campaignId)
      return toAbVariantFigures(queue, engagement)
    },

    async decideAbWinner(workspaceId, campaignId, decision) {
      const decided = decide.immediate(workspaceId, campaignId, decision)
      const run = readRun(workspaceId, campaignId)
      if (run === null) throw new Error(`campaign run ${campaignId} missing while deciding its A/B test`)
      return { decided, run }
    },
  }
}
