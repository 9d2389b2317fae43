import type { CampaignStatus } from '../schema/campaigns'
import { err, ok, type Result } from '../result'

// draft → scheduled → sending → paused ⇄ sending → sent, or cancelled (ARCHITECTURE.md, sending).

export type CampaignAction = 'schedule' | 'unschedule' | 'start' | 'pause' | 'resume' | 'complete' | 'cancel'
/** Who moves the campaign: a person in the app, or the sync server's scheduler and workers. */
export type CampaignActor = 'user' | 'server'

const TRANSITIONS: Record<CampaignStatus, Partial<Record<CampaignAction, CampaignStatus>>> = {
  draft: { schedule: 'scheduled' },
  scheduled: { unschedule: 'draft', start: 'sending', cancel: 'cancelled' },
  sending: { pause: 'paused', complete: 'sent', cancel: 'cancelled' },
  paused: { resume: 'sending', cancel: 'cancelled' },
  sent: {},
  cancelled: {},
}

/** Starting and completing a send is the server's; the rest is a person's. */
// The server also unschedules (back to draft, with a reason) a campaign that is not ready at its start time.
const SERVER_ACTIONS: ReadonlySet<CampaignAction> = new Set(['start', 'complete', 'cancel', 'pause', 'unschedule'])
const USER_ACTIONS: ReadonlySet<CampaignAction> = new Set(['schedule', 'unschedule', 'pause', 'resume', 'cancel'])

const ACTION_LABELS: Record<CampaignAction, string> = {
  schedule: 'schedule',
  unschedule: 'move back to draft',
  start: 'start sending',
  pause: 'pause',
  resume: 'resume',
  complete: 'complete',
  cancel: 'cancel',
}

/** The status after `action`, or why it is not allowed (an illegal transition changes nothing). */
export function transitionCampaign(status: CampaignStatus, action: CampaignAction, actor: CampaignActor = 'user'): Result<CampaignStatus> {
  const allowed = actor === 'user' ? USER_ACTIONS : SERVER_ACTIONS
  const next = TRANSITIONS[status][action]
  if (next === undefined || !allowed.has(action)) {
    return err(`A ${status} campaign cannot ${ACTION_LABELS[action]}${allowed.has(action) ? '' : ' by hand'}.`)
  }
  return ok(next)
}

/** The actions `actor` may take from `status` (what the app offers as buttons). */
export function availableCampaignActions(status: CampaignStatus, actor: CampaignActor = 'user'): CampaignAction[] {
  return (Object.keys(TRANSITIONS[status]) as CampaignAction[]).filter((action) => transitionCampaign(status, action, actor).ok)
}

/** The action that moves `from` to `to` for `actor`, or null when no single legal step does. */
export function campaignActionBetween(from: CampaignStatus, to: CampaignStatus, actor: CampaignActor): CampaignAction | null {
  return availableCampaignActions(from, actor).find((action) => TRANSITIONS[from][action] === to) ?? null
}

export function isFinishedCampaign(status: CampaignStatus): boolean {
  return status === 'sent' || status === 'cancelled'
}
