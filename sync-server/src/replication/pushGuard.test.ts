import { formatStamp, HlcClock } from '@core/hlc'
import type { Activity, CampaignStatus } from '@core/schema'
import { campaignDoc, contactDoc, editDoc, workflowDoc } from '../testing/docs'
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
    guardPushedDocument({ collection: 'campaigns', incoming: doc, master: stored, assumedMaster, serverStamp, mayErase: false, userId: 'u-ana', mayModerate: false }),
  )
}

function storedStatus(result: ReturnType<typeof pushCampaign>, master: Record<string, unknown>): CampaignStatus {
  return ((result.writes[0]?.doc ?? master).status) as CampaignStatus
}

describe('push guard', () => {
  it('ignores pushed values of server-owned contact fields: a client cannot resubscribe a contact', () => {
    const master = { ...contactDoc({}, T0, 'server'), unsubscribed: true, openCount: 3 }
    const pushed = editDoc({ ...master }, { unsubscribed: false, openCount: 99, firstName: 'Ada B.' } as Partial<typeof master>, T0 + 60_000, 'deviceA')
    const guarded = guardPushedDocument({ collection: 'contacts', incoming: pushed, master, assumedMaster: master, serverStamp: serverStamps(), mayErase: false, userId: 'u-ana', mayModerate: false })
    expect(guarded.unsubscribed).toBe(true)
    expect(guarded.openCount).toBe(3)
    expect(guarded.firstName).toBe('Ada B.')
    expect((guarded._clock as Record<string, string>).unsubscribed).toBe(master._clock.unsubscribed)
  })

  it('lets only someone allowed to erase start an erasure; a member can echo one already stored', () => {
    const master = contactDoc({}, T0)
    const erasedClock = (doc: Record<string, unknown>, at: number) => ({ ...(doc._clock as Record<string, string>), _erased: new HlcClock('deviceA', () => at).now() })
    const pushed = { ...master, email: '', _deleted: true, _clock: erasedClock(master, T0 + 60_000) }
    const byMember = guardPushedDocument({ collection: 'contacts', incoming: pushed, master, assumedMaster: master, serverStamp: serverStamps(), mayErase: false, userId: 'u-ana', mayModerate: false })
    expect(byMember._clock).not.toHaveProperty('_erased')
    expect(byMember._deleted).toBe(true)
    const byAdmin = guardPushedDocument({ collection: 'contacts', incoming: pushed, master, assumedMaster: master, serverStamp: serverStamps(), mayErase: true, userId: 'u-ana', mayModerate: true })
    expect(byAdmin._clock).toHaveProperty('_erased')
    const erasedMaster = { ...pushed }
    const echo = guardPushedDocument({ collection: 'contacts', incoming: pushed, master: erasedMaster, assumedMaster: erasedMaster, serverStamp: serverStamps(), mayErase: false, userId: 'u-ana', mayModerate: false })
    expect(echo._clock).toHaveProperty('_erased')
  })

  it('drops server-owned fields from a new document', () => {
    const pushed = { ...contactDoc({}, T0), bounced: true, _clock: { ...contactDoc({}, T0)._clock, bounced: contactDoc({}, T0)._clock.email as string } }
    const guarded = guardPushedDocument({ collection: 'contacts', incoming: pushed, master: null, assumedMaster: null, serverStamp: serverStamps(), mayErase: false, userId: 'u-ana', mayModerate: false })
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
    const guarded = guardPushedDocument({ collection: 'campaigns', incoming: pushed, master: null, assumedMaster: null, serverStamp: serverStamps(), mayErase: false, userId: 'u-ana', mayModerate: false })
    expect(guarded.status).toBe('draft')
  })

  it('ignores pushed campaign stats', () => {
    const master = { ...campaignDoc({ status: 'sending' }, T0), startedAt: T0 }
    const pushed = { ...editDoc(master, { name: 'x' }, T0 + 60_000, 'deviceA'), startedAt: 1 }
    const guarded = guardPushedDocument({ collection: 'campaigns', incoming: pushed, master, assumedMaster: master, serverStamp: serverStamps(), mayErase: false, userId: 'u-ana', mayModerate: false })
    expect(guarded.startedAt).toBe(T0)
  })
})

/** A schema-valid activity as a device pushes it, every field stamped at `wallMs` by `node`. */
function activityDoc(overrides: Partial<Activity> = {}, wallMs = T0, node = 'deviceA'): Activity & { _deleted: boolean } {
  const stamp = formatStamp({ wallMs, counter: 0, node })
  const fields = { kind: 'comment' as const, contactId: 'c1', companyId: '', subject: '', body: '@Bob please call', mentions: ['u-bob'], occurredAt: wallMs, createdAt: wallMs, ...overrides }
  const clock: Record<string, string> = { _deleted: stamp }
  for (const key of Object.keys(fields)) clock[key] = stamp
  return { id: 'act-1', updatedAt: wallMs, _deleted: false, _clock: clock, ...fields }
}

