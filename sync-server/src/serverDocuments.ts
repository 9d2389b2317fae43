import type { HlcClock } from '@core/hlc'
import type { CollectionName } from '@core/schema'
import { applyLocalChange, createSyncedDoc } from '@core/sync/localChange'
import type { SyncedDoc } from '@core/sync/syncedDoc'
import type { StoragePort, StoredDocument } from './storage/port'

// How the server itself writes replicated documents (campaign status and stats, contact
// engagement rollups, engagement events): through the same per-workspace sequence as pushes, so
// every device pulls and streams them, with each changed field stamped by the server's HLC.

type Doc = Record<string, unknown>

/** Fields to set (undefined leaves a field as is) on one document, or null to leave it alone. */
export type ServerPatch = (current: Doc) => Doc | null

export class ServerDocuments {
  constructor(
    private readonly storage: StoragePort,
    private readonly clock: HlcClock,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Patches existing live documents in one transaction; missing or deleted ones are skipped.
   * Only fields whose value changes get a new stamp, so a concurrent client edit of another
   * field is never overridden. Returns the documents written.
   */
  async patch(workspaceId: string, collection: CollectionName, patches: ReadonlyMap<string, ServerPatch>): Promise<StoredDocument[]> {
    if (patches.size === 0) return []
    return this.storage.pushDocuments(workspaceId, collection, [...patches.keys()], ({ masters }) => {
      const writes: Array<{ id: string; doc: Doc }> = []
      const now = this.now()
      for (const [id, patchOf] of patches) {
        const master = masters.get(id)
        if (master === undefined || master._deleted === true) continue
        for (const stamp of Object.values(master._clock as Record<string, string>)) this.clock.receive(stamp)
        const fields = patchOf(master)
        if (fields === null) continue
        const next = applyLocalChange(master as unknown as SyncedDoc, fields as Partial<Omit<SyncedDoc, keyof SyncedDoc>>, this.clock.now(), now)
        if (next !== null) writes.push({ id, doc: next as unknown as Doc })
      }
      return writes
    })
  }

  /** Inserts new server-authored documents (ids must be new: an existing id is left as it is). */
  async insert(workspaceId: string, collection: CollectionName, docs: ReadonlyArray<{ id: string } & Doc>): Promise<StoredDocument[]> {
    if (docs.length === 0) return []
    return this.storage.pushDocuments(workspaceId, collection, docs.map((doc) => doc.id), ({ masters }) => {
      const now = this.now()
      return docs
        .filter((doc) => !masters.has(doc.id))
        .map(({ id, ...fields }) => ({ id, doc: createSyncedDoc(id, fields as Omit<SyncedDoc, keyof SyncedDoc>, this.clock.now(), now) as unknown as Doc }))
    })
  }
}
