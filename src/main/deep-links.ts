import { resolve } from 'node:path'
import { DEEP_LINK_SCHEME, parseDeepLink, type DeepLinkTarget } from '../shared/deep-link'

/**
 * The deep link in a command line (Windows and Linux pass `outpost://…` as an argument, to the first
 * launch and to the running instance through 'second-instance'). Chromium may put its own switches
 * around it, so every argument is looked at; one that is not a valid link is ignored.
 */
export function findDeepLinkInArgv(argv: readonly string[]): DeepLinkTarget | null {
  for (const argument of argv) {
    if (typeof argument !== 'string' || !argument.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) continue
    const target = parseDeepLink(argument)
    if (target) return target
  }
  return null
}

/**
 * Arguments for app.setAsDefaultProtocolClient, or null when Outpost should not register. An
 * installed app registers itself as is. A development run on Windows is `electron <script>`, so
 * the OS is told to start Electron with the script (Electron docs, "Deep Links"); macOS and Linux
 * development runs do not register, which would make the bare Electron binary the system's handler.
 */
export function protocolClientArgs(options: {
  isPackaged: boolean
  platform: NodeJS.Platform
  execPath: string
  argv: readonly string[]
}): { scheme: string; path?: string; args?: string[] } | null {
  if (options.isPackaged) return { scheme: DEEP_LINK_SCHEME }
  const script = options.argv[1]
  if (options.platform === 'win32' && script) return { scheme: DEEP_LINK_SCHEME, path: options.execPath, args: [resolve(script)] }
  return null
}
