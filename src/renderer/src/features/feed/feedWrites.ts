import type { RxDocument, RxQuery } from 'rxdb'
import { parseMentions, type MentionMember } from '@core/feed/mentions'
import type { InboxReadState } from '@core/feed/inbox'
import { ACTIVITY_LIMITS, type Activity, type FollowTargetType, type Setting } from '@core/schema'
import type { OutpostDatabase } from '../../data/database'
import { deleteSyncedDocs, insertSyncedDoc, patchSyncedDoc } from '../../data/syncedWrites'

// Local writes of the feed: comments, follows and a member's inbox read state. All of them are
// ordinary synced documents, so they work offline and reach the member's other devices and teammates.

/** What a comment is about: its links, as stored on the activity. */
export interface CommentTarget {
  contactId?: string
  companyId?: string
  dealId?: string
}

export interface FollowTarget {
  type: FollowTargetType
  id: string
}

/**
 * A member's inbox read state. Normally one settings item; two of their devices that create it
 * offline make two, which read as one (the later readUpTo, every readId) and are both written
 * from then on. No fixed id: document ids are unique across all workspaces on the server, and a
 * member belongs to several.
 */
export function inboxStateQuery(db: OutpostDatabase, memberId: string) {
  return db.settings.find({ selector: { kind: 'inbox', memberId } }) as unknown as RxQuery<Setting, RxDocument<Setting>[]>
}

export function combinedReadState(states: readonly Setting[]): InboxReadState | null {
  if (states.length === 0) return null
  const readIds = new Set<string>()
  let readUpTo = 0
  for (const state of states) {
    readUpTo = Math.max(readUpTo, state.readUpTo ?? 0)
    for (const id of state.readIds ?? []) readIds.add(id)
  }
  return { readUpTo, readIds: [...readIds] }
}

export async function saveInboxReadState(db: OutpostDatabase, memberId: string, state: InboxReadState): Promise<void> {
  const fields = { readUpTo: state.readUpTo, readIds: [...state.readIds] }
  const existing = await inboxStateQuery(db, memberId).exec()
  if (existing.length === 0) {
    await insertSyncedDoc<Setting>(db.settings, { kind: 'inbox', memberId, ...fields })
    return
  }
  for (const doc of existing) await patchSyncedDoc<Setting>(db.settings, doc.id, fields)
}

function followQuery(db: OutpostDatabase, memberId: string, target: FollowTarget) {
  return db.settings.find({ selector: { kind: 'follow', memberId, targetType: target.type, targetId: target.id } }) as unknown as RxQuery<
    Setting,
    RxDocument<Setting>[]
  >
}

/** Follows of one record by one member (normally 0 or 1; two devices may both have created one offline). */
export function followsOf(db: OutpostDatabase, memberId: string, target: FollowTarget) {
  return followQuery(db, memberId, target)
}

export async function follow(db: OutpostDatabase, memberId: string, target: FollowTarget): Promise<void> {
  const existing = await followQuery(db, memberId, target).exec()
  if (existing.length > 0) return
  await insertSyncedDoc<Setting>(db.settings, { kind: 'follow', memberId, targetType: target.type, targetId: target.id })
}

export async function unfollow(db: OutpostDatabase, memberId: string, target: FollowTarget): Promise<void> {
  const existing = await followQuery(db, memberId, target).exec()
  if (existing.length > 0) await deleteSyncedDocs(db.settings, existing.map((doc) => doc.id))
}

export interface NewComment {
  target: CommentTarget
  body: string
  members: readonly MentionMember[]
  /** The signed-in member; null while local only (the server names the author when it syncs). */
  authorId: string | null
}

/** Posts a comment (kind 'comment', mentions parsed from the body); the author follows the record from then on. */
export async function postComment(db: OutpostDatabase, { target, body, members, authorId }: NewComment): Promise<Activity> {
  const text = body.trim()
  if (text === '') throw new Error('A comment needs some text')
  if (text.length > ACTIVITY_LIMITS.body) throw new Error(`A comment holds at most ${ACTIVITY_LIMITS.body.toLocaleString()} characters`)
  const mentions = parseMentions(text, members).slice(0, 50)
  const now = Date.now()
  const comment = await insertSyncedDoc<Activity>(db.activities, {
    kind: 'comment',
    contactId: target.contactId ?? '',
    companyId: target.companyId ?? '',
    ...(target.dealId ? { dealId: target.dealId } : {}),
    subject: '',
    body: text,
    mentions,
    ...(authorId ? { authorId } : {}),
    occurredAt: now,
  })
  const followed = followTargetOf(target)
  if (authorId && followed) await follow(db, authorId, followed)
  return comment
}

/** The record a comment mainly belongs to (the deal, else the contact, else the company). */
export function followTargetOf(target: CommentTarget): FollowTarget | null {
  if (target.dealId) return { type: 'deal', id: target.dealId }
  if (target.contactId) return { type: 'contact', id: target.contactId }
  if (target.companyId) return { type: 'company', id: target.companyId }
  return null
}
