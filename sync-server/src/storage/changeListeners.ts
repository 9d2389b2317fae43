import type { ChangeNotice } from './port'

/** The onChange subscribers of one storage instance. A throwing listener never stops the others. */
export class ChangeListeners {
  readonly #listeners = new Set<(notice: ChangeNotice) => void>()

  constructor(private readonly onError: (error: unknown) => void) {}

  add(listener: (notice: ChangeNotice) => void): () => void {
    // Wrapped so the same function subscribed twice gets two independent subscriptions.
    const entry = (notice: ChangeNotice): void => listener(notice)
    this.#listeners.add(entry)
    return () => {
      this.#listeners.delete(entry)
    }
  }

  dispatch(notice: ChangeNotice): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(notice)
      } catch (error) {
        this.onError(error)
      }
    }
  }

  clear(): void {
    this.#listeners.clear()
  }
}

/** Reads a notice sent between instances; null for anything malformed. */
export function parseChangeNotice(payload: string | undefined): ChangeNotice | null {
  if (payload === undefined) return null
  let value: unknown
  try {
    value = JSON.parse(payload)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null) return null
  const { workspaceId, collection, seq } = value as Record<string, unknown>
  if (typeof workspaceId !== 'string' || typeof collection !== 'string' || typeof seq !== 'number') return null
  return { workspaceId, collection, seq }
}

export function reportToConsole(error: unknown): void {
  console.error('[storage]', error)
}
