import { shell } from 'electron'
import { checkExternalUrl } from '../shared/external-url'
import type { OpenExternalResult } from '../shared/ipc-contract'

/** shell.openExternal hands the URL to the OS: anything but plain http(s) could launch a local program. */
export async function openExternalSafely(url: unknown): Promise<OpenExternalResult> {
  const checked = checkExternalUrl(url)
  if (!checked.ok) return checked
  try {
    await shell.openExternal(checked.url)
    return { ok: true }
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : 'The link could not be opened' }
  }
}
