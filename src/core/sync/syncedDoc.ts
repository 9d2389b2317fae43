/** The replication envelope every synced document carries (ARCHITECTURE.md, data model). */
export interface SyncedDoc {
  id: string
  updatedAt: number
  /** Tombstone; absent means live (RxDB document types leave it out). */
  _deleted?: boolean
  /** Per-field HLC stamps: { [field]: "<wall ms>-<counter>-<node>" }. */
  _clock: Record<string, string>
}

/** Storage bookkeeping that is never merged or replicated as data. */
export const STORAGE_META_FIELDS: ReadonlySet<string> = new Set(['_rev', '_meta', '_attachments'])