type Doc = Record<string, unknown>
const clockOf = (doc: Doc) => doc._clock as Record<string, string>

/** What the server stores after `userId` pushes `incoming` over `master` (null: a new document). */
function stored(collection: 'contacts' | 'activities', userId: string, incoming: Doc, master: Doc | null, mayModerate = false): Doc {
  const serverStamp = serverStamps()
  const result = resolvePush(
    [{ id: incoming.id as string, doc: incoming, assumedMasterState: master }],
    master === null ? new Map() : new Map([[master.id as string, master]]),
    T0 + 10 * 60_000,
    (doc, storedMaster, assumedMaster) => guardPushedDocument({ collection, incoming: doc, master: storedMaster, assumedMaster, serverStamp, mayErase: false, userId, mayModerate }),
  )
  return result.writes[0]?.doc ?? (master as Doc)
}

describe('push guard: who changed what', () => {
  it('names the pusher on a new document, whatever the device claimed', () => {
    const forged = { ...contactDoc({}, T0), updatedBy: 'u-bob' }
    forged._clock = { ...forged._clock, updatedBy: forged._clock.email as string }
    expect(stored('contacts', 'u-ana', forged, null).updatedBy).toBe('u-ana')
    // A document created while local only has no stamp yet: it gets the pusher too.
    expect(stored('contacts', 'u-ana', contactDoc({}, T0), null).updatedBy).toBe('u-ana')
  })

  it('keeps an honest stamp as the device sent it (no extra round trip)', () => {
    const master = { ...contactDoc({}, T0), updatedBy: 'u-bob' }
    const pushed = editDoc(master, { title: 'CTO', updatedBy: 'u-ana' }, T0 + 60_000, 'deviceA')
    const result = stored('contacts', 'u-ana', pushed, master)
    expect(result.updatedBy).toBe('u-ana')
    expect(clockOf(result).updatedBy).toBe(clockOf(pushed).updatedBy)
  })

  it('replaces another member named by a real change with the pusher, stamped so it wins on every device', () => {
    const master = { ...contactDoc({}, T0), updatedBy: 'u-bob' }
    const pushed = editDoc(master, { title: 'CTO' }, T0 + 60_000, 'deviceA')
    const result = stored('contacts', 'u-ana', pushed, master)
    expect(result).toMatchObject({ title: 'CTO', updatedBy: 'u-ana' })
    expect(clockOf(result).updatedBy! > clockOf(pushed).title!).toBe(true)
    expect(clockOf(result).updatedBy!.endsWith('-server')).toBe(true)
  })

  it('does not let a push that changes nothing claim the document', () => {
    const master = { ...contactDoc({}, T0), updatedBy: 'u-bob' }
    master._clock = { ...master._clock, updatedBy: master._clock.email as string }
    const claim = editDoc(master, { updatedBy: 'u-ana' }, T0 + 60_000, 'deviceA')
    expect(stored('contacts', 'u-ana', claim, master).updatedBy).toBe('u-bob')
    // Re-sending the same values with newer stamps is no change either.
    const sameValues = editDoc(master, { title: '' }, T0 + 60_000, 'deviceA')
    expect(stored('contacts', 'u-ana', sameValues, master).updatedBy).toBe('u-bob')
  })
})

