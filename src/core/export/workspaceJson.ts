import type { CollectionName } from '../schema'

// The whole-workspace JSON export (issue 6, part 7): one file, written piece by piece so a
// 100,000-contact workspace never needs one giant string:
//   { "format": "outpost-workspace-export", "version": 1, "exportedAt": "<ISO>", "workspaceId": …,
//     "notes": …, "collections": { "contacts": [ … ], "companies": [ … ], … }, "counts": { … } }
// Decisions (also written into the file's "notes"):
// - Live documents only: tombstones (deleted and erased documents) are not workspace data.
// - Sync bookkeeping is left out: `_clock` (per-field HLC stamps), `_deleted`, RxDB's `_rev`,
//   `_meta`, `_attachments`. Ids, createdAt and updatedAt stay.
// - `members` is left out: it is the sync server's projection of accounts (teammates' emails and
//   roles), not CRM data, and no client can write it back. `events` is in, noted as a recent window.
// - Secrets never reach a device's database (the SMTP password and DKIM key stay on the server,
//   the session token in the OS keyring), so none can be exported; any field whose name looks
//   secret is dropped anyway, so a future schema cannot leak one by accident.

export const WORKSPACE_EXPORT_FORMAT = 'outpost-workspace-export'
export const WORKSPACE_EXPORT_VERSION = 1

/** In file order: the CRM first, then marketing, then settings and the engagement window. */
export const WORKSPACE_EXPORT_COLLECTIONS = ['contacts', 'companies', 'activities', 'segments', 'templates', 'campaigns', 'settings', 'events'] as const satisfies readonly CollectionName[]
export type ExportedCollection = (typeof WORKSPACE_EXPORT_COLLECTIONS)[number]

const INTERNAL_FIELDS: ReadonlySet<string> = new Set(['_clock', '_deleted', '_rev', '_meta', '_attachments'])
/** Field names that look like credentials. */
export const SECRET_FIELD_PATTERN = /pass(word)?|secret|token|private_?key|api_?key|credential/i

export const WORKSPACE_EXPORT_NOTES =
  'Live documents only. Sync metadata (_clock, _deleted, revisions) is left out. "members" (accounts) and server-only data ' +
  '(sending settings, SMTP password, sessions, full engagement history) are not part of a workspace export; "events" holds ' +
  'the recent engagement window this device keeps.'

/** The document as exported, or null when it is a tombstone (not exported). */
export function exportedDocument(doc: Readonly<Record<string, unknown>>): Record<string, unknown> | null {
  if (doc._deleted === true) return null
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(doc)) {
    if (INTERNAL_FIELDS.has(key) || SECRET_FIELD_PATTERN.test(key)) continue
    out[key] = value
  }
  return out
}

export interface WorkspaceExportMeta {
  exportedAt: number
  /** Null for a workspace that never synced (local only). */
  workspaceId: string | null
  workspaceName: string | null
}

/**
 * Writes the file as string parts: `begin`, then per collection `beginCollection`, `documents`
 * (any number of pages), then `end`. Parts concatenate to one JSON document.
 */
export class WorkspaceExportWriter {
  readonly #counts: Partial<Record<ExportedCollection, number>> = {}
  #current: ExportedCollection | null = null
  #first = true

  begin(meta: WorkspaceExportMeta): string {
    const head = {
      format: WORKSPACE_EXPORT_FORMAT,
      version: WORKSPACE_EXPORT_VERSION,
      exportedAt: new Date(meta.exportedAt).toISOString(),
      workspaceId: meta.workspaceId,
      workspaceName: meta.workspaceName,
      notes: WORKSPACE_EXPORT_NOTES,
    }
    return `${JSON.stringify(head).slice(0, -1)},"collections":{`
  }

  beginCollection(name: ExportedCollection): string {
    const comma = this.#current === null ? '' : '],'
    this.#current = name
    this.#first = true
    this.#counts[name] = 0
    return `${comma}${JSON.stringify(name)}:[`
  }

  /** One page of stored documents; tombstones are skipped. */
  documents(docs: Iterable<Readonly<Record<string, unknown>>>): string {
    const current = this.#current
    if (current === null) throw new Error('WorkspaceExportWriter: documents before beginCollection')
    let text = ''
    let count = 0
    for (const doc of docs) {
      const exported = exportedDocument(doc)
      if (exported === null) continue
      text += (this.#first ? '' : ',') + JSON.stringify(exported)
      this.#first = false
      count += 1
    }
    this.#counts[current] = (this.#counts[current] ?? 0) + count
    return text
  }

  end(): string {
    return `${this.#current === null ? '' : ']'}},"counts":${JSON.stringify(this.#counts)}}`
  }

  get counts(): Readonly<Partial<Record<ExportedCollection, number>>> {
    return this.#counts
  }
}
