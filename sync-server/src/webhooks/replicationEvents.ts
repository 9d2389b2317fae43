import type { DocumentWrite, StoredDocument } from '../storage/port'
import type { OutboundEvent } from './outboundEvents'
import { eventData } from './storedOutboundEvents'

// Which webhook events a committed push makes: contacts created, updated or deleted; deals moved
// to another stage, won or lost; tasks created. Each event id is derived from what caused it
// (collection, document, the sequence its write got, type), so emitting again after a retry
// queues nothing new.

type Doc = Record<string, unknown>

const live = (doc: Doc | undefined): doc is Doc => doc !== undefined && doc._deleted !== true

export function replicationEvents(
  workspaceId: string,
  collection: string,
  masters: ReadonlyMap<string, Doc>,
  writes: readonly DocumentWrite[],
  stored: readonly StoredDocument[],
  at: number,
): OutboundEvent[] {
  if (collection !== 'contacts' && collection !== 'deals' && collection !== 'activities') return []
  const seqs = new Map(stored.map((document) => [document.id, document.seq]))
  const events: OutboundEvent[] = []
  for (const { id, doc } of writes) {
    const seq = seqs.get(id)
    if (seq === undefined) continue
    const before = masters.get(id)
    const event = (type: OutboundEvent['type']): OutboundEvent => ({ id: `${collection}:${id}:${seq}:${type}`, workspaceId, type, at, data: eventData(doc) })
    if (collection === 'contacts') {
      if (!live(before) && live(doc)) events.push(event('contact.created'))
      else if (live(before) && !live(doc)) events.push(event('contact.deleted'))
      else if (live(before) && live(doc)) events.push(event('contact.updated'))
    } else if (collection === 'deals') {
      if (!live(doc)) continue
      const wasStatus = live(before) ? before.status : 'open'
      if (doc.status !== wasStatus && doc.status === 'won') events.push(event('deal.won'))
      if (doc.status !== wasStatus && doc.status === 'lost') events.push(event('deal.lost'))
      if (live(before) && before.stageId !== doc.stageId) events.push(event('deal.stage_changed'))
    } else if (doc.kind === 'task' && !live(before) && live(doc)) {
      events.push(event('task.created'))
    }
  }
  return events
}
