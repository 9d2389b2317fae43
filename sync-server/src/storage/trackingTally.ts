import type { CampaignEngagement, TrackingEventType } from './trackingStore'

// A campaign's engagement kept as counts per (contact, type, machine, link) and per hour, so the
// SQLite store can bring it up to date from the rows added since the last read instead of
// aggregating the campaign's whole history again (trackingSqlite.ts). The figures are exactly
// those of CAMPAIGN_*_SQL in trackingSql.ts (the contract suite checks both stores alike).

const HOUR_MS = 3_600_000

export interface TallyRow {
  contact_id: string
  type: string
  machine: number
  link_index: number
  at: number
}

interface KeyCount {
  contactId: string
  type: TrackingEventType
  machine: boolean
  linkIndex: number
  count: number
}

export class CampaignTally {
  readonly #keys = new Map<string, KeyCount>()
  readonly #hours = new Map<number, { opens: number; clicks: number }>()
  /** Every row up to this rowid is counted. */
  lastRowId: number

  constructor(lastRowId: number) {
    this.lastRowId = lastRowId
  }

  add(row: TallyRow): void {
    const type = row.type as TrackingEventType
    const machine = row.machine === 1
    const key = `${row.contact_id}\u0000${type}\u0000${row.machine}\u0000${row.link_index}`
    const entry = this.#keys.get(key)
    if (entry === undefined) this.#keys.set(key, { contactId: row.contact_id, type, machine, linkIndex: row.link_index, count: 1 })
    else entry.count += 1
    if (machine || (type !== 'open' && type !== 'click')) return
    const bucket = Math.floor(row.at / HOUR_MS) * HOUR_MS
    const hour = this.#hours.get(bucket) ?? { opens: 0, clicks: 0 }
    if (type === 'open') hour.opens += 1
    else hour.clicks += 1
    this.#hours.set(bucket, hour)
  }

  engagement(timelineBuckets: number): CampaignEngagement {
    let opens = 0
    let machineOpens = 0
    let clicks = 0
    let machineClicks = 0
    const openers = new Set<string>()
    const clickers = new Set<string>()
    const unsubscribers = new Set<string>()
    const links = new Map<number, { clicks: number; contacts: Set<string> }>()
    for (const { contactId, type, machine, linkIndex, count } of this.#keys.values()) {
      if (type === 'unsubscribe') unsubscribers.add(contactId)
      else if (type === 'open' && machine) machineOpens += count
      else if (type === 'click' && machine) machineClicks += count
      else if (type === 'open') {
        opens += count
        openers.add(contactId)
      } else if (type === 'click') {
        clicks += count
        clickers.add(contactId)
        const link = links.get(linkIndex) ?? { clicks: 0, contacts: new Set<string>() }
        link.clicks += count
        link.contacts.add(contactId)
        links.set(linkIndex, link)
      }
    }
    return {
      opens,
      uniqueOpens: openers.size,
      machineOpens,
      clicks,
      uniqueClicks: clickers.size,
      machineClicks,
      unsubscribes: unsubscribers.size,
      links: [...links]
        .sort(([a], [b]) => a - b)
        .map(([linkIndex, link]) => ({ linkIndex, clicks: link.clicks, uniqueClicks: link.contacts.size })),
      timeline: [...this.#hours]
        .sort(([a], [b]) => a - b)
        .slice(0, Math.max(0, timelineBuckets))
        .map(([at, hour]) => ({ at, opens: hour.opens, clicks: hour.clicks })),
    }
  }
}
