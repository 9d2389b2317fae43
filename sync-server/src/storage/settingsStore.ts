// Server-only workspace settings: sending settings (never replicated to clients) and the mail the
// embedded SMTP sink caught (Settings → Outbox). Part of the storage port (storage.settings);
// sqlite and postgres implementations pass settingsStore.test.ts.

export interface StoredSendingSettings {
  workspaceId: string
  /** The non-secret settings as JSON text (shape owned by sendingSettings/). */
  configJson: string
  /** The secrets, encrypted (sendingSettings/secretBox.ts); null when there are none. */
  secretsCipher: string | null
  updatedAt: number
  updatedBy: string
}

export interface OutboxMessageSummary {
  id: string
  workspaceId: string
  receivedAt: number
  from: string
  to: string
  subject: string
}

export interface OutboxMessageRecord extends OutboxMessageSummary {
  /** Every header as received, in order: [name, value] pairs. */
  headers: Array<[string, string]>
  html: string | null
  text: string | null
}

export interface SettingsStore {
  getSendingSettings(workspaceId: string): Promise<StoredSendingSettings | null>
  /** Inserts or replaces the workspace's settings; false (nothing written) when the workspace is missing or deleted. */
  saveSendingSettings(settings: StoredSendingSettings): Promise<boolean>

  /**
   * Files a caught message under its workspace and drops that workspace's oldest beyond
   * `keepNewest`. False (nothing written) when the workspace is missing or deleted.
   */
  addOutboxMessage(message: OutboxMessageRecord, keepNewest: number): Promise<boolean>
  /** Newest first (receivedAt, then id). */
  listOutboxMessages(workspaceId: string, limit: number): Promise<OutboxMessageSummary[]>
  /** Null when the id is unknown or belongs to another workspace. */
  getOutboxMessage(workspaceId: string, id: string): Promise<OutboxMessageRecord | null>
  /** Deletes the workspace's caught mail; returns how many messages went. */
  clearOutbox(workspaceId: string): Promise<number>
}
