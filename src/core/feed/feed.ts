import { CONTACT_SERVER_FIELDS, type ActivityKind, type FollowTargetType } from '../schema'
import type { MentionMember } from './mentions'

// The team activity feed, read from the synced documents themselves: each document's `_clock`
// says which fields changed last (they share the newest stamp) and `updatedBy` says who did it,
// so the feed needs no separate log and catches up with whatever sync brings. One entry per
// document: its latest change.

export const FEED_COLLECTIONS = ['contacts', 'companies', 'deals', 'activities'] as const
export type FeedCollection = (typeof FEED_COLLECTIONS)[number]
export type FeedAction = 'created' | 'updated' | 'deleted' | 'commented' | 'completed'

/** What the feed reads of a document (any of the four collections). */
export interface FeedDoc {
  id: string
  updatedAt: number
  _deleted?: boolean
  _clock: Record<string, string>
  updatedBy?: string
  [field: string]: unknown
}

/** The record an entry is about: the document itself, or for an activity the record it is linked to. */
export interface FeedTarget {
  type: FollowTargetType
  id: string
}

export interface FeedEntry {
  /** Stable: collection, document and the stamp of the change. */
  id: string
  /** When the change was made (wall time of its stamp). */
  at: number
  /** The member who made it; null when unknown (made while local only). */
  actorId: string | null
  /** The member's name (or email); '' when unknown. */
  actorName: string
  collection: FeedCollection
  docId: string
  action: FeedAction
  /** Fields changed by the latest change, without bookkeeping fields; [] for created and deleted. */
  fields: string[]
  /** The document's display name (a person's name, a deal's name, a comment's first line). */
  title: string
  /** Where the entry leads; null for an activity linked to nothing. */
  target: FeedTarget | null
  /** Activities: their kind. */
  activityKind?: ActivityKind
}

export interface FeedOptions {
  /** Only changes by this member. */
  actorId?: string
  /** Only these collections. */
  collections?: readonly FeedCollection[]
  /** Only changes at or after this time. */
  since?: number
  /** At most this many entries (newest first). */
  limit?: number
}

/**
 * Fields that change with others and would only repeat them (stageHistory moves with the stage,
 * closedAt with the status), bookkeeping, and the server's engagement rollups.
 */
const NOISE_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'updatedAt',
  'createdAt',
  'updatedBy',
  '_deleted',
  '_erased',
  'stageHistory',
  'position',
  'closedAt',
  'doneAt',
  'authorId',
  ...CONTACT_SERVER_FIELDS,
])

const TITLE_LIMIT = 80

