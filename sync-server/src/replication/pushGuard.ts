import { campaignActionBetween } from '@core/campaigns/campaignStateMachine'
import { serverOwnedFields, type CampaignStatus, type CollectionName } from '@core/schema'
import { canonicalJson } from '@core/sync/canonicalJson'
import { ERASED_CLOCK_KEY, isErased } from '@core/sync/erased'

// What a client may not decide alone, applied to each pushed document before it is merged:
// server-owned fields (engagement rollups, campaign stats) keep the stored values, and a campaign's
// status moves only by a legal step of the core state machine, and only someone allowed to erase
// can mark a document erased (an erasure is final: it beats every later edit). Who changed what is
// true: `updatedBy` names the authenticated pusher on every real change, a comment's author is
// whoever pushed it first and never changes, and only its author edits a comment (owners and
// admins may also delete one). A workflow's published version is what the server runs: it never
// goes back, a version once stored never changes, and its publisher is whoever pushed it.

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
  /** The authenticated user (a member id). */
  userId: string
  /** The pusher may delete other members' comments (owners and admins). */
  mayModerate: boolean
}

/** Collections whose documents record who last changed them. */
const AUTHORED_COLLECTIONS: ReadonlySet<CollectionName> = new Set<CollectionName>(['contacts', 'companies', 'deals', 'activities', 'workflows'])
/** What only a comment's author may change. */
const COMMENT_CONTENT_FIELDS = ['kind', 'subject', 'body', 'mentions'] as const

function clockOf(doc: Doc): Record<string, string> {
  return doc._clock as Record<string, string>
}

export function guardPushedDocument({ collection, incoming, master, assumedMaster, serverStamp, mayErase, userId, mayModerate }: GuardInput): Doc {
  let doc = keepServerOwnedFields(collection, incoming, master)
  if (!mayErase) doc = withoutNewErasure(doc, master)
  if (collection === 'campaigns') doc = guardCampaignStatus(doc, master, assumedMaster, serverStamp)
  if (collection === 'activities') doc = guardComment(doc, master, userId, mayModerate, serverStamp)
  if (collection === 'workflows') doc = guardPublished(doc, master, userId, serverStamp)
  // An erasure's shape is final (core/privacy/erasure.ts): it names nobody.
  if (AUTHORED_COLLECTIONS.has(collection) && !isErased({ _clock: clockOf(doc) })) doc = guardUpdatedBy(doc, master, userId, serverStamp)
  return doc
}

function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a ?? null) === canonicalJson(b ?? null)
}

/** Whether merging the pushed document into the master changes any field besides `updatedBy`. */
function changesSomething(doc: Doc, master: Doc | null): boolean {
  if (master === null) return true
  const masterClock = clockOf(master)
  for (const [field, stamp] of Object.entries(clockOf(doc))) {
    if (field === 'updatedBy' || stamp <= (masterClock[field] ?? '')) continue
    const changed = field === '_deleted' ? (doc._deleted === true) !== (master._deleted === true) : !sameValue(doc[field], master[field])
    if (changed) return true
  }
  return false
}

/**
 * Makes `field` end up as `value` once the document is merged with the master, and on every
 * device: a value the pusher already stamped newer is kept as is; the master's value with the
 * master's stamp when that already wins; otherwise `value` with a fresh server stamp, which beats
 * both, so the pusher adopts it from the conflict answer instead of pushing its own again.
 */
function enforceField(doc: Doc, master: Doc | null, field: string, value: unknown, serverStamp: ServerStamp): Doc {
  const stamp = clockOf(doc)[field] ?? ''
  const masterStamp = master === null ? '' : (clockOf(master)[field] ?? '')
  const masterValue = master?.[field]
  if (sameValue(doc[field], value) && (stamp > masterStamp || (stamp === masterStamp && sameValue(masterValue, value)))) return doc
  if (sameValue(masterValue, value) && stamp <= masterStamp) return withField(doc, field, masterValue, masterStamp)
  return withField(doc, field, value, serverStamp([stamp, masterStamp].filter((s) => s !== '')))
}

function withField(doc: Doc, field: string, value: unknown, stamp: string): Doc {
  const next: Doc = { ...doc }
  if (value === undefined) delete next[field]
  else next[field] = value
  const clock = { ...clockOf(doc) }
  if (stamp === '') delete clock[field]
  else clock[field] = stamp
  next._clock = clock
  return next
}

/** A real change names the pusher; a push that changes nothing cannot claim the document. */
function guardUpdatedBy(doc: Doc, master: Doc | null, userId: string, serverStamp: ServerStamp): Doc {
  if (changesSomething(doc, master)) return enforceField(doc, master, 'updatedBy', userId, serverStamp)
  return enforceField(doc, master, 'updatedBy', master?.updatedBy, serverStamp)
}

/**
 * A new comment's author is the pusher (a device cannot post as someone else). Once stored the
 * author never changes, and only the author may change the comment's content or delete it
 * (owners and admins may delete it too). Other activities get an author only once, the pusher.
 */
function guardComment(doc: Doc, master: Doc | null, userId: string, mayModerate: boolean, serverStamp: ServerStamp): Doc {
  if (master === null) {
    if (doc.kind !== 'comment' && doc.authorId === undefined) return doc
    return enforceField(doc, master, 'authorId', userId, serverStamp)
  }
  const storedAuthor = master.authorId as string | undefined
  let next = enforceField(doc, master, 'authorId', storedAuthor ?? (doc.authorId === userId ? userId : undefined), serverStamp)
  if (master.kind !== 'comment' || storedAuthor === undefined || storedAuthor === userId) return next
  for (const field of COMMENT_CONTENT_FIELDS) next = enforceField(next, master, field, master[field], serverStamp)
  if (!mayModerate) next = enforceField(next, master, '_deleted', master._deleted === true, serverStamp)
  return next
}

interface PublishedVersion {
  version: number
  publishedBy: string
}

/**
 * Versions only move forward and are immutable once stored (contacts inside run them to the end);
 * a new one names the pusher as its publisher. Anything else keeps the stored version, stamped so
 * the pusher adopts it.
 */
function guardPublished(doc: Doc, master: Doc | null, userId: string, serverStamp: ServerStamp): Doc {
  const pushed = doc.published as PublishedVersion | undefined
  const stored = master?.published as PublishedVersion | undefined
  if (pushed === undefined) return stored === undefined ? doc : enforceField(doc, master, 'published', stored, serverStamp)
  if (stored !== undefined && pushed.version <= stored.version) return enforceField(doc, master, 'published', stored, serverStamp)
  return enforceField(doc, master, 'published', { ...pushed, publishedBy: userId }, serverStamp)
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
