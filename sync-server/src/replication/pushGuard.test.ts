import { HlcClock } from '@core/hlc'
import type { CampaignStatus } from '@core/schema'
import { campaignDoc, contactDoc, editDoc } from '../testing/docs'
import { guardPushedDocument, type ServerStamp } from './pushGuard'
import { resolvePush } from './resolvePush'

const T0 = Date.UTC(2026, 10, 1)

function serverStamps(now = T0 + 10 * 60_000): ServerStamp {
  const clock = new HlcClock('server', () => now)
  return (after) => {
    for (const stamp of after) clock.receive(stamp)
    return clock.now()
  }
}

/** The server's answer to one pushed campaign: what it stores and what the client is told. */
function pushCampaign(master: Record<string, unknown>, assumed: Record<string, unknown> | null, incoming: Record<string, unknown>) {
  const serverStamp = serverStamps()
  return resolvePush([{ id: incoming.id as string, doc: incoming, assumedMasterState: assumed }], new Map([[master.id as string, master]]), T0 + 10 * 60_000, (doc, stored, assumedMaster) =>
    guardPushedDocument({ collection: 'campaigns', incoming: doc, master: stored, assumedMaster, serverStamp, mayErase: false }),
  )
}

function storedStatus(result: ReturnType<typeof pushCampaign>, master: Record<string, unknown>): CampaignStatus {
  return ((result.writes[0]?.doc ?? master).status) as CampaignStatus
}

describe('push guard', () => {
  it('ignores pushed values of server-owned contact fields: a client cannot resubscribe a contact', () => {
    const master = { ...contactDoc({}, T0, 'server'), unsubscribed: true, openCount: 3 }
    const pushed = editDoc({ ...master }, { unsubscribed: false, openCount: 99, firstName: 'Ada B.' } as Partial<typeof master>, T0 + 60_000, 'deviceA')
    const guarded = guardPushedDocument({ collection: 'contacts', incoming: pushed, master, assumedMaster: master, serverStamp: serverStamps(), mayErase: false })
    expect(guarded.unsubscribed).toBe(true)
    expect(guarded.openCount).toBe(3)
    expect(guarded.firstName).toBe('Ada B.')
    expect((guarded._clock as Record<string, string>).unsubscribed).toBe(master._clock.unsubscribed)
  })

  it('lets only someone allowed to erase start an erasure; a member can echo one already stored', () => {
    const master = contactDoc({}, T0)
    const erasedClock = (doc: Record<string, unknown>, at: number) => ({ ...(doc._clock as Record<string, string>), _erased: new HlcClock('deviceA', () => at).now() })
    const pushed = { ...master, email: '', _deleted: true, _clock: erasedClock(master, T0 + 60_000) }
    const byMember = guardPushedDocument({ collection: 'contacts', incoming: pushed, master, assumedMaster: master, serverStamp: serverStamps(), mayErase: false })
    expect(byMember._clock).not.toHaveProperty('_erased')
    expect(byMember._deleted).toBe(true)
    const byAdmin = guardPushedDocument({ collection: 'contacts', incoming: pushed, master, assumedMaster: master, serverStamp: serverStamps(), mayErase: true })
    expect(byAdmin._clock).toHaveProperty('_erased')
    const erasedMaster = { ...pushed }
    const echo = guardPushedDocument({ collection: 'contacts', incoming: pushed, master: erasedMaster, assumedMaster: erasedMaster, serverStamp: serverStamps(), mayErase: false })
    expect(echo._clock).toHaveProperty('_erased')
  })

  it('drops server-owned fields from a new document', () => {
    const pushed = { ...contactDoc({}, T0), bounced: true, _clock: { ...contactDoc({}, T0)._clock, bounced: contactDoc({}, T0)._clock.email as string } }
    const guarded = guardPushedDocument({ collection: 'contacts', incoming: pushed, master: null, assumedMaster: null, serverStamp: serverStamps(), mayErase: false })
    expect(guarded).not.toHaveProperty('bounced')
    expect(guarded._clock).not.toHaveProperty('bounced')
  })

  it('applies a legal status change the client made offline, even when the server moved the campaign since', () => {
    const seen = campaignDoc({ status: 'scheduled', scheduledAt: T0 }, T0)
    // The server started sending after the client went offline…
    const master = editDoc(seen, { status: 'sending' }, T0 + 5 * 60_000, 'server')
    // …and the client had pressed Cancel earlier (an older wall clock than the server's start).
    const pushed = editDoc(seen, { status: 'cancelled' }, T0 + 2 * 60_000, 'deviceA')
    const result = pushCampaign(master, seen, pushed)
    expect(storedStatus(result, master)).toBe('cancelled')
    // The stored status carries a server stamp newer than both, so every device adopts it.
    const stamp = (result.writes[0]?.doc._clock as Record<string, string>).status as string
    expect(stamp > (master._clock.status as string)).toBe(true)
    expect(stamp.endsWith('-server')).toBe(true)
  })

  it('refuses an illegal status change and answers the stored status as a conflict with a newer stamp', () => {
    const seen = campaignDoc({ status: 'sending' }, T0)
    const master = editDoc(seen, { status: 'sent' }, T0 + 5 * 60_000, 'server')
    const pushed = editDoc(seen, { status: 'paused' }, T0 + 6 * 60_000, 'deviceA')
    const result = pushCampaign(master, seen, pushed)
    expect(storedStatus(result, master)).toBe('sent')
    const conflict = result.conflicts[0] as Record<string, unknown>
    expect(conflict.status).toBe('sent')
    expect((conflict._clock as Record<string, string>).status! > (pushed._clock.status as string)).toBe(true)
  })

  it('keeps the stored status when the client edited only other fields with a stale status', () => {
    const seen = campaignDoc({ status: 'paused' }, T0)
    const master = editDoc(seen, { status: 'sending' }, T0 + 60_000, 'deviceB')
    const pushed = editDoc(seen, { name: 'Renamed' }, T0 + 2 * 60_000, 'deviceA')
    const result = pushCampaign(master, seen, pushed)
    expect(storedStatus(result, master)).toBe('sending')
    expect(result.writes[0]?.doc.name).toBe('Renamed')
  })

  it('does not let a new campaign arrive already sending', () => {
    const pushed = campaignDoc({ status: 'sending' }, T0)
    const guarded = guardPushedDocument({ collection: 'campaigns', incoming: pushed, master: null, assumedMaster: null, serverStamp: serverStamps(), mayErase: false })
    expect(guarded.status).toBe('draft')
  })

  it('ignores pushed campaign stats', () => {
    const master = { ...campaignDoc({ status: 'sending' }, T0), startedAt: T0 }
    const pushed = { ...editDoc(master, { name: 'x' }, T0 + 60_000, 'deviceA'), startedAt: 1 }
    const guarded = guardPushedDocument({ collection: 'campaigns', incoming: pushed, master, assumedMaster: master, serverStamp: serverStamps(), mayErase: false })
    expect(guarded.startedAt).toBe(T0)
  })
})
