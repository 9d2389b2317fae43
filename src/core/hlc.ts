// Hybrid logical clock. A stamp is "<wall ms, 15 digits>-<counter, 5 digits>-<node id>",
// so plain string comparison is clock order (ARCHITECTURE.md).

export interface Hlc {
  wallMs: number
  counter: number
  node: string
}

const WALL_DIGITS = 15
const COUNTER_DIGITS = 5
const MAX_COUNTER = 10 ** COUNTER_DIGITS - 1
/** A remote clock further ahead than this is not believed: it would otherwise win every merge. */
export const MAX_CLOCK_DRIFT_MS = 5 * 60 * 1000
const STAMP_PATTERN = /^(\d{15})-(\d{5})-([A-Za-z0-9_.:]{1,64})$/
const NODE_PATTERN = /^[A-Za-z0-9_.:]{1,64}$/

/** The lowest possible stamp: loses to any real edit (used for migrated or defaulted fields). */
export const ZERO_STAMP = `${'0'.repeat(WALL_DIGITS)}-${'0'.repeat(COUNTER_DIGITS)}-0`

export function formatStamp(clock: Hlc): string {
  return `${String(clock.wallMs).padStart(WALL_DIGITS, '0')}-${String(clock.counter).padStart(COUNTER_DIGITS, '0')}-${clock.node}`
}

export function parseStamp(stamp: string): Hlc | null {
  const match = STAMP_PATTERN.exec(stamp)
  if (!match) return null
  return { wallMs: Number(match[1]), counter: Number(match[2]), node: match[3] as string }
}

export function isStamp(stamp: string): boolean {
  return STAMP_PATTERN.test(stamp)
}

export function compareStamps(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function createHlc(node: string, wallMs = 0): Hlc {
  if (!NODE_PATTERN.test(node)) throw new Error(`invalid HLC node id: ${node}`)
  return { wallMs, counter: 0, node }
}

/** Advances the clock for a local event. */
export function tickHlc(clock: Hlc, physicalNowMs: number): Hlc {
  if (physicalNowMs > clock.wallMs) return { wallMs: physicalNowMs, counter: 0, node: clock.node }
  return bumpCounter(clock, clock.wallMs, clock.counter + 1)
}

/**
 * Merges a remote stamp into the local clock so that later local stamps sort after it.
 * A remote wall time beyond now + MAX_CLOCK_DRIFT_MS is capped there, so one machine with a
 * clock years ahead cannot push every peer's clock (and its own edits' priority) into the future.
 */
export function receiveHlc(clock: Hlc, remoteStamp: string, physicalNowMs: number): Hlc {
  const remote = parseStamp(remoteStamp)
  if (!remote) return tickHlc(clock, physicalNowMs)
  const remoteWall = Math.min(remote.wallMs, physicalNowMs + MAX_CLOCK_DRIFT_MS)
  const remoteCounter = remote.wallMs === remoteWall ? remote.counter : 0
  const wall = Math.max(clock.wallMs, remoteWall, physicalNowMs)
  if (wall === clock.wallMs && wall === remoteWall) return bumpCounter(clock, wall, Math.max(clock.counter, remoteCounter) + 1)
  if (wall === clock.wallMs) return bumpCounter(clock, wall, clock.counter + 1)
  if (wall === remoteWall) return bumpCounter(clock, wall, remoteCounter + 1)
  return { wallMs: wall, counter: 0, node: clock.node }
}

/**
 * Caps a stamp that claims a wall time beyond now + MAX_CLOCK_DRIFT_MS. The sync server applies it
 * to pushed clocks so a device with a clock far in the future cannot win forever.
 */
export function clampStamp(stamp: string, physicalNowMs: number): string {
  const parsed = parseStamp(stamp)
  if (!parsed) return stamp
  const limit = physicalNowMs + MAX_CLOCK_DRIFT_MS
  if (parsed.wallMs <= limit) return stamp
  return formatStamp({ wallMs: limit, counter: 0, node: parsed.node })
}

function bumpCounter(clock: Hlc, wallMs: number, counter: number): Hlc {
  // Counter overflow: borrow a millisecond rather than wrap and break ordering.
  if (counter > MAX_COUNTER) return { wallMs: wallMs + 1, counter: 0, node: clock.node }
  return { wallMs, counter, node: clock.node }
}

/** A mutable clock for one device: `now()` issues stamps, `receive()` folds in remote ones. */
export class HlcClock {
  private state: Hlc

  constructor(
    node: string,
    private readonly physicalNow: () => number = Date.now,
  ) {
    this.state = createHlc(node)
  }

  now(): string {
    this.state = tickHlc(this.state, this.physicalNow())
    return formatStamp(this.state)
  }

  receive(remoteStamp: string): void {
    this.state = receiveHlc(this.state, remoteStamp, this.physicalNow())
  }

  get node(): string {
    return this.state.node
  }
}
