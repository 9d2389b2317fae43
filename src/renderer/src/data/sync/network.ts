/** Whether the OS says there is a network, and when it comes back. Injected so Node tests need no window. */
export interface NetworkSignals {
  isOnline(): boolean
  /** Calls `listener` whenever the network comes back; returns the unsubscribe function. */
  onOnline(listener: () => void): () => void
}

// Read through globalThis so this module also compiles and runs where there is no DOM (Node tests).
interface BrowserGlobals {
  navigator?: { onLine?: boolean }
  addEventListener?: (type: 'online', listener: () => void) => void
  removeEventListener?: (type: 'online', listener: () => void) => void
}

/** navigator.onLine and the window's `online` event; always online where there is no window (Node). */
export const browserNetwork: NetworkSignals = {
  isOnline: () => (globalThis as BrowserGlobals).navigator?.onLine !== false,
  onOnline: (listener) => {
    const scope = globalThis as BrowserGlobals
    if (typeof scope.addEventListener !== 'function' || typeof scope.removeEventListener !== 'function') return () => undefined
    scope.addEventListener('online', listener)
    return () => scope.removeEventListener?.('online', listener)
  },
}
