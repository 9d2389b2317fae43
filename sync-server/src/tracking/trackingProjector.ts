import { newId } from '@core/ids'
import { CAMPAIGN_LIMITS } from '@core/schema/campaigns'
import type { ServerDocuments, ServerPatch } from '../serverDocuments'
import type { TrackingEventRecord, TrackingStore } from '../storage/trackingStore'
import type { CampaignLinkCache } from './campaignLinkCache'
import { buildCampaignStats } from './campaignStats'
import type { OutboundEvent, OutboundEvents } from '../webhooks/outboundEvents'

// What clients see of tracking (issue 5, item 9), derived after each durable flush, per workspace:
// - `events` documents: a contact's first open of a campaign and first click on each of its links
//   (human and machine apart), and every unsubscribe; repeats stay in tracking_events and are
//   counted in the rollups and stats, so a busy campaign does not flood every device;
// - contact rollups (openCount, lastOpenedAt, clickCount, lastClickedAt): human events only,
//   added up in memory and written at most once per rollupIntervalMs (one transaction per 500
//   contacts), so a contact opened a hundred times a second costs one document write, not a
//   hundred. A crash (kill -9, power loss) loses the increments of the last interval (≤ ~1 s) from
//   the rollups; tracking_events keeps every hit, so campaign stats stay exact. app.close()
//   writes them first;
// - campaign `stats`, recomputed from tracking_events aggregates, at most once per campaign per
//   statsIntervalMs (later changes are written when the interval has passed) — and, as a
//   campaign's history grows, no more often than 10× the last recompute took, so aggregating
//   never takes more than a tenth of the server's time.

export interface TrackingProjectorOptions {
  tracking: TrackingStore
  documents: ServerDocuments
  links: CampaignLinkCache
  now: () => number
  statsIntervalMs?: number
  rollupIntervalMs?: number
  /** Webhook events of each contact's first human open of a campaign and first click on each link. */
  outboundEvents?: OutboundEvents
  onError: (error: unknown) => void
}

interface ContactRollup {
  opens: number
  lastOpenedAt: number
  clicks: number
  lastClickedAt: number
}

export const DEFAULT_STATS_INTERVAL_MS = 1_000
export const DEFAULT_ROLLUP_INTERVAL_MS = 1_000
const CONTACTS_PER_WRITE = 500

export class TrackingProjector {
  readonly #statsIntervalMs: number
  readonly #rollupIntervalMs: number
  /** Human increments not yet written, per workspace and contact. */
  #pendingRollups = new Map<string, Map<string, ContactRollup>>()
  #rollupTimer: NodeJS.Timeout | null = null
  #rollupWrites: Promise<void> = Promise.resolve()
  /** Last stats write per campaign key. */
  readonly #lastStatsWrite = new Map<string, number>()
  /** How long the last aggregate query took per campaign key (ms). */
  readonly #statsCost = new Map<string, number>()
  /** Campaigns whose stats are due once their interval passes, with the timer that writes them. */
  readonly #pendingStats = new Map<string, { workspaceId: string; campaignId: string; timer: NodeJS.Timeout }>()
  #closed = false

  constructor(private readonly options: TrackingProjectorOptions) {
    this.#statsIntervalMs = options.statsIntervalMs ?? DEFAULT_STATS_INTERVAL_MS
    this.#rollupIntervalMs = options.rollupIntervalMs ?? DEFAULT_ROLLUP_INTERVAL_MS
  }

  /** Projects one durably recorded batch; `first[i]` says whether events[i] was the first of its kind. */
  async project(events: readonly TrackingEventRecord[], first: readonly boolean[]): Promise<void> {
    const byWorkspace = new Map<string, Array<{ event: TrackingEventRecord; first: boolean }>>()
    events.forEach((event, index) => {
      const list = byWorkspace.get(event.workspaceId) ?? []
      list.push({ event, first: first[index] ?? false })
      byWorkspace.set(event.workspaceId, list)
    })
    for (const [workspaceId, items] of byWorkspace) {
      try {
        await this.#projectWorkspace(workspaceId, items)
      } catch (error) {
        // One workspace (say, deleted meanwhile) must not hold back the others.
        this.options.onError(error)
      }
    }
  }

  /** Writes the stats of one campaign now (an unsubscribe, or a test that cannot wait). */
  async refreshStats(workspaceId: string, campaignId: string): Promise<void> {
    const key = `${workspaceId}:${campaignId}`
    const pending = this.#pendingStats.get(key)
    if (pending !== undefined) {
      clearTimeout(pending.timer)
      this.#pendingStats.delete(key)
    }
    this.#lastStatsWrite.set(key, this.options.now())
    const started = performance.now()
    const engagement = await this.options.tracking.campaignEngagement(workspaceId, campaignId, CAMPAIGN_LIMITS.timeline)
    this.#statsCost.set(key, performance.now() - started)
    const links = await this.options.links.get(workspaceId, campaignId)
    const now = this.options.now()
    await this.options.documents.patch(workspaceId, 'campaigns', new Map([[campaignId, (current) => ({ stats: buildCampaignStats(current.stats, engagement, links, now) })]]))
  }

