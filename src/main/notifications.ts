import type { DesktopNotification } from '../shared/ipc-contract'

/** The part of Electron's Notification the notifier uses. */
export interface NotificationLike {
  on(event: 'click' | 'close' | 'failed', listener: () => void): unknown
  show(): void
}

export interface Notifier {
  notify(notification: DesktopNotification): { shown: boolean }
}

/**
 * Shows what the renderer decided to tell the user. A click brings Outpost forward and opens the
 * notification's route. The renderer chooses when to notify; main only shows.
 */
export function createNotifier(deps: {
  isSupported(): boolean
  create(options: { title: string; body: string }): NotificationLike
  /** Focuses the window and, with a route, goes there. */
  open(route: string | undefined): void
}): Notifier {
  // Referenced until done: a notification collected by the GC loses its click handler (Windows).
  const live = new Set<NotificationLike>()
  return {
    notify({ title, body, route }) {
      if (!deps.isSupported()) return { shown: false }
      const notification = deps.create({ title, body })
      const done = (): void => {
        live.delete(notification)
      }
      notification.on('click', () => {
        done()
        deps.open(route)
      })
      notification.on('close', done)
      notification.on('failed', done)
      live.add(notification)
      notification.show()
      return { shown: true }
    },
  }
}
