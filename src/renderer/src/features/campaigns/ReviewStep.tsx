import { useState, type ReactNode } from 'react'
import type { Campaign, Segment, Template } from '@core/schema'
import type { ReadinessCheck } from '@core/campaigns/campaignReadiness'
import { formatInTimeZone } from '@core/campaigns/scheduleTime'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { formatNumber } from '../analytics/campaignMetrics'
import { pluralize } from '../contacts/contactDisplay'
import { deviceTimeZone } from './campaignDisplay'

export interface ReviewStepProps {
  campaign: Campaign
  segment: Segment | undefined
  template: Template | undefined
  audienceCount: number
  audienceSuppressed: number
  checks: readonly ReadinessCheck[]
  /** True while the audience is still being counted: the button waits for a real number. */
  pending: boolean
  ready: boolean
  online: boolean
  onSchedule: () => Promise<void>
  onGoToStep: (step: 'audience' | 'content' | 'schedule') => void
}

/** Step 4: every readiness check with its explanation, a summary, and the one button that schedules. */
export function ReviewStep({ campaign, segment, template, audienceCount, audienceSuppressed, checks, pending, ready, online, onSchedule, onGoToStep }: ReviewStepProps) {
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const sendNow = campaign.scheduledAt === 0
  const zone = campaign.timeZone || deviceTimeZone()
  const when = sendNow ? 'As soon as it is scheduled' : formatInTimeZone(campaign.scheduledAt, zone)
  const whenLocal = !sendNow && zone !== deviceTimeZone() ? `${formatInTimeZone(campaign.scheduledAt, deviceTimeZone())} on this device` : ''
  const isDraft = campaign.status === 'draft'
  const failing = checks.filter((check) => !check.ok).length

  const confirm = async () => {
    setBusy(true)
    try {
      await onSchedule()
      setConfirming(false)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_20rem]">
      {isDraft ? (
      <section aria-labelledby="readiness-heading" className="rounded-lg border border-slate-200 bg-white">
        <div className="flex items-center justify-between border-b border-slate-100 px-4 py-2.5">
          <h2 id="readiness-heading" className="text-sm font-semibold text-slate-900">
            Ready to send?
          </h2>
          <p className={`text-xs font-medium ${failing === 0 ? 'text-emerald-700' : 'text-amber-700'}`}>
            {failing === 0 ? 'All checks pass' : `${failing} of ${checks.length} need attention`}
          </p>
        </div>
        <ul aria-label="Readiness checks" className="divide-y divide-slate-100">
          {checks.map((check) => (
            <li key={check.id} className="flex items-start gap-3 px-4 py-2.5 text-sm">
              <span
                aria-hidden
                className={`mt-0.5 grid h-4 w-4 shrink-0 place-items-center rounded-full text-[10px] font-bold ${check.ok ? 'bg-emerald-100 text-emerald-700' : 'bg-red-100 text-red-700'}`}
              >
                {check.ok ? '✓' : '!'}
              </span>
              <span className={check.ok ? 'text-slate-700' : 'text-slate-900'}>
                <span className="sr-only">{check.ok ? 'Passed: ' : 'Needs attention: '}</span>
                {check.message}
              </span>
            </li>
          ))}
        </ul>
      </section>
      ) : (
        <section aria-label="Sent with" className="h-fit rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm text-slate-700">
          The readiness checks passed when it was scheduled; the sync server checks again when it starts. Its audience, content and schedule are on the right.
        </section>
      )}
      <aside aria-label="Summary" className="flex h-fit flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4">
        <dl className="flex flex-col gap-3 text-sm">
          <SummaryItem label="Audience" onEdit={isDraft ? () => onGoToStep('audience') : undefined}>
            {segment ? (
              <>
                {segment.name}
                <span className="block text-xs text-slate-500">
                  {pending ? 'Counting…' : `${pluralize(audienceCount, 'contact')} · ${formatNumber(audienceSuppressed)} excluded`}
                </span>
              </>
            ) : (
              <span className="text-slate-400">None chosen</span>
            )}
          </SummaryItem>
          <SummaryItem label="Content" onEdit={isDraft ? () => onGoToStep('content') : undefined}>
            {template ? (
              <>
                {template.name}
                <span className="block truncate text-xs text-slate-500">{template.subject || 'No subject'}</span>
                <span className="block truncate text-xs text-slate-500">{template.fromEmail ? `From ${template.fromName || template.fromEmail}` : 'No sender'}</span>
              </>
            ) : (
              <span className="text-slate-400">None chosen</span>
            )}
          </SummaryItem>
          <SummaryItem label="Schedule" onEdit={isDraft ? () => onGoToStep('schedule') : undefined}>
            {sendNow ? 'Send now' : when}
            {whenLocal ? <span className="block text-xs text-slate-500">{whenLocal}</span> : null}
          </SummaryItem>
        </dl>
        {isDraft ? (
          <div className="flex flex-col gap-2 border-t border-slate-100 pt-4">
            <Button variant="primary" className="w-full" disabled={!ready || pending || busy} onClick={() => setConfirming(true)}>
              {sendNow ? 'Send now' : 'Schedule campaign'}
            </Button>
            {!ready ? <p className="text-xs text-slate-500">Fix the checks marked ! first.</p> : null}
            {!online ? <p className="text-xs text-slate-500">You are offline: it is scheduled on this device and will apply when this device syncs.</p> : null}
          </div>
        ) : null}
      </aside>
      <Dialog
        open={confirming}
        onOpenChange={(open) => (busy ? undefined : setConfirming(open))}
        title={sendNow ? `Send to ${formatNumber(audienceCount)} ${audienceCount === 1 ? 'contact' : 'contacts'} now?` : `Schedule for ${formatNumber(audienceCount)} ${audienceCount === 1 ? 'contact' : 'contacts'}?`}
        description={
          sendNow
            ? `“${template?.subject ?? ''}” goes to ${segment?.name ?? 'the audience'} as soon as the sync server gets it.`
            : `“${template?.subject ?? ''}” goes to ${segment?.name ?? 'the audience'} on ${when}${whenLocal ? ` (${whenLocal})` : ''}.`
        }
        width="sm"
        footer={
          <>
            <Button onClick={() => setConfirming(false)} disabled={busy}>
              Not yet
            </Button>
            <Button variant="primary" onClick={() => void confirm()} disabled={busy} autoFocus>
              {sendNow ? 'Send now' : 'Schedule'}
            </Button>
          </>
        }
      />
    </div>
  )
}

function SummaryItem({ label, onEdit, children }: { label: string; onEdit: (() => void) | undefined; children: ReactNode }) {
  return (
    <div>
      <dt className="flex items-center justify-between text-xs font-medium text-slate-500">
        {label}
        {onEdit ? (
          <button type="button" onClick={onEdit} className="text-xs font-medium text-accent-700 hover:underline">
            Change
          </button>
        ) : null}
      </dt>
      <dd className="mt-0.5 text-slate-900">{children}</dd>
    </div>
  )
}
