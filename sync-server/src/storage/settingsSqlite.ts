import type { Database } from 'better-sqlite3'
import type { OutboxMessageRecord, OutboxMessageSummary, SettingsStore, StoredSendingSettings } from './settingsStore'
import { OUTBOX_SUMMARY_COLUMNS, SENDING_SETTINGS_COLUMNS, toOutboxMessage, toOutboxSummary, toSendingSettings } from './settingsRows'
import type { OutboxMessageRow, OutboxSummaryRow, SendingSettingsRow } from './settingsRows'
import { preparedStatements } from './sqliteStatements'

/** The settings part of the SQLite storage, on its connection (tables exist after migrate()). */
export function createSqliteSettingsStore(db: Database): SettingsStore {
  const statement = preparedStatements(db)
  const addMessage = db.transaction((message: OutboxMessageRecord, keepNewest: number): boolean => {
    const inserted = statement(
        `INSERT INTO outbox_messages (id, workspace_id, received_at, from_address, to_addresses, subject, headers_json, html, text_body)
         SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM workspaces WHERE id = ? AND deleted_at IS NULL)`,
      )
      .run(
        message.id,
        message.workspaceId,
        message.receivedAt,
        message.from,
        message.to,
        message.subject,
        JSON.stringify(message.headers),
        message.html,
        message.text,
        message.workspaceId,
      )
    if (inserted.changes === 0) return false
    statement(
      `DELETE FROM outbox_messages WHERE workspace_id = ? AND id NOT IN (
         SELECT id FROM outbox_messages WHERE workspace_id = ? ORDER BY received_at DESC, id DESC LIMIT ?)`,
    ).run(message.workspaceId, message.workspaceId, keepNewest)
    return true
  })

  return {
    async getSendingSettings(workspaceId) {
      const row = statement<SendingSettingsRow>(`SELECT ${SENDING_SETTINGS_COLUMNS} FROM sending_settings WHERE workspace_id = ?`)
        .get(workspaceId)
      return row === undefined ? null : toSendingSettings(row)
    },

    async saveSendingSettings(settings: StoredSendingSettings) {
      const result = statement(
          `INSERT INTO sending_settings (${SENDING_SETTINGS_COLUMNS})
           SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM workspaces WHERE id = ? AND deleted_at IS NULL)
           ON CONFLICT (workspace_id) DO UPDATE SET config_json = excluded.config_json, secrets_cipher = excluded.secrets_cipher,
             updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        )
        .run(settings.workspaceId, settings.configJson, settings.secretsCipher, settings.updatedAt, settings.updatedBy, settings.workspaceId)
      return result.changes > 0
    },

    async addOutboxMessage(message, keepNewest) {
      return addMessage.immediate(message, keepNewest)
    },

    async listOutboxMessages(workspaceId, limit): Promise<OutboxMessageSummary[]> {
      return statement<OutboxSummaryRow>(
          `SELECT ${OUTBOX_SUMMARY_COLUMNS} FROM outbox_messages WHERE workspace_id = ? ORDER BY received_at DESC, id DESC LIMIT ?`,
        )
        .all(workspaceId, limit)
        .map(toOutboxSummary)
    },

    async getOutboxMessage(workspaceId, id) {
      const row = statement<OutboxMessageRow>(
          `SELECT ${OUTBOX_SUMMARY_COLUMNS}, headers_json, html, text_body FROM outbox_messages WHERE workspace_id = ? AND id = ?`,
        )
        .get(workspaceId, id)
      return row === undefined ? null : toOutboxMessage(row)
    },

    async clearOutbox(workspaceId) {
      return statement('DELETE FROM outbox_messages WHERE workspace_id = ?').run(workspaceId).changes
    },
  }
}
