import { campaignActionBetween } from '@core/campaigns/campaignStateMachine'
import { serverOwnedFields, type CampaignStatus, type CollectionName } from '@core/schema'
import { ERASED_CLOCK_KEY, isErased } from '@core/sync/erased'

// What a client may not decide alone, applied to each pushed document before it is merged:
// server-owned fields (engagement rollups, campaign stats) keep the stored values, and a campaign's
// status moves only by a legal step of the core state machine, and only someone allowed to erase
// can mark a document erased (an erasure is final: it beats every later edit).

type Doc = Record<string, unknown>

/** Issues a server stamp that sorts after every stamp given (the server's HLC, after receiving them). */
export type ServerStamp = (after: readonly string[]) => string

export interface GuardInput {
  collection: CollectionName
  incoming: Doc
  master: Doc | null
  assumedMaster: Doc | null
  serverStamp: ServerStamp
  /** The pusher may erase personal data (owners and admins). */
  mayErase: boolean
}

function clockOf(doc: Doc): Record<string, string> {
  return doc._clock as Record<string, string>
}

export function guardPushedDocument({ collection, incoming, master, assumedMaster, serverStamp, mayErase }: GuardInput): Doc {
  let doc = keepServerOwnedFields(collection, incoming, master)
  if (!mayErase) doc = withoutNewErasure(doc, master)
  if (collection === 'campaigns') doc = guardCampaignStatus(doc, master, assumedMaster, serverStamp)
  return doc
}

/** A member's device may echo an erasure it pulled, never start one: its tombstone stays an ordinary delete. */
function withoutNewErasure(incoming: Doc, master: Doc | null): Doc {
  const clock = clockOf(incoming)
  if (clock[ERASED_CLOCK_KEY] === undefined || (master !== null && isErased({ _clock: clockOf(master) }))) return incoming
  const { [ERASED_CLOCK_KEY]: _erased, ...rest } = clock
  return { ...incoming, _clock: rest }
}

function keepServerOwnedFields(collection: CollectionName, incoming: Doc, master: Doc | null): Doc {
  const fields = serverOwnedFields[collection]
  if (fields === undefined) return incoming
  const next: Doc = { ...incoming }
  const clock = { ...clockOf(incoming) }
  for (const field of fields) {
    if (master !== null && Object.hasOwn(master, field)) next[field] = master[field]
    else delete next[field]
    const masterStamp = master === null ? undefined : clockOf(master)[field]
    if (masterStamp !== undefined) clock[field] = masterStamp
    else delete clock[field]
  }
  next._clock = clock
  return next
}

/**
 * A status the client changed (it differs from the master it last saw) is a request: applied when
 * the state machine allows that step from the stored status, refused otherwise. Either way the
 * result gets a fresh server stamp, so every device adopts it instead of re-pushing its own.
 * A status the client did not touch never overrides the stored one.
 */
function guardCampaignStatus(incoming: Doc, master: Doc | null, assumedMaster: Doc | null, serverStamp: ServerStamp): Doc {
  const requested = incoming.status as CampaignStatus
  const incomingStamp = clockOf(incoming).status ?? ''
  if (master === null) {
    if (requested === 'draft' || requested === 'scheduled') return incoming
    return withStatus(incoming, 'draft', serverStamp([incomingStamp]))
  }
  const stored = master.status as CampaignStatus
  const masterStamp = clockOf(master).status ?? ''
  const previous = (assumedMaster?.status as CampaignStatus | undefined) ?? stored
  const changedByClient = requested !== previous
  if (!changedByClient || requested === stored) return withStatus(incoming, stored, masterStamp)
  const allowed = campaignActionBetween(stored, requested, 'user') !== null
  return withStatus(incoming, allowed ? requested : stored, serverStamp([incomingStamp, masterStamp]))
}

function withStatus(doc: Doc, status: CampaignStatus, stamp: string): Doc {
  const clock = { ...clockOf(doc) }
  if (stamp === '') delete clock.status
  else clock.status = stamp
  return { ...doc, status, _clock: clock }
}
