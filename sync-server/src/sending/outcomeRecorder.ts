import type { RecipientOutcome, SendingStore } from '../storage/sendingPort'

// Group commit for one campaign's outcomes: each sender awaits its outcome being durable before
// taking the next recipient, and all outcomes that arrive while a write runs go in the next one.
// So at most one message per sender lane is accepted by the SMTP server but not yet recorded:
// that is the in-flight window a kill -9 can turn into duplicates.

interface Pending {
  outcome: RecipientOutcome
  resolve: () => void
  reject: (error: unknown) => void
}

export class OutcomeRecorder {
  #pending: Pending[] = []
  #writing = false
  #scheduled = false

  constructor(
    private readonly store: Pick<SendingStore, 'recordOutcomes'>,
    private readonly workspaceId: string,
    private readonly campaignId: string,
  ) {}

  /** Resolves once the outcome is committed. */
  record(outcome: RecipientOutcome): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ outcome, resolve, reject })
      this.#schedule()
    })
  }

  #schedule(): void {
    if (this.#writing || this.#scheduled) return
    this.#scheduled = true
    // setImmediate: outcomes finished in the same turn share one transaction.
    setImmediate(() => {
      this.#scheduled = false
      void this.#write()
    })
  }

  async #write(): Promise<void> {
    const batch = this.#pending
    this.#pending = []
    if (batch.length === 0) return
    this.#writing = true
    try {
      await this.store.recordOutcomes(
        this.workspaceId,
        this.campaignId,
        batch.map((entry) => entry.outcome),
      )
      for (const entry of batch) entry.resolve()
    } catch (error) {
      for (const entry of batch) entry.reject(error)
    } finally {
      this.#writing = false
      if (this.#pending.length > 0) this.#schedule()
    }
  }
}
