import type { SessionState, SyncSession } from '../../../shared/ipc-contract'

export type { SessionState, SyncSession } from '../../../shared/ipc-contract'

// What the renderer needs from its host. electron.ts (window.outpost) and web.ts (plain browser) implement it.
export type MenuCommand =
  | 'new-contact'
  | 'new-company'
  | 'search'
  | 'command-palette'
  | 'go-contacts'
  | 'go-companies'
  | 'go-settings'

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
}
