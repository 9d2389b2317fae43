import type { RxDocument, RxQuery } from 'rxdb'
import { parseMentions, type MentionMember } from '@core/feed/mentions'
import type { InboxReadState } from '@core/feed/inbox'
import { ACTIVITY_LIMITS, type Activity, type FollowTargetType, type Setting } from '@core/schema'
import { createSyncedDoc, type DocFields } from '@core/sync/localChange'
import type { OutpostDatabase } from '../../data/database'
import { deviceClock } from '../../data/deviceClock'
import { pendingChanges } from '../../data/sync/pendingChanges'
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
 * The id of a member's inbox read state: one fixed id per member, so two of their devices that
 * create it offline merge into one document. Member ids are 26-character ULIDs; ids hold 26 too,
 * so the prefix replaces the ULID's first two characters (the top of its timestamp, "01" until 2109).
 */
export function inboxStateId(memberId: string): string {
  return `ib${memberId.slice(2)}`
}

export async function saveInboxReadState(db: OutpostDatabase, memberId: string, state: InboxReadState): Promise<void> {
  const id = inboxStateId(memberId)
  const fields = { readUpTo: state.readUpTo, readIds: [...state.readIds] }
  if (await patchSyncedDoc<Setting>(db.settings, id, fields)) return
  const existing = await db.settings.findOne(id).exec()
  // Unchanged (patch answered false for an existing document): nothing to write.
  if (existing) return
  const now = Date.now()
  const doc = createSyncedDoc<Setting>(id, { kind: 'inbox', memberId, ...fields, createdAt: now } as DocFields<Setting>, deviceClock.now(), now)
  try {
    await db.settings.insert(doc)
    pendingChanges.markWritten('settings', [id])
  } catch (error) {
    // Sync brought the member's state from another device meanwhile: write onto that one.
    if (!(await patchSyncedDoc<Setting>(db.settings, id, fields))) throw error
  }
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
