import { createElectronPlatform } from './electron'
import type { Platform } from './platform'
import { webPlatform } from './web'

export type { AppInfo, MenuCommand, Platform, SessionState, SyncSession } from './platform'

/** The host this renderer runs in, chosen once at startup: the Electron bridge when the preload exposed it. */
export const platform: Platform = window.outpost ? createElectronPlatform(window.outpost) : webPlatform
