import { useState } from 'react'
import type { Campaign } from '@core/schema'
import { availableCampaignActions, type CampaignAction } from '@core/campaigns/campaignStateMachine'
import { formatInTimeZone } from '@core/campaigns/scheduleTime'
import { routePath } from '../../app/router'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { useOnline } from '../../app/useOnline'
import { useData } from '../../data/dataContext'
import { Button } from '../../ui/Button'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { ProgressBar } from '../../ui/ProgressBar'
import { CAMPAIGN_ACTION_LABELS, CAMPAIGN_STATUS_EXPLANATIONS, deviceTimeZone, formatLocalDateTime } from './campaignDisplay'
import { applyCampaignAction } from './campaignWrites'

export const OFFLINE_NOTE = 'Will apply when this device syncs.'

const DONE_MESSAGES: Partial<Record<CampaignAction, string>> = {
  pause: 'Campaign paused.',
  resume: 'Campaign resumed.',
  cancel: 'Campaign cancelled.',
  unschedule: 'Campaign moved back to draft.',
}

const BANNER_TONE: Record<Campaign['status'], string> = {
  draft: 'border-amber-200 bg-amber-50',
  scheduled: 'border-sky-200 bg-sky-50',
  sending: 'border-accent-100 bg-accent-50',
  paused: 'border-amber-200 bg-amber-50',
  sent: 'border-emerald-200 bg-emerald-50',
  cancelled: 'border-slate-200 bg-slate-50',
}

function statusLine(campaign: Campaign): string {
  const zone = campaign.timeZone || deviceTimeZone()
  switch (campaign.status) {
    case 'scheduled': {
      const there = formatInTimeZone(campaign.scheduledAt, zone)
      return zone === deviceTimeZone() ? `Scheduled for ${there}.` : `Scheduled for ${there}, that is ${formatInTimeZone(campaign.scheduledAt, deviceTimeZone())} here.`
    }
    case 'sending':
      return campaign.startedAt ? `Sending since ${formatLocalDateTime(campaign.startedAt)}.` : 'Sending.'
    case 'sent':
      return campaign.completedAt ? `Sent ${formatLocalDateTime(campaign.completedAt)}.` : 'Sent.'
    default:
      return CAMPAIGN_STATUS_EXPLANATIONS[campaign.status]
  }
}

/** Past the schedule: there is (or will be) a report to look at. */
export function hasStartedSending(campaign: Campaign): boolean {
  if (campaign.status === 'sending' || campaign.status === 'paused' || campaign.status === 'sent') return true
  return campaign.status === 'cancelled' && ((campaign.startedAt ?? 0) > 0 || (campaign.stats?.sent ?? 0) > 0)
}

/** Where a scheduled or running campaign stands, with the moves the state machine allows from here. */
export function CampaignStatusBanner({ campaign }: { campaign: Campaign }) {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const online = useOnline()
  const [confirmCancel, setConfirmCancel] = useState(false)
  const [busy, setBusy] = useState(false)

  const reason = campaign.statusReason?.trim() ?? ''
  if (campaign.status === 'draft' && !reason) return null

  const run = async (action: CampaignAction) => {
    setBusy(true)
    try {
      const result = await applyCampaignAction(db, campaign.id, action)
      if (!result.ok) {
        dispatch(toastShown({ message: result.error, tone: 'error' }))
        return
      }
      const done = DONE_MESSAGES[action] ?? 'Done.'
      dispatch(toastShown({ message: online ? done : `${done} ${OFFLINE_NOTE}` }))
    } finally {
      setBusy(false)
    }
  }

  const actions = availableCampaignActions(campaign.status, 'user').filter((action) => action !== 'schedule')
  const started = hasStartedSending(campaign)
  const stats = campaign.stats

  return (
    <section aria-label="Campaign status" className={`mx-5 mt-4 rounded-lg border px-4 py-3 ${BANNER_TONE[campaign.status]}`}>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <div className="min-w-0 flex-1">
          {campaign.status === 'draft' ? (
            <p className="text-sm text-amber-900">
              <span className="font-medium">The sync server moved this campaign back to draft:</span> {reason}
            </p>
          ) : (
            <>
              <p className="text-sm font-medium text-slate-900">{statusLine(campaign)}</p>
              {reason ? <p className="mt-0.5 text-sm text-slate-700">{reason}</p> : null}
              {campaign.status === 'scheduled' ? (
                <p className="mt-0.5 text-xs text-slate-600">The sync server starts it on time, even while this device is closed. Move it back to draft to change it.</p>
              ) : null}
            </>
          )}
          {!online && actions.length > 0 ? <p className="mt-1 text-xs text-slate-600">You are offline: changes here are saved on this device. {OFFLINE_NOTE}</p> : null}
        </div>
        <div className="flex shrink-0 flex-wrap items-center gap-2">
          {started ? (
            <a
              href={routePath({ name: 'campaignReport', id: campaign.id })}
              className="inline-flex h-8 items-center rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 hover:bg-slate-50"
            >
              View report
            </a>
          ) : null}
          {actions.map((action) =>
            action === 'cancel' ? (
              <Button key={action} variant="danger-ghost" disabled={busy} onClick={() => setConfirmCancel(true)}>
                {CAMPAIGN_ACTION_LABELS[action]}
              </Button>
            ) : (
              <Button key={action} variant={action === 'resume' ? 'primary' : 'secondary'} disabled={busy} onClick={() => void run(action)}>
                {CAMPAIGN_ACTION_LABELS[action]}
              </Button>
            ),
          )}
        </div>
      </div>
      {(campaign.status === 'sending' || campaign.status === 'paused') && stats && stats.recipients > 0 ? (
        <div className="mt-3 max-w-md">
          <ProgressBar value={stats.sent + stats.failed} max={stats.recipients} label="Sent" />
        </div>
      ) : null}
      <ConfirmDialog
        open={confirmCancel}
        title="Cancel this campaign?"
        message={
          campaign.status === 'scheduled'
            ? 'Nobody will get it. A cancelled campaign cannot be restarted; to change it instead, move it back to draft.'
            : 'Nobody else will get it. Messages already sent stay sent. A cancelled campaign cannot be restarted.'
        }
        confirmLabel="Cancel campaign"
        onCancel={() => setConfirmCancel(false)}
        onConfirm={() => {
          setConfirmCancel(false)
          void run('cancel')
        }}
      />
    </section>
  )
}
