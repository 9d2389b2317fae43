/** Thrown when an export is cancelled; callers show nothing for it. */
export class ExportCancelled extends Error {
  constructor() {
    super('export cancelled')
    this.name = 'ExportCancelled'
  }
}

/**
 * Lets the browser paint and handle input between chunks of long work. A macrotask (not a
 * microtask) so rendering and events really get their turn; MessageChannel avoids the 4 ms
 * clamp nested setTimeout calls get.
 */
export function yieldToBrowser(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => {
      channel.port1.close()
      resolve()
    }
    channel.port2.postMessage(null)
  })
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ExportCancelled()
}
