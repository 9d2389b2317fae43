import { PendingChanges } from './pendingChanges'

describe('pending changes', () => {
  it('counts nothing while sync is off (local only)', () => {
    const pending = new PendingChanges()
    pending.markWritten('contacts', ['a', 'b'])
    expect(pending.count).toBe(0)
  })

  it('counts ids written here until the server acknowledges the push that carried them', () => {
    const pending = new PendingChanges()
    pending.setTracking(true)
    pending.markWritten('contacts', ['a', 'b'])
    pending.markWritten('contacts', ['a'])
    pending.markWritten('companies', ['a'])
    expect(pending.count).toBe(3)

    pending.handedToPush('contacts', ['a', 'b'])
    expect(pending.count).toBe(3)
    pending.acknowledged('contacts', ['a', 'b'])
    expect(pending.count).toBe(1)
  })

  it('keeps an id whose newer edit came after the push was sent', () => {
    const pending = new PendingChanges()
    pending.setTracking(true)
    pending.markWritten('contacts', ['a'])
    pending.handedToPush('contacts', ['a'])
    pending.markWritten('contacts', ['a'])
    pending.acknowledged('contacts', ['a'])
    expect(pending.count).toBe(1)
    pending.handedToPush('contacts', ['a'])
    pending.acknowledged('contacts', ['a'])
    expect(pending.count).toBe(0)
  })

  it('counts ids the replication pushes that were written before this session (a first sign-in)', () => {
    const pending = new PendingChanges()
    pending.setTracking(true)
    pending.handedToPush('contacts', ['old1', 'old2'])
    expect(pending.count).toBe(2)
    // A failed push is retried with the same ids: still waiting, not counted twice.
    pending.handedToPush('contacts', ['old1', 'old2'])
    expect(pending.count).toBe(2)
  })

  it('settles writes the replication found nothing to push for, but not newer ones', () => {
    const pending = new PendingChanges()
    pending.setTracking(true)
    pending.markWritten('contacts', ['same-as-server'])
    const before = pending.generation
    pending.markWritten('contacts', ['newer'])
    pending.handedToPush('companies', ['in-flight'])
    pending.settleWrittenBefore(before)
    expect(pending.count).toBe(2)
  })

  it('notifies subscribers on change and stops counting when tracking ends', () => {
    const pending = new PendingChanges()
    const listener = vi.fn()
    pending.subscribe(listener)
    pending.setTracking(true)
    pending.markWritten('contacts', ['a'])
    expect(listener).toHaveBeenCalledTimes(1)
    pending.setTracking(false)
    expect(pending.count).toBe(0)
    expect(listener).toHaveBeenCalledTimes(2)
  })
})