describe('push guard: comments', () => {
  it("makes the pusher the author of a new comment, even when the device claims someone else's name", () => {
    expect(stored('activities', 'u-ana', activityDoc({ authorId: 'u-bob' }), null).authorId).toBe('u-ana')
    expect(stored('activities', 'u-ana', activityDoc({}), null).authorId).toBe('u-ana')
    // A note written while local only stays without an author.
    expect(stored('activities', 'u-ana', activityDoc({ kind: 'note' }), null)).not.toHaveProperty('authorId')
  })

  it('never lets anyone rewrite the author', () => {
    const master = { ...activityDoc({ authorId: 'u-ana' }), updatedBy: 'u-ana' }
    const byBob = editDoc(master, { authorId: 'u-bob' }, T0 + 60_000, 'deviceB')
    expect(stored('activities', 'u-bob', byBob, master).authorId).toBe('u-ana')
    const byAna = editDoc(master, { authorId: 'u-bob' }, T0 + 60_000, 'deviceA')
    expect(stored('activities', 'u-ana', byAna, master).authorId).toBe('u-ana')
  })

  it("lets only the author edit a comment's text and mentions; a teammate's edit is undone with a winning stamp", () => {
    const master = { ...activityDoc({ authorId: 'u-ana' }), updatedBy: 'u-ana' }
    const byBob = editDoc(master, { body: 'edited by Bob', mentions: [] }, T0 + 60_000, 'deviceB')
    const result = stored('activities', 'u-bob', byBob, master)
    expect(result).toMatchObject({ body: '@Bob please call', mentions: ['u-bob'], updatedBy: 'u-ana' })
    expect(clockOf(result).body! > clockOf(byBob).body!).toBe(true)
    const byAna = editDoc(master, { body: 'edited by Ana' }, T0 + 60_000, 'deviceA')
    expect(stored('activities', 'u-ana', byAna, master)).toMatchObject({ body: 'edited by Ana', updatedBy: 'u-ana' })
  })

  it("lets the author, owners and admins delete a comment, not another member; other fields stay editable", () => {
    const master = { ...activityDoc({ authorId: 'u-ana' }), updatedBy: 'u-ana' }
    const deleted = (doc: Doc) => editDoc(doc as typeof master, { _deleted: true }, T0 + 60_000, 'deviceB')
    expect(stored('activities', 'u-bob', deleted(master), master)._deleted).toBe(false)
    expect(stored('activities', 'u-bob', deleted(master), master, true)._deleted).toBe(true)
    expect(stored('activities', 'u-ana', deleted(master), master)._deleted).toBe(true)
    const relinked = editDoc(master, { dealId: 'd1' }, T0 + 60_000, 'deviceB')
    expect(stored('activities', 'u-bob', relinked, master)).toMatchObject({ dealId: 'd1', updatedBy: 'u-bob' })
  })
})

describe('push guard: published workflow versions', () => {
  const guard = (incoming: Record<string, unknown>, master: Record<string, unknown> | null) =>
    guardPushedDocument({ collection: 'workflows', incoming, master, assumedMaster: master, serverStamp: serverStamps(), mayErase: false, userId: 'u-ana', mayModerate: false })
  const published = (version: number, publishedBy: string, tag = 'welcomed') => {
    const graph = { trigger: { type: 'contact_created' as const }, entryStepId: 's1', steps: [{ id: 's1', type: 'add_tag' as const, tag, next: '' }] }
    return { version, graph, settings: { reenrol: 'never' as const, exitOnUnsubscribe: true }, publishedAt: T0, publishedBy }
  }

  it('names the pusher as the publisher of a new version, whatever the device claimed', () => {
    const master = workflowDoc({ status: 'draft' }, T0, 'server')
    const pushed = editDoc({ ...master }, { status: 'active', published: published(1, 'u-somebody-else') }, T0 + 60_000, 'deviceA')
    const guarded = guard(pushed, master)
    expect(guarded.published).toMatchObject({ version: 1, publishedBy: 'u-ana' })
    expect(guarded.updatedBy).toBe('u-ana')
  })

  it('never lets a stored version change or go back: the stored one wins with a newer stamp', () => {
    const master = workflowDoc({ status: 'active', published: published(2, 'u-bo') }, T0, 'server')
    for (const stale of [published(2, 'u-ana', 'rewritten'), published(1, 'u-ana')]) {
      const pushed = editDoc({ ...master }, { published: stale }, T0 + 60_000, 'deviceA')
      const guarded = guard(pushed, master)
      expect(guarded.published).toEqual(master.published)
      expect((guarded._clock as Record<string, string>).published! > pushed._clock.published!).toBe(true)
    }
  })

  it('does not let a device unpublish a workflow by dropping the field', () => {
    const master = workflowDoc({ status: 'active', published: published(1, 'u-bo') }, T0, 'server')
    const { published: _dropped, ...withoutPublished } = editDoc({ ...master }, { name: 'Renamed' }, T0 + 60_000, 'deviceA')
    const guarded = guard(withoutPublished, master)
    expect(guarded.published).toEqual(master.published)
    expect(guarded.name).toBe('Renamed')
  })

  it('takes a newer version as pushed when its publisher is the pusher', () => {
    const master = workflowDoc({ status: 'active', published: published(1, 'u-bo') }, T0, 'server')
    const pushed = editDoc({ ...master }, { published: published(2, 'u-ana', 'v2') }, T0 + 60_000, 'deviceA')
    const guarded = guard(pushed, master)
    expect(guarded.published).toEqual(pushed.published)
    expect((guarded._clock as Record<string, string>).published).toBe(pushed._clock.published)
  })
})
