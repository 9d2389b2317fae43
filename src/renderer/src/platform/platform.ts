import type { ActionResult, DesktopNotification, SessionState, SyncPhase, SyncSession, UpdateStatus } from '../../../shared/ipc-contract'

export type { ActionResult, DesktopNotification, SessionState, SyncSession, UpdateStatus } from '../../../shared/ipc-contract'

// What the renderer needs from its host. electron.ts (window.outpost) and web.ts (plain browser) implement it.
export type MenuCommand =
  | 'new-contact'
  | 'new-company'
  | 'search'
  | 'command-palette'
  | 'go-contacts'
  | 'go-companies'
  | 'go-settings'
  | 'go-import'
  | 'sync-now'
  | 'new-task'

export interface AppInfo {
  name: string
  version: string
  platform: string
}

export interface Platform {
  kind: 'electron' | 'web'
  getAppInfo(): Promise<AppInfo>
  /** Opens an http(s) URL in the user's browser; anything else is refused. */
  openExternal(url: string): Promise<{ ok: true } | { ok: false; error: string }>
  /** Commands from the native menu (Electron); a no-op subscription in the browser. Returns an unsubscribe. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void
  /** The stored sync session, if any. Electron: OS-encrypted in main; browser: this tab's sessionStorage. */
  getSession(): Promise<SessionState>
  /** `persisted`: whether the session survives a restart (false: no keyring, or a browser tab). */
  setSession(session: SyncSession): Promise<{ persisted: boolean }>
  clearSession(): Promise<void>
  copyText(text: string): Promise<void>
  /** Deep links and notification clicks: a hash route to go to (Electron). Returns an unsubscribe. */
  onNavigate(listener: (route: string) => void): () => void
  /**
   * Says the renderer listens now; resolves to the deep link or tray command that arrived before
   * it did (the link that launched the app). Asked once per page: later calls get the same answer.
   */
  rendererReady(): Promise<{ route: string | null; command: MenuCommand | null }>
  /** Auto-update ('disabled' in development and in the browser). */
  getUpdateStatus(): Promise<UpdateStatus>
  onUpdateStatus(listener: (status: UpdateStatus) => void): () => void
  checkForUpdates(): Promise<ActionResult>
  /** Quits and installs the downloaded update. */
  installUpdate(): Promise<ActionResult>
  /** The status bar's sync line, for the tray. */
  reportSyncState(state: { phase: SyncPhase; label: string }): Promise<void>
  /** A native notification (browser: only if the user already allowed them); a click goes to `route`. */
  notify(notification: DesktopNotification): Promise<{ shown: boolean }>
  /** Overdue tasks on the dock or taskbar icon (a no-op in the browser). */
  setBadgeCount(count: number): Promise<void>
}
