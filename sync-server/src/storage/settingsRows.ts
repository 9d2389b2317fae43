import type { OutboxMessageRecord, OutboxMessageSummary, StoredSendingSettings } from './settingsStore'

// Row shapes of the settings tables, shared by settingsSqlite.ts and settingsPostgres.ts.

export const SENDING_SETTINGS_COLUMNS = 'workspace_id, config_json, secrets_cipher, updated_at, updated_by'
export const OUTBOX_SUMMARY_COLUMNS = 'id, workspace_id, received_at, from_address, to_addresses, subject'

export interface SendingSettingsRow {
  workspace_id: string
  config_json: string
  secrets_cipher: string | null
  updated_at: number
  updated_by: string
}

export interface OutboxSummaryRow {
  id: string
  workspace_id: string
  received_at: number
  from_address: string
  to_addresses: string
  subject: string
}

export interface OutboxMessageRow extends OutboxSummaryRow {
  headers_json: string
  html: string | null
  text_body: string | null
}

export function toSendingSettings(row: SendingSettingsRow): StoredSendingSettings {
  return {
    workspaceId: row.workspace_id,
    configJson: row.config_json,
    secretsCipher: row.secrets_cipher,
    updatedAt: Number(row.updated_at),
    updatedBy: row.updated_by,
  }
}

export function toOutboxSummary(row: OutboxSummaryRow): OutboxMessageSummary {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    receivedAt: Number(row.received_at),
    from: row.from_address,
    to: row.to_addresses,
    subject: row.subject,
  }
}

export function toOutboxMessage(row: OutboxMessageRow): OutboxMessageRecord {
  return { ...toOutboxSummary(row), headers: parseHeaders(row.headers_json), html: row.html, text: row.text_body }
}

function parseHeaders(json: string): Array<[string, string]> {
  const value: unknown = JSON.parse(json)
  if (!Array.isArray(value)) return []
  return value.filter((pair): pair is [string, string] => Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string')
}
