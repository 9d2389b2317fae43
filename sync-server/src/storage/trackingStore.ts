// Durable engagement history for the tracking endpoints (sync-server/src/tracking). Both storage
// implementations provide it as `storage.tracking` and pass trackingContract.test.ts.

export type TrackingEventType = 'open' | 'click' | 'unsubscribe'

export interface TrackingEventRecord {
  workspaceId: string
  campaignId: string
  contactId: string
  type: TrackingEventType
  /** Clicks: the link's index in the campaign's stored links; -1 otherwise. */
  linkIndex: number
  /** Epoch ms. */
  at: number
  /** Likely not a person (privacy proxy, scanner, too soon after sending). */
  machine: boolean
  /** A short client family ('browser', 'gmail-proxy', 'scanner', …), never the raw User-Agent. */
  userAgentFamily: string
}

/** Engagement figures of one campaign, from the full history. Human events only unless named machine. */
export interface CampaignEngagement {
  opens: number
  uniqueOpens: number
  machineOpens: number
  clicks: number
  uniqueClicks: number
  machineClicks: number
  /** Distinct contacts who unsubscribed through this campaign. */
  unsubscribes: number
  /** Human clicks per link index (links never clicked are absent). */
  links: Array<{ linkIndex: number; clicks: number; uniqueClicks: number }>
  /** Human opens and clicks per hour (bucket start, epoch ms), oldest first. */
  timeline: Array<{ at: number; opens: number; clicks: number }>
}

export interface TrackingStore {
  /**
   * Appends the events in one transaction. Returns, per event, whether it is the first of its
   * (workspace, campaign, contact, type, link, machine) — earlier batches and earlier events in
   * this batch count — so projections can publish first opens and first clicks per link only.
   */
  recordEvents(events: readonly TrackingEventRecord[]): Promise<boolean[]>
  /** Appends an unsubscribe event unless this contact already unsubscribed through this campaign; true when added. */
  recordUnsubscribe(event: TrackingEventRecord): Promise<boolean>
  /** Aggregates over the campaign's whole history; the timeline keeps at most `timelineBuckets` (the oldest). */
  campaignEngagement(workspaceId: string, campaignId: string, timelineBuckets: number): Promise<CampaignEngagement>
  /** How many events are stored (of one workspace when given). */
  countEvents(workspaceId?: string): Promise<number>
  /** The email of a live contact document, or null when it is missing or deleted. */
  contactEmail(workspaceId: string, contactId: string): Promise<string | null>
  /** The emails of those contacts that are live documents with an email, by contact id. */
  contactEmails(workspaceId: string, contactIds: readonly string[]): Promise<Map<string, string>>
  /** Ids of live `events` documents whose `at` is before `before` (oldest first), at most `limit`. */
  eventDocumentsBefore(workspaceId: string, before: number, limit: number): Promise<string[]>
  /** Workspaces that have live `events` documents older than `before`. */
  workspacesWithEventDocumentsBefore(before: number): Promise<string[]>
}

/** The identity "first of its kind" is judged by. */
export function firstKey(event: Pick<TrackingEventRecord, 'workspaceId' | 'campaignId' | 'contactId' | 'type' | 'linkIndex' | 'machine'>): string {
  return `${event.workspaceId}\u0000${event.campaignId}\u0000${event.contactId}\u0000${event.type}\u0000${event.linkIndex}\u0000${event.machine ? 1 : 0}`
}

const DEFAULT_STORED_KEYS = 100_000

/**
 * First keys known to be committed to tracking_events, so a batch of repeat hits needs no lookup.
 * Events are never removed while their workspace lives, so "stored" stays true; the set only
 * forgets (oldest first, beyond `max`, about 15 MB at the default), which costs a lookup again.
 * Only keys of committed batches may be added.
 */
export class StoredFirstKeys {
  readonly #keys = new Set<string>()

  constructor(private readonly max = DEFAULT_STORED_KEYS) {}

  has(key: string): boolean {
    return this.#keys.has(key)
  }

  addAll(keys: Iterable<string>): void {
    for (const key of keys) this.#keys.add(key)
    if (this.#keys.size <= this.max) return
    let excess = this.#keys.size - this.max
    for (const key of this.#keys) {
      if (excess-- <= 0) break
      this.#keys.delete(key)
    }
  }
}
