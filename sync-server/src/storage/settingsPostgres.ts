import type pg from 'pg'
import type { SettingsStore } from './settingsStore'
import { OUTBOX_SUMMARY_COLUMNS, SENDING_SETTINGS_COLUMNS, toOutboxMessage, toOutboxSummary, toSendingSettings } from './settingsRows'
import type { OutboxMessageRow, OutboxSummaryRow, SendingSettingsRow } from './settingsRows'

/** The settings part of the PostgreSQL storage, on its pool. */
export function createPostgresSettingsStore(pool: pg.Pool): SettingsStore {
  return {
    async getSendingSettings(workspaceId) {
      const result = await pool.query<SendingSettingsRow>(`SELECT ${SENDING_SETTINGS_COLUMNS} FROM sending_settings WHERE workspace_id = $1`, [workspaceId])
      const row = result.rows[0]
      return row === undefined ? null : toSendingSettings(row)
    },

    async saveSendingSettings(settings) {
      const result = await pool.query(
        `INSERT INTO sending_settings (${SENDING_SETTINGS_COLUMNS})
         SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM workspaces WHERE id = $1 AND deleted_at IS NULL)
         ON CONFLICT (workspace_id) DO UPDATE SET config_json = excluded.config_json, secrets_cipher = excluded.secrets_cipher,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        [settings.workspaceId, settings.configJson, settings.secretsCipher, settings.updatedAt, settings.updatedBy],
      )
      return (result.rowCount ?? 0) > 0
    },

    async addOutboxMessage(message, keepNewest) {
      // One statement: insert (only for a live workspace), then trim that workspace to the newest.
      const result = await pool.query<{ inserted: number }>(
        `WITH inserted AS (
           INSERT INTO outbox_messages (id, workspace_id, received_at, from_address, to_addresses, subject, headers_json, html, text_body)
           SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 WHERE EXISTS (SELECT 1 FROM workspaces WHERE id = $2 AND deleted_at IS NULL)
           RETURNING id
         ), trimmed AS (
           DELETE FROM outbox_messages WHERE workspace_id = $2 AND EXISTS (SELECT 1 FROM inserted) AND id IN (
             SELECT id FROM outbox_messages WHERE workspace_id = $2 ORDER BY received_at DESC, id DESC OFFSET $10::int - 1)
         )
         SELECT count(*)::int AS inserted FROM inserted`,
        [
          message.id,
          message.workspaceId,
          message.receivedAt,
          message.from,
          message.to,
          message.subject,
          JSON.stringify(message.headers),
          message.html,
          message.text,
          keepNewest,
        ],
      )
      return (result.rows[0]?.inserted ?? 0) > 0
    },

    async listOutboxMessages(workspaceId, limit) {
      const result = await pool.query<OutboxSummaryRow>(
        `SELECT ${OUTBOX_SUMMARY_COLUMNS} FROM outbox_messages WHERE workspace_id = $1 ORDER BY received_at DESC, id DESC LIMIT $2`,
        [workspaceId, limit],
      )
      return result.rows.map(toOutboxSummary)
    },

    async getOutboxMessage(workspaceId, id) {
      const result = await pool.query<OutboxMessageRow>(
        `SELECT ${OUTBOX_SUMMARY_COLUMNS}, headers_json, html, text_body FROM outbox_messages WHERE workspace_id = $1 AND id = $2`,
        [workspaceId, id],
      )
      const row = result.rows[0]
      return row === undefined ? null : toOutboxMessage(row)
    },

    async clearOutbox(workspaceId) {
      const result = await pool.query('DELETE FROM outbox_messages WHERE workspace_id = $1', [workspaceId])
      return result.rowCount ?? 0
    },
  }
}
