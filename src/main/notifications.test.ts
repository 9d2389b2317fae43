import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { createNotifier, type NotificationLike } from './notifications'

class FakeNotification extends EventEmitter implements NotificationLike {
  constructor(readonly options: { title: string; body: string }) {
    super()
  }
  show = vi.fn()
}

function setup(supported = true) {
  const created: FakeNotification[] = []
  const open = vi.fn<(route: string | undefined) => void>()
  const notifier = createNotifier({
    isSupported: () => supported,
    create: (options) => {
      const notification = new FakeNotification(options)
      created.push(notification)
      return notification
    },
    open,
  })
  return { notifier, created, open }
}

describe('notifier', () => {
  it('shows the notification the renderer asked for', () => {
    const { notifier, created } = setup()
    expect(notifier.notify({ title: 'Campaign sent', body: 'Spring sale went out to 1,200 contacts' })).toEqual({ shown: true })
    expect(created).toHaveLength(1)
    expect(created[0]?.options).toEqual({ title: 'Campaign sent', body: 'Spring sale went out to 1,200 contacts' })
    expect(created[0]?.show).toHaveBeenCalledTimes(1)
  })

  it('opens the route on click (focusing the window)', () => {
    const { notifier, created, open } = setup()
    notifier.notify({ title: 'Campaign sent', body: '', route: '#/campaigns/abc/report' })
    created[0]?.emit('click')
    expect(open).toHaveBeenCalledWith('#/campaigns/abc/report')
  })

  it('only focuses the window when the notification has no route', () => {
    const { notifier, created, open } = setup()
    notifier.notify({ title: 'Sync problem', body: 'x' })
    created[0]?.emit('click')
    expect(open).toHaveBeenCalledWith(undefined)
  })

  it('says so when the system cannot show notifications', () => {
    const { notifier, created } = setup(false)
    expect(notifier.notify({ title: 't', body: 'b' })).toEqual({ shown: false })
    expect(created).toHaveLength(0)
  })
})