/** Wall time of a stamp ("<15-digit ms>-<counter>-<node>"); 0 when it is not one. */
export function stampTime(stamp: string): number {
  const wall = Number(stamp.slice(0, 15))
  return Number.isFinite(wall) ? wall : 0
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

function firstLine(value: string): string {
  const line = value.trim().split('\n')[0]?.trim() ?? ''
  return line.length > TITLE_LIMIT ? `${line.slice(0, TITLE_LIMIT - 1)}…` : line
}

/** The display name of a document of one of the feed's collections. */
export function feedTitle(collection: FeedCollection, doc: Record<string, unknown>): string {
  switch (collection) {
    case 'contacts': {
      const name = `${text(doc.firstName)} ${text(doc.lastName)}`.trim()
      return name || text(doc.email) || 'Unnamed contact'
    }
    case 'companies':
      return text(doc.name) || text(doc.domain) || 'Unnamed company'
    case 'deals':
      return text(doc.name) || 'Untitled deal'
    case 'activities':
      return firstLine(text(doc.subject)) || firstLine(text(doc.body)) || text(doc.kind) || 'Activity'
  }
}

/** The record an activity is about: its deal first (most specific), then its contact, then its company. */
export function activityTarget(doc: Record<string, unknown>): FeedTarget | null {
  if (text(doc.dealId) !== '') return { type: 'deal', id: text(doc.dealId) }
  if (text(doc.contactId) !== '') return { type: 'contact', id: text(doc.contactId) }
  if (text(doc.companyId) !== '') return { type: 'company', id: text(doc.companyId) }
  return null
}

const TARGET_TYPE: Record<Exclude<FeedCollection, 'activities'>, FollowTargetType> = {
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
}

/** The latest change of one document as a feed entry; null when it carries no stamps to read. */
export function feedEntryOf(collection: FeedCollection, doc: FeedDoc, memberNames: ReadonlyMap<string, string> = new Map()): FeedEntry | null {
  const clock = doc._clock
  let newest = ''
  for (const [field, stamp] of Object.entries(clock)) {
    if (field === '_deleted' || !NOISE_FIELDS.has(field)) {
      if (stamp > newest) newest = stamp
    }
  }
  if (newest === '') return null
  const deleted = doc._deleted === true && clock._deleted === newest
  // createSyncedDoc stamps every field with one stamp, and nothing else ever stamps createdAt.
  const created = !deleted && clock.createdAt === newest
  const fields = deleted || created ? [] : Object.keys(clock).filter((field) => clock[field] === newest && !NOISE_FIELDS.has(field)).sort()
  let action: FeedAction = deleted ? 'deleted' : created ? 'created' : 'updated'
  const kind = collection === 'activities' ? (text(doc.kind) as ActivityKind) : undefined
  if (created && kind === 'comment') action = 'commented'
  if (action === 'updated' && kind === 'task' && fields.includes('done') && doc.done === true) action = 'completed'
  const actorId = typeof doc.updatedBy === 'string' && doc.updatedBy !== '' ? doc.updatedBy : null
  return {
    id: `${collection}:${doc.id}:${newest}`,
    at: stampTime(newest),
    actorId,
    actorName: actorId === null ? '' : (memberNames.get(actorId) ?? ''),
    collection,
    docId: doc.id,
    action,
    fields,
    title: feedTitle(collection, doc),
    target: collection === 'activities' ? activityTarget(doc) : { type: TARGET_TYPE[collection], id: doc.id },
    ...(kind === undefined ? {} : { activityKind: kind }),
  }
}

/** Member id → the name the feed shows (name, else email). */
export function memberNameMap(members: readonly MentionMember[]): Map<string, string> {
  return new Map(members.map((member) => [member.id, member.name.trim() || member.email]))
}

/** Recent changes across the given documents, newest first, filtered by the options. */
export function feedEntries(
  docs: Partial<Record<FeedCollection, readonly FeedDoc[]>>,
  members: readonly MentionMember[],
  options: FeedOptions = {},
): FeedEntry[] {
  const names = memberNameMap(members)
  const wanted = new Set(options.collections ?? FEED_COLLECTIONS)
  const entries: FeedEntry[] = []
  for (const collection of FEED_COLLECTIONS) {
    if (!wanted.has(collection)) continue
    for (const doc of docs[collection] ?? []) {
      const entry = feedEntryOf(collection, doc, names)
      if (entry === null) continue
      if (options.actorId !== undefined && entry.actorId !== options.actorId) continue
      if (options.since !== undefined && entry.at < options.since) continue
      entries.push(entry)
    }
  }
  entries.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
  return options.limit === undefined ? entries : entries.slice(0, options.limit)
}

const FIELD_LABELS: Record<string, string> = {
  firstName: 'first name',
  lastName: 'last name',
  companyId: 'company',
  contactId: 'contact',
  dealId: 'deal',
  lifecycleStage: 'stage',
  stageId: 'stage',
  pipelineId: 'pipeline',
  ownerId: 'owner',
  assigneeId: 'assignee',
  closeDate: 'close date',
  lostReason: 'lost reason',
  customFields: 'custom fields',
  dueAt: 'due date',
  occurredAt: 'date',
  durationMinutes: 'duration',
  scoreAdjustment: 'score adjustment',
  lists: 'lists',
  done: 'done',
}

/** "stage, title and 2 more": the changed fields in words. */
export function describeFields(fields: readonly string[], max = 3): string {
  const words = [...new Set(fields.map((field) => FIELD_LABELS[field] ?? field.replace(/([A-Z])/g, ' $1').toLowerCase()))]
  if (words.length === 0) return ''
  if (words.length <= max) return words.length === 1 ? (words[0] as string) : `${words.slice(0, -1).join(', ')} and ${words.at(-1) as string}`
  return `${words.slice(0, max).join(', ')} and ${words.length - max} more`
}
