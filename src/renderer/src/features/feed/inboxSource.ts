import { useSyncExternalStore } from 'react'
import { combineLatest, map, of, switchMap, type Observable, type Subscription } from 'rxjs'
import { feedEntries, type FeedDoc } from '@core/feed/feed'
import { inboxItems, unreadCount, type InboxActivity, type InboxFollow, type InboxItem, type InboxReadState } from '@core/feed/inbox'
import type { Setting } from '@core/schema'
import type { OutpostDatabase } from '../../data/database'
import { useCurrentMemberId } from '../../data/crmHooks'
import { useData } from '../../data/dataContext'
import { combinedReadState, inboxStateQuery } from './feedWrites'

// One live inbox per signed-in member, shared by the sidebar count, the inbox screen and the
// notifier (they would otherwise each run the same queries). It reads a window of the most
// recently changed activities (index on updatedAt), the member's follows and the followed
// records themselves by id, so its cost does not grow with the size of the workspace.

/** How many of the most recently changed activities the inbox looks at. */
export const INBOX_ACTIVITY_WINDOW = 1_000

export interface InboxSnapshot {
  memberId: string | null
  /** False until the first result (or while local only: true with no items). */
  ready: boolean
  items: InboxItem[]
  unread: number
  readState: InboxReadState | null
}

const EMPTY: InboxSnapshot = { memberId: null, ready: true, items: [], unread: 0, readState: null }

type Plain<T> = { toJSON(): unknown } & T

function plain<T>(docs: ReadonlyArray<Plain<unknown>>): T[] {
  return docs.map((doc) => doc.toJSON() as T)
}

function byIds(collection: { findByIds(ids: string[]): { $: Observable<Map<string, Plain<unknown>>> } }, ids: string[]): Observable<FeedDoc[]> {
  if (ids.length === 0) return of([])
  return collection.findByIds(ids).$.pipe(map((found) => plain<FeedDoc>([...found.values()])))
}

export class InboxSource {
  private snapshot: InboxSnapshot
  private readonly listeners = new Set<() => void>()
  private subscription: Subscription | null = null

  constructor(
    private readonly db: OutpostDatabase,
    private readonly memberId: string,
  ) {
    this.snapshot = { memberId, ready: false, items: [], unread: 0, readState: null }
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    if (this.subscription === null) this.start()
    return () => {
      this.listeners.delete(listener)
      if (this.listeners.size === 0) this.stop()
    }
  }

  getSnapshot = (): InboxSnapshot => this.snapshot

  private start(): void {
    const { db, memberId } = this
    const activities$ = db.activities.find({ selector: {}, sort: [{ updatedAt: 'desc' }], limit: INBOX_ACTIVITY_WINDOW }).$.pipe(map((docs) => plain<InboxActivity & FeedDoc>(docs)))
    const follows$ = db.settings.find({ selector: { kind: 'follow', memberId } }).$.pipe(map((docs) => plain<Setting>(docs)))
    const readState$ = inboxStateQuery(db, memberId).$.pipe(map((docs) => combinedReadState(plain<Setting>(docs))))
    const followed$ = follows$.pipe(
      switchMap((follows) => {
        const idsOf = (type: string) => [...new Set(follows.filter((follow) => follow.targetType === type && follow.targetId).map((follow) => follow.targetId as string))]
        return combineLatest({
          follows: of(follows),
          contacts: byIds(db.contacts as never, idsOf('contact')),
          companies: byIds(db.companies as never, idsOf('company')),
          deals: byIds(db.deals as never, idsOf('deal')),
        })
      }),
    )
    this.subscription = combineLatest({ activities: activities$, followed: followed$, readState: readState$ }).subscribe(({ activities, followed, readState }) => {
      const recentChanges = feedEntries({ contacts: followed.contacts, companies: followed.companies, deals: followed.deals, activities }, [])
      const items = inboxItems({ memberId, activities, follows: followed.follows as InboxFollow[], recentChanges, readState })
      this.snapshot = { memberId, ready: true, items, unread: unreadCount(items), readState }
      for (const listener of this.listeners) listener()
    })
  }

  private stop(): void {
    this.subscription?.unsubscribe()
    this.subscription = null
  }
}

const sources = new WeakMap<OutpostDatabase, Map<string, InboxSource>>()

/** The shared inbox source of a member on a database. */
export function inboxSource(db: OutpostDatabase, memberId: string): InboxSource {
  let byMember = sources.get(db)
  if (!byMember) {
    byMember = new Map()
    sources.set(db, byMember)
  }
  let source = byMember.get(memberId)
  if (!source) {
    source = new InboxSource(db, memberId)
    byMember.set(memberId, source)
  }
  return source
}

const noSubscribe = () => () => undefined
const emptySnapshot = () => EMPTY

/** The signed-in member's inbox, live; empty while local only. */
export function useInbox(): InboxSnapshot {
  const { db } = useData()
  const memberId = useCurrentMemberId()
  const source = memberId === null ? null : inboxSource(db, memberId)
  return useSyncExternalStore(source?.subscribe ?? noSubscribe, source?.getSnapshot ?? emptySnapshot)
}
