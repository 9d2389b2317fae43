import { activityTarget, stampTime, type FeedEntry, type FeedTarget } from './feed'

// A member's notifications inbox, computed from synced documents (nothing is sent to anyone):
// comments that @mention them, tasks someone else assigned to them, and comments and changes on
// records they follow. Read state is one synced settings item per member (readUpTo + readIds),
// so reading on one device clears the other. Everything works offline; items appear when sync
// brings the documents that make them.

export type InboxKind = 'mention' | 'assigned' | 'comment-on-followed' | 'change-on-followed'

/** What the inbox reads of an activity (comments, notes, tasks). */
export interface InboxActivity {
  id: string
  kind: string
  contactId?: string
  companyId?: string
  dealId?: string
  subject?: string
  body?: string
  mentions?: readonly string[]
  authorId?: string
  assigneeId?: string
  updatedBy?: string
  occurredAt?: number
  createdAt?: number
  _deleted?: boolean
  _clock: Record<string, string>
}

export interface InboxFollow {
  memberId?: string
  targetType?: FeedTarget['type']
  targetId?: string
  _deleted?: boolean
}

export interface InboxReadState {
  /** Everything at or before this time is read. */
  readUpTo: number
  /** Items after readUpTo that were opened. */
  readIds: readonly string[]
}

export interface InboxItem {
  /** Stable across devices and recomputations (it keys the read state). */
  id: string
  kind: InboxKind
  at: number
  actorId: string | null
  /** Where opening the item leads. */
  target: FeedTarget
  /** The comment or task behind it; the feed entry for a change. */
  activityId?: string
  /** A short text: the comment's body, the task's subject, or the changed fields. */
  text: string
  change?: FeedEntry
  unread: boolean
}

export interface InboxInput {
  memberId: string
  activities: readonly InboxActivity[]
  follows: readonly InboxFollow[]
  /** Recent feed entries (feedEntries) to report changes on followed records. */
  recentChanges: readonly FeedEntry[]
  readState: InboxReadState | null
}

/** The most readIds a read state keeps (the settings schema's limit). */
export const READ_IDS_MAX = 500

const TEXT_LIMIT = 200

function clip(value: string): string {
  const flat = value.replace(/\s+/g, ' ').trim()
  return flat.length > TEXT_LIMIT ? `${flat.slice(0, TEXT_LIMIT - 1)}…` : flat
}

function createdAtOf(activity: InboxActivity): number {
  return activity.occurredAt ?? activity.createdAt ?? stampTime(activity._clock.createdAt ?? '')
}

export function isItemRead(id: string, at: number, state: InboxReadState | null): boolean {
  if (state === null) return false
  return at <= state.readUpTo || state.readIds.includes(id)
}

function targetKey(target: FeedTarget): string {
  return `${target.type}:${target.id}`
}

/** The member's inbox, newest first; their own actions never notify them. */
export function inboxItems({ memberId, activities, follows, recentChanges, readState }: InboxInput): InboxItem[] {
  const followed = new Set(
    follows
      .filter((follow) => follow._deleted !== true && follow.memberId === memberId && follow.targetType !== undefined && follow.targetId)
      .map((follow) => `${follow.targetType as string}:${follow.targetId as string}`),
  )
  const items: Array<Omit<InboxItem, 'unread'>> = []
  const notifiedActivities = new Set<string>()
  for (const activity of activities) {
    if (activity._deleted === true) continue
    const target = activityTarget(activity as unknown as Record<string, unknown>)
    if (target === null) continue
    const author = activity.authorId ?? activity.updatedBy ?? null
    const body = clip(activity.body ?? '') || clip(activity.subject ?? '')
    if (author !== memberId && activity.mentions?.includes(memberId) === true) {
      items.push({ id: `mention:${activity.id}`, kind: 'mention', at: createdAtOf(activity), actorId: author, target, activityId: activity.id, text: body })
      notifiedActivities.add(activity.id)
      continue
    }
    if (activity.kind === 'task' && activity.assigneeId === memberId) {
      const stamp = activity._clock.assigneeId ?? activity._clock.createdAt ?? ''
      // Whoever stamped the assignment assigned it: the last writer when that write set it, else the author.
      const assigner = activity._clock.updatedBy === stamp && activity.updatedBy !== undefined ? activity.updatedBy : author
      if (assigner !== memberId && assigner !== null) {
        items.push({ id: `assigned:${activity.id}:${stamp}`, kind: 'assigned', at: stampTime(stamp) || createdAtOf(activity), actorId: assigner, target, activityId: activity.id, text: clip(activity.subject ?? '') || body })
        notifiedActivities.add(activity.id)
      }
      continue
    }
    if (activity.kind === 'comment' && author !== memberId && followed.has(targetKey(target))) {
      items.push({ id: `comment:${activity.id}`, kind: 'comment-on-followed', at: createdAtOf(activity), actorId: author, target, activityId: activity.id, text: body })
      notifiedActivities.add(activity.id)
    }
  }
  for (const change of recentChanges) {
    if (change.actorId === null || change.actorId === memberId || change.target === null) continue
    if (change.action === 'commented' || (change.collection === 'activities' && notifiedActivities.has(change.docId))) continue
    if (!followed.has(targetKey(change.target))) continue
    items.push({
      id: `change:${change.id}`,
      kind: 'change-on-followed',
      at: change.at,
      actorId: change.actorId,
      target: change.target,
      ...(change.collection === 'activities' ? { activityId: change.docId } : {}),
      text: change.title,
      change,
    })
  }
  items.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
  return items.map((item) => ({ ...item, unread: !isItemRead(item.id, item.at, readState) }))
}

export function unreadCount(items: readonly InboxItem[]): number {
  let count = 0
  for (const item of items) if (item.unread) count++
  return count
}

/**
 * The read state after opening some items, compacted: readUpTo moves up to the newest read item
 * older than every unread one and readIds keeps only ids after it, so the synced document stays
 * small without changing what is read.
 */
export function markRead(state: InboxReadState | null, items: readonly InboxItem[], ids: readonly string[]): InboxReadState {
  const current = state ?? { readUpTo: 0, readIds: [] }
  return compactReadState({ readUpTo: current.readUpTo, readIds: [...new Set([...current.readIds, ...ids])] }, items)
}

/** Everything currently in the inbox becomes read (newer arrivals stay unread). */
export function markAllRead(state: InboxReadState | null, items: readonly InboxItem[]): InboxReadState {
  return markRead(state, items, items.map((item) => item.id))
}

export function compactReadState(state: InboxReadState, items: readonly InboxItem[]): InboxReadState {
  const isRead = (item: InboxItem) => isItemRead(item.id, item.at, state)
  let readUpTo = state.readUpTo
  const oldestUnread = items.reduce((oldest, item) => (isRead(item) ? oldest : Math.min(oldest, item.at)), Number.POSITIVE_INFINITY)
  // Up to the newest read item older than every unread one: never past something unread, never
  // further than what was really read (an item synced later with an older time stays unread when it can).
  for (const item of items) if (item.at < oldestUnread && item.at > readUpTo && isRead(item)) readUpTo = item.at
  const present = new Map(items.map((item) => [item.id, item.at]))
  let readIds = state.readIds.filter((id) => {
    const at = present.get(id)
    // Ids of items not computed now (an older window, a record not synced yet) are kept: they may come back.
    return at === undefined || at > readUpTo
  })
  if (readIds.length > READ_IDS_MAX) readIds = readIds.slice(readIds.length - READ_IDS_MAX)
  return { readUpTo, readIds }
}
