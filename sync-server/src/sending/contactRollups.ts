import type { ServerDocuments, ServerPatch } from '../serverDocuments'

// lastEmailedAt and emailCount on contacts, written in batches (one document write per contact
// per flush, many contacts per transaction) instead of one write per message. A crash loses at
// most the increments of the last interval; the recipient table stays the record of what was sent.

const CONTACTS_PER_WRITE = 500

interface Pending {
  count: number
  lastAt: number
}

export class ContactRollups {
  readonly #pending = new Map<string, Map<string, Pending>>()
  #flushing: Promise<void> = Promise.resolve()

  constructor(
    private readonly documents: ServerDocuments,
    private readonly onError: (error: unknown) => void,
  ) {}

  emailed(workspaceId: string, contactId: string, at: number): void {
    let contacts = this.#pending.get(workspaceId)
    if (contacts === undefined) {
      contacts = new Map()
      this.#pending.set(workspaceId, contacts)
    }
    const entry = contacts.get(contactId)
    if (entry === undefined) contacts.set(contactId, { count: 1, lastAt: at })
    else {
      entry.count += 1
      entry.lastAt = Math.max(entry.lastAt, at)
    }
  }

  /** Writes everything pending; flushes never overlap. */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(() => this.#write())
    return this.#flushing
  }

  async #write(): Promise<void> {
    const workspaces = [...this.#pending]
    this.#pending.clear()
    for (const [workspaceId, contacts] of workspaces) {
      const entries = [...contacts]
      for (let start = 0; start < entries.length; start += CONTACTS_PER_WRITE) {
        const patches = new Map<string, ServerPatch>(
          entries.slice(start, start + CONTACTS_PER_WRITE).map(([contactId, { count, lastAt }]) => [
            contactId,
            (current) => ({
              lastEmailedAt: Math.max(typeof current.lastEmailedAt === 'number' ? current.lastEmailedAt : 0, lastAt),
              emailCount: (typeof current.emailCount === 'number' ? current.emailCount : 0) + count,
            }),
          ]),
        )
        try {
          await this.documents.patch(workspaceId, 'contacts', patches)
        } catch (error) {
          // A deleted workspace, say: the rollups are derived figures, not worth stopping for.
          this.onError(error)
        }
      }
    }
  }
}
