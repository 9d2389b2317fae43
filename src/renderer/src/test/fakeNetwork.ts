import type { NetworkSignals } from '../data/sync/network'

export type SwitchableNetwork = NetworkSignals & { setOnline(online: boolean): void }

/** The OS's network signal, switched by the test; going online fires `onOnline` like the browser. */
export function fakeNetwork(initiallyOnline = true): SwitchableNetwork {
  let online = initiallyOnline
  const listeners = new Set<() => void>()
  return {
    isOnline: () => online,
    onOnline: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    setOnline(next) {
      online = next
      if (next) for (const listener of [...listeners]) listener()
    },
  }
}
