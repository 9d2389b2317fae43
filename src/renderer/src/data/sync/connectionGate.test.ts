import { Backoff } from './backoff'
import { ConnectionGate, GateClosedError } from './connectionGate'
import type { NetworkSignals } from './network'

function network(online: boolean): NetworkSignals & { online: boolean } {
  const signals = { online, isOnline: () => signals.online, onOnline: () => () => undefined }
  return signals
}

/** Whether `promise` settled by the time queued microtasks and timers up to now ran. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false
  promise.then(
    () => (done = true),
    () => (done = true),
  )
  await vi.advanceTimersByTimeAsync(0)
  return done
}

describe('ConnectionGate', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  const backoff = () => new Backoff({ baseMs: 1_000, maxMs: 30_000, random: () => 0 })

  it('lets one probe through while the server is not known to answer, then everyone', async () => {
    const gate = new ConnectionGate(network(true), backoff())
    const first = gate.pass()
    const second = gate.pass()
    const third = gate.pass()
    expect(await settled(first)).toBe(true)
    expect(await settled(second)).toBe(false)
    gate.answered(true)
    expect(await settled(second)).toBe(true)
    expect(await settled(third)).toBe(true)
    expect(await settled(gate.pass())).toBe(true)
  })

  it('backs off after no answer and probes singly again', async () => {
    const gate = new ConnectionGate(network(true), backoff())
    await gate.pass()
    const waiting = gate.pass()
    gate.unanswered()
    expect(await settled(waiting)).toBe(false)
    await vi.advanceTimersByTimeAsync(499)
    expect(await settled(waiting)).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(await settled(waiting)).toBe(true)
    // The next one waits for this probe's outcome.
    const next = gate.pass()
    expect(await settled(next)).toBe(false)
    gate.retryNow()
    expect(await settled(next)).toBe(false)
    gate.released()
    expect(await settled(next)).toBe(true)
  })

  it('holds everything while the OS says offline, reporting it', async () => {
    const signals = network(false)
    const onOffline = vi.fn()
    const gate = new ConnectionGate(signals, backoff(), Date.now, onOffline)
    const waiting = gate.pass()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(await settled(waiting)).toBe(false)
    expect(onOffline).toHaveBeenCalled()
    signals.online = true
    gate.retryNow()
    expect(await settled(waiting)).toBe(true)
  })

  it('keeps backing off on server errors even though the server answers', async () => {
    const gate = new ConnectionGate(network(true), backoff())
    await gate.pass()
    gate.answered(false)
    const waiting = gate.pass()
    expect(await settled(waiting)).toBe(false)
    await vi.advanceTimersByTimeAsync(500)
    expect(await settled(waiting)).toBe(true)
  })

  it('rejects waiting and later requests once stopped', async () => {
    const gate = new ConnectionGate(network(false), backoff())
    const waiting = gate.pass()
    gate.stop()
    await expect(waiting).rejects.toBeInstanceOf(GateClosedError)
    await expect(gate.pass()).rejects.toBeInstanceOf(GateClosedError)
  })
})
