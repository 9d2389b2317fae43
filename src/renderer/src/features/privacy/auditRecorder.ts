import { useEffect, useSyncExternalStore } from 'react'
import { newId } from '@core/ids'
import { AUDIT_REPORT_MAX_ENTRIES, auditReportEntrySchema, type AuditReportEntry } from '@core/privacy/audit'
import type { OutpostData } from '../../data/dataContext'
import type { SyncController } from '../../data/sync/syncController'
import { createPrivacyApi, type PrivacyApi } from './privacyApi'

// Exports made on this device are reported to the server's audit log (POST /api/audit). They are
// queued first, in localStorage under the open database's name (so entries made while local only
// go to the workspace that later adopts that data), and sent whenever replication is online:
// right away when it is, otherwise when it comes back. A report carries an id chosen here, so a
// retry after a lost answer is stored once.

const KEY_PREFIX = 'outpost.auditQueue.'

export type AuditRecord = Omit<AuditReportEntry, 'id' | 'at'>

function readQueue(key: string): AuditReportEntry[] {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(key) ?? '[]')
    if (!Array.isArray(parsed)) return []
    return parsed.flatMap((entry) => {
      const checked = auditReportEntrySchema.safeParse(entry)
      return checked.success ? [checked.data] : []
    })
  } catch {
    return []
  }
}

export class AuditRecorder {
  readonly #key: string
  readonly #listeners = new Set<() => void>()
  #entries: AuditReportEntry[]
  #flushing: Promise<void> | null = null
  #again = false
  #started = false

  constructor(
    databaseName: string,
    private readonly sync: Pick<SyncController, 'getSnapshot' | 'subscribe'>,
    private readonly api: Pick<PrivacyApi, 'reportAudit'>,
    private readonly now: () => number = Date.now,
  ) {
    this.#key = KEY_PREFIX + databaseName
    this.#entries = readQueue(this.#key)
  }

  /** Follows the sync state for the rest of the session: sends the queue whenever replication is online. */
  start(): void {
    if (this.#started) return
    this.#started = true
    this.sync.subscribe(() => void this.flush())
    void this.flush()
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Entries recorded here and not yet stored by the server, oldest first. */
  pending = (): readonly AuditReportEntry[] => this.#entries

  /** Queues one entry and sends the queue if the server can be reached now. */
  record(record: AuditRecord): AuditReportEntry {
    const at = this.now()
    const entry: AuditReportEntry = { ...record, subject: record.subject.slice(0, 200), id: newId(at), at }
    this.#save([...this.#entries, entry])
    void this.flush()
    return entry
  }

  /** Sends what is queued when replication is online; one flush at a time (asked again meanwhile: once more after it). */
  flush(): Promise<void> {
    if (this.#flushing !== null) {
      this.#again = true
      return this.#flushing
    }
    this.#flushing = (async () => {
      do {
        this.#again = false
        await this.#send()
      } while (this.#again)
    })().finally(() => {
      this.#flushing = null
    })
    return this.#flushing
  }

  async #send(): Promise<void> {
    for (;;) {
      const snapshot = this.sync.getSnapshot()
      if (snapshot.account === null || snapshot.engine?.connection !== 'online') return
      const batch = this.#entries.slice(0, AUDIT_REPORT_MAX_ENTRIES)
      if (batch.length === 0) return
      const answer = await this.api.reportAudit(batch)
      // Offline again or a server error: keep them for the next time. A refusal (4xx but 401) will not change on retry.
      if (!answer.ok && (answer.error.kind === 'network' || answer.error.status >= 500 || answer.error.status === 401)) return
      const sent = new Set(batch.map((entry) => entry.id))
      this.#save(this.#entries.filter((entry) => !sent.has(entry.id)))
    }
  }

  #save(entries: AuditReportEntry[]): void {
    this.#entries = entries
    try {
      window.localStorage.setItem(this.#key, JSON.stringify(entries))
    } catch {
      // Storage full or unavailable: the entries are still sent from memory while the window is open.
    }
    for (const listener of this.#listeners) listener()
  }
}

const recorders = new WeakMap<SyncController, AuditRecorder>()

/** The one recorder of the open database (created and started on first use). */
export function auditRecorderFor(data: Pick<OutpostData, 'db' | 'sync'>): AuditRecorder {
  let recorder = recorders.get(data.sync)
  if (recorder === undefined) {
    const sync = data.sync
    recorder = new AuditRecorder(data.db.name, sync, createPrivacyApi((request) => sync.requestWorkspace(request)))
    recorders.set(sync, recorder)
  }
  return recorder
}

/** The recorder, started (screens that record, and Settings → Privacy, mount it). */
export function useAuditRecorder(data: Pick<OutpostData, 'db' | 'sync'>): AuditRecorder {
  const recorder = auditRecorderFor(data)
  useEffect(() => recorder.start(), [recorder])
  return recorder
}

export function usePendingAuditEntries(recorder: AuditRecorder): readonly AuditReportEntry[] {
  return useSyncExternalStore(recorder.subscribe, recorder.pending)
}
