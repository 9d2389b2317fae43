import { MEMBERS_COLLECTION } from './migrations'
import type { DocumentWrite, StoredDocument } from './port'

/** A document about to be written: its id and the exact JSON text that will be stored and served. */
export interface PlannedWrite {
  id: string
  json: string
}

/**
 * Checks what `decide` returned and serializes it: one write per id (the last one wins), every
 * id among the pushed ones, since only those passed the foreign-id check.
 */
export function planDocumentWrites(ids: readonly string[], writes: readonly DocumentWrite[]): PlannedWrite[] {
  const pushed = new Set(ids)
  const byId = new Map<string, string>()
  for (const write of writes) {
    if (!pushed.has(write.id)) throw new Error(`decide wrote ${write.id}, which was not among the pushed ids`)
    byId.set(write.id, JSON.stringify(write.doc))
  }
  return [...byId].map(([id, json]) => ({ id, json }))
}

/** Gives each planned write the next sequence after `currentSeq`, in order. */
export function assignSequences(currentSeq: number, planned: readonly PlannedWrite[]): StoredDocument[] {
  return planned.map((write, index) => ({ id: write.id, seq: currentSeq + index + 1, json: write.json }))
}

/** Member documents are written only by the membership methods (their ids repeat across workspaces). */
export function assertPushableCollection(collection: string): void {
  if (collection === MEMBERS_COLLECTION) throw new Error(`${MEMBERS_COLLECTION} documents are written through the membership methods only`)
}

/** Where a pull starts: after the checkpoint, or before everything (sequences start at 1). */
export function pullStart(checkpoint: { seq: number; id: string } | null): { seq: number; id: string } {
  return checkpoint ?? { seq: 0, id: '' }
}
