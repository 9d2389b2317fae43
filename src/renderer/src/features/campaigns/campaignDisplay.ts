import type { CampaignStatus } from '@core/schema'
import type { CampaignAction } from '@core/campaigns/campaignStateMachine'

export const CAMPAIGN_STATUS_LABELS: Record<CampaignStatus, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  sending: 'Sending',
  paused: 'Paused',
  sent: 'Sent',
  cancelled: 'Cancelled',
}

export const CAMPAIGN_STATUS_PILL: Record<CampaignStatus, string> = {
  draft: 'bg-slate-100 text-slate-700 ring-slate-200',
  scheduled: 'bg-sky-50 text-sky-700 ring-sky-200',
  sending: 'bg-accent-50 text-accent-700 ring-accent-100',
  paused: 'bg-amber-50 text-amber-800 ring-amber-200',
  sent: 'bg-emerald-50 text-emerald-700 ring-emerald-200',
  cancelled: 'bg-rose-50 text-rose-700 ring-rose-200',
}

export const CAMPAIGN_ACTION_LABELS: Record<CampaignAction, string> = {
  schedule: 'Schedule',
  unschedule: 'Move back to draft',
  start: 'Start',
  pause: 'Pause',
  resume: 'Resume',
  complete: 'Complete',
  cancel: 'Cancel campaign',
}

/** What the campaign shows in the status banner, past its status pill. */
export const CAMPAIGN_STATUS_EXPLANATIONS: Record<CampaignStatus, string> = {
  draft: 'Not scheduled yet.',
  scheduled: 'The sync server starts it at the scheduled time, even while this device is closed.',
  sending: 'The sync server is sending it.',
  paused: 'Paused: nobody else gets it until you resume.',
  sent: 'Sent.',
  cancelled: 'Cancelled: nobody else gets it.',
}

/** The device's IANA zone, the default for new schedules. */
export function deviceTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

const dateTime = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' })

/** A moment in the device's zone, e.g. "May 6, 2025, 9:00 AM". */
export function formatLocalDateTime(at: number): string {
  return dateTime.format(at)
}