  /** Writes every pending stats update now instead of when its interval passes. */
  async flushStats(): Promise<void> {
    const pending = [...this.#pendingStats.values()]
    for (const { workspaceId, campaignId } of pending) await this.#writeStats(workspaceId, campaignId)
  }

  /** Writes every pending contact rollup now; writes never overlap. */
  flushRollups(): Promise<void> {
    if (this.#rollupTimer !== null) {
      clearTimeout(this.#rollupTimer)
      this.#rollupTimer = null
    }
    this.#rollupWrites = this.#rollupWrites.then(() => this.#writeRollups())
    return this.#rollupWrites
  }

  /** Writes pending rollups and stats now (tests). */
  async settle(): Promise<void> {
    await this.flushRollups()
    await this.flushStats()
  }

  /** Writes every pending rollup and stats update and schedules no more. */
  async close(): Promise<void> {
    this.#closed = true
    await this.settle()
  }

  async #projectWorkspace(workspaceId: string, items: ReadonlyArray<{ event: TrackingEventRecord; first: boolean }>): Promise<void> {
    for (const { event } of items) if (!event.machine) this.#addToRollup(workspaceId, event)

    const published = items.filter(({ first }) => first)
    if (published.length > 0) {
      const emails = await this.options.tracking.contactEmails(workspaceId, published.map(({ event }) => event.contactId))
      const docs = []
      for (const { event } of published) {
        // A deleted or erased contact opening an old message: counted in tracking_events, never shown as theirs.
        if (!emails.has(event.contactId)) continue
        const links = event.type === 'click' ? await this.options.links.get(workspaceId, event.campaignId) : null
        docs.push({
          id: newId(event.at),
          type: event.type,
          campaignId: event.campaignId,
          contactId: event.contactId,
          email: emails.get(event.contactId) ?? '',
          linkIndex: event.linkIndex,
          url: (links?.[event.linkIndex] ?? '').slice(0, 2048),
          machine: event.machine,
          at: event.at,
        })
      }
      await this.options.documents.insert(workspaceId, 'events', docs)
      const outbound: OutboundEvent[] = docs
        .filter((doc) => !doc.machine && (doc.type === 'open' || doc.type === 'click'))
        .map(({ id: _docId, ...data }) => ({
          id: `${data.type}:${data.campaignId}:${data.contactId}:${data.linkIndex}`,
          workspaceId,
          type: data.type === 'click' ? ('email.clicked' as const) : ('email.opened' as const),
          at: data.at,
          data,
        }))
      if (outbound.length > 0) await this.options.outboundEvents?.emit(outbound).catch(this.options.onError)
    }

    for (const campaignId of new Set(items.map(({ event }) => event.campaignId))) this.#statsDue(workspaceId, campaignId)
  }

  #addToRollup(workspaceId: string, event: TrackingEventRecord): void {
    if (event.type !== 'open' && event.type !== 'click') return
    let contacts = this.#pendingRollups.get(workspaceId)
    if (contacts === undefined) {
      contacts = new Map()
      this.#pendingRollups.set(workspaceId, contacts)
    }
    let rollup = contacts.get(event.contactId)
    if (rollup === undefined) {
      rollup = { opens: 0, lastOpenedAt: 0, clicks: 0, lastClickedAt: 0 }
      contacts.set(event.contactId, rollup)
    }
    if (event.type === 'open') {
      rollup.opens += 1
      rollup.lastOpenedAt = Math.max(rollup.lastOpenedAt, event.at)
    } else {
      rollup.clicks += 1
      rollup.lastClickedAt = Math.max(rollup.lastClickedAt, event.at)
    }
    if (this.#rollupTimer === null && !this.#closed) {
      this.#rollupTimer = setTimeout(() => {
        this.#rollupTimer = null
        void this.flushRollups()
      }, this.#rollupIntervalMs)
    }
  }

  async #writeRollups(): Promise<void> {
    const workspaces = this.#pendingRollups
    this.#pendingRollups = new Map()
    for (const [workspaceId, contacts] of workspaces) {
      const entries = [...contacts]
      for (let start = 0; start < entries.length; start += CONTACTS_PER_WRITE) {
        const patches = new Map<string, ServerPatch>(
          entries.slice(start, start + CONTACTS_PER_WRITE).map(([contactId, rollup]) => [
            contactId,
            (current) => ({
              openCount: numberField(current.openCount) + rollup.opens,
              clickCount: numberField(current.clickCount) + rollup.clicks,
              lastOpenedAt: Math.max(numberField(current.lastOpenedAt), rollup.lastOpenedAt),
              lastClickedAt: Math.max(numberField(current.lastClickedAt), rollup.lastClickedAt),
            }),
          ]),
        )
        try {
          await this.options.documents.patch(workspaceId, 'contacts', patches)
        } catch (error) {
          // One workspace (say, deleted meanwhile) must not hold back the others.
          this.options.onError(error)
        }
      }
    }
  }

  /** Campaign stats changed: written within statsIntervalMs. */
  statsChanged(workspaceId: string, campaignId: string): void {
    this.#statsDue(workspaceId, campaignId)
  }

  #statsDue(workspaceId: string, campaignId: string): void {
    const key = `${workspaceId}:${campaignId}`
    if (this.#pendingStats.has(key) || this.#closed) return
    const interval = Math.max(this.#statsIntervalMs, 10 * (this.#statsCost.get(key) ?? 0))
    const wait = Math.max(0, (this.#lastStatsWrite.get(key) ?? -Infinity) + interval - this.options.now())
    const timer = setTimeout(() => void this.#writeStats(workspaceId, campaignId), wait)
    this.#pendingStats.set(key, { workspaceId, campaignId, timer })
  }

  async #writeStats(workspaceId: string, campaignId: string): Promise<void> {
    try {
      await this.refreshStats(workspaceId, campaignId)
    } catch (error) {
      this.options.onError(error)
    }
  }
}

function numberField(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0
}
