import type { InboxItem } from '@core/feed/inbox'
import { InboxArrivals } from './inboxArrivals'

const START = 1_000_000
const item = (id: string, at: number, unread = true): InboxItem => ({ id, kind: 'mention', at, actorId: 'u-ana', target: { type: 'contact', id: 'c1' }, text: '', unread })

describe('InboxArrivals', () => {
  it('treats the first look as backlog, then reports each new unread item once', () => {
    const arrivals = new InboxArrivals(START)
    expect(arrivals.arrivals([item('a', START + 1)])).toEqual([])
    expect(arrivals.arrivals([item('a', START + 1), item('b', START + 5), item('c', START + 3)]).map((entry) => entry.id)).toEqual(['c', 'b'])
    expect(arrivals.arrivals([item('a', START + 1), item('b', START + 5), item('c', START + 3)])).toEqual([])
  })

  it('does not notify items made before the app started, nor items already read on another device', () => {
    const arrivals = new InboxArrivals(START)
    arrivals.arrivals([])
    expect(arrivals.arrivals([item('old', START - 60_000), item('read', START + 10, false)])).toEqual([])
  })
})
