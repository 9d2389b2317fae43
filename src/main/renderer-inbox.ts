import type { MenuCommand } from '../shared/ipc-contract'

/**
 * What main has for the renderer from outside the page (a deep link, a notification click, a tray
 * or menu command). The window may not exist yet (macOS open-url before launch, or every window
 * closed), or its page may be loading: then the latest of each waits until the renderer says it
 * listens (app:renderer-ready).
 */
export interface RendererInbox {
  /** Brings the window forward and takes the renderer to `route`. */
  navigate(route: string): void
  /** Brings the window forward and has the renderer run `command`. */
  command(command: MenuCommand): void
  /** The renderer listens now: what waited for it, if anything. */
  rendererReady(): { route: string | null; command: MenuCommand | null }
  /** The page is (re)loading or the window closed: hold what comes until it is ready again. */
  rendererGone(): void
}

export function createRendererInbox(deps: {
  sendRoute(route: string): void
  sendCommand(command: MenuCommand): void
  /** Shows the window, creating it if needed (a no-op before the app is ready). */
  focus(): void
}): RendererInbox {
  let ready = false
  // Only the latest of each matters: it is what the user did last.
  let pendingRoute: string | null = null
  let pendingCommand: MenuCommand | null = null
  return {
    navigate(route) {
      deps.focus()
      if (ready) deps.sendRoute(route)
      else pendingRoute = route
    },
    command(command) {
      deps.focus()
      if (ready) deps.sendCommand(command)
      else pendingCommand = command
    },
    rendererReady() {
      ready = true
      const waiting = { route: pendingRoute, command: pendingCommand }
      pendingRoute = null
      pendingCommand = null
      return waiting
    },
    rendererGone() {
      ready = false
    },
  }
}
