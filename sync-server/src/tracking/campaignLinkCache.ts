import type { CampaignLinkStore } from '../storage/sendingPort'

// A campaign's links never change once materialized, so clicks read them from memory after the
// first hit. Unknown campaigns (null) are not cached: their links may be materialized later.

const MAX_CAMPAIGNS = 10_000

export class CampaignLinkCache {
  readonly #links = new Map<string, Promise<string[] | null>>()
  /** The same links once loaded, for callers that must not wait a microtask (the click hot path). */
  readonly #loaded = new Map<string, string[]>()

  constructor(private readonly store: CampaignLinkStore) {}

  /** The links if already loaded, without waiting. */
  peek(workspaceId: string, campaignId: string): string[] | undefined {
    return this.#loaded.get(`${workspaceId}:${campaignId}`)
  }

  get(workspaceId: string, campaignId: string): Promise<string[] | null> {
    const key = `${workspaceId}:${campaignId}`
    const cached = this.#links.get(key)
    if (cached !== undefined) return cached
    const loading = this.store.getCampaignLinks(workspaceId, campaignId).then(
      (links) => {
        if (links === null) this.#links.delete(key)
        else this.#loaded.set(key, links)
        return links
      },
      (error: unknown) => {
        this.#links.delete(key)
        throw error
      },
    )
    // Oldest first out: a bound, not an LRU, is enough for links that are cheap to reload.
    if (this.#links.size >= MAX_CAMPAIGNS) {
      const oldest = this.#links.keys().next().value
      if (oldest !== undefined) {
        this.#links.delete(oldest)
        this.#loaded.delete(oldest)
      }
    }
    this.#links.set(key, loading)
    return loading
  }
}
