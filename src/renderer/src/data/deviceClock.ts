import { HlcClock } from '@core/hlc'

const NODE_KEY = 'outpost.deviceNodeId'

/** A stable per-device node id, so this device's stamps never tie with another's. */
function deviceNodeId(): string {
  try {
    const existing = localStorage.getItem(NODE_KEY)
    if (existing && /^[A-Za-z0-9]{8,32}$/.test(existing)) return existing
    const fresh = randomNodeId()
    localStorage.setItem(NODE_KEY, fresh)
    return fresh
  } catch {
    return randomNodeId()
  }
}

function randomNodeId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8))
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

export const deviceClock = new HlcClock(deviceNodeId())
