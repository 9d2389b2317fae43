import type { UpdateStatus } from '../../platform/platform'

/** What the small update notice at the foot of the sidebar shows; null: nothing to say. */
export interface UpdateNoticeView {
  tone: 'info' | 'ready' | 'error'
  text: string
  detail?: string
  /** 0-100 while downloading (shown beside the text and as a bar). */
  percent?: number
  action?: 'restart' | 'retry'
}

function named(version: string | undefined): string {
  return version ? `Outpost ${version}` : 'The update'
}

/**
 * A check the app made on its own stays silent until it finds something; a check the user asked
 * for shows that it runs. A failure is shown when the user asked, or when an update had been found
 * (its status then carries the version).
 */
export function describeUpdateNotice(status: UpdateStatus): UpdateNoticeView | null {
  switch (status.state) {
    case 'checking':
      return status.userInitiated ? { tone: 'info', text: 'Checking for updates…' } : null
    case 'available':
      return { tone: 'info', text: `Downloading ${named(status.version)}…`, percent: 0 }
    case 'downloading': {
      const percent = Math.round(status.percent ?? 0)
      return { tone: 'info', text: 'Downloading update…', percent }
    }
    case 'downloaded':
      return { tone: 'ready', text: `${named(status.version)} is ready`, detail: 'Restart to finish updating.', action: 'restart' }
    case 'error':
      if (!status.userInitiated && !status.version) return null
      return { tone: 'error', text: 'Update failed', detail: status.message ?? 'Something went wrong while updating.', action: 'retry' }
    default:
      return null
  }
}

/** A status that arrives as an event and deserves a toast (the notice does not cover it). */
export function updateToast(status: UpdateStatus): string | null {
  if (status.state === 'not-available' && status.userInitiated) {
    return status.version ? `Outpost is up to date (version ${status.version}).` : 'Outpost is up to date.'
  }
  return null
}
