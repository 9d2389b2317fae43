import type { InboxItem } from '@core/feed/inbox'

/**
 * Tracks which inbox items were already there, so only new arrivals notify: everything present at
 * the first look is the backlog, and so is anything made before the app started that sync brings
 * in later (the inbox and the sidebar count show it; a notification would be stale).
 */
export class InboxArrivals {
  private readonly seen = new Set<string>()
  private primed = false

  constructor(private readonly startedAt: number) {}

  /** The unread items not seen before and made since the app started, oldest first. */
  arrivals(items: readonly InboxItem[]): InboxItem[] {
    const fresh: InboxItem[] = []
    for (const item of items) {
      if (this.seen.has(item.id)) continue
      this.seen.add(item.id)
      if (this.primed && item.unread && item.at >= this.startedAt) fresh.push(item)
    }
    this.primed = true
    return fresh.sort((a, b) => a.at - b.at)
  }
}
