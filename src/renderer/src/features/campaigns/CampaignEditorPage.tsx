import { useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { CAMPAIGN_LIMITS, type Campaign } from '@core/schema'
import { checkCampaignReadiness, isCampaignReady } from '@core/campaigns/campaignReadiness'
import { isFinishedCampaign } from '@core/campaigns/campaignStateMachine'
import { formatInTimeZone } from '@core/campaigns/scheduleTime'
import { navigate, routePath } from '../../app/router'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { showUndoToast } from '../../app/undoRegistry'
import { useNow } from '../../app/useNow'
import { useOnline } from '../../app/useOnline'
import { useAudience } from '../../data/audience'
import { useData } from '../../data/dataContext'
import { deleteSyncedDocs, restoreSyncedDocs } from '../../data/syncedWrites'
import { Button } from '../../ui/Button'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { EmptyState } from '../../ui/EmptyState'
import { useSendingSettings } from '../settings/useSendingSettings'
import { AbTestSection } from './AbTestSection'
import { AudienceStep } from './AudienceStep'
import { deviceTimeZone } from './campaignDisplay'
import { CampaignStatusBanner, OFFLINE_NOTE } from './CampaignStatusBanner'
import { useCampaign, useSegments, useTemplates } from './campaignData'
import { ContentStep } from './ContentStep'
import { ReviewStep } from './ReviewStep'
import { ScheduleStep } from './ScheduleStep'
import { StatusPill } from './StatusPill'
import { applyCampaignAction, saveCampaignDraft, type CampaignDraftFields } from './campaignWrites'

export const CAMPAIGN_STEPS = [
  { id: 'audience', label: 'Audience' },
  { id: 'content', label: 'Content' },
  { id: 'schedule', label: 'Schedule' },
  { id: 'review', label: 'Review' },
] as const
export type CampaignStep = (typeof CAMPAIGN_STEPS)[number]['id']

export function CampaignEditorPage({ id }: { id: string }) {
  const campaign = useCampaign(id)
  if (campaign === undefined) return null
  if (campaign === null) {
    return (
      <EmptyState
        title="Campaign not found"
        action={
          <a className="text-sm font-medium text-accent-700 hover:underline" href={routePath({ name: 'campaigns' })}>
            Back to campaigns
          </a>
        }
      >
        It may have been deleted on another device.
      </EmptyState>
    )
  }
  return <CampaignEditor key={campaign.id} campaign={campaign} />
}

function firstStep(campaign: Campaign): CampaignStep {
  if (campaign.status !== 'draft') return 'review'
  if (!campaign.segmentId) return 'audience'
  if (!campaign.templateId) return 'content'
  return 'review'
}

/** The guided flow: audience → content → schedule → review, each change saved as it is made. */
function CampaignEditor({ campaign }: { campaign: Campaign }) {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const online = useOnline()
  const now = useNow(30_000)
  const segments = useSegments()
  const templates = useTemplates()
  const sending = useSendingSettings()
  const [step, setStep] = useState<CampaignStep>(() => firstStep(campaign))
  const [confirmDelete, setConfirmDelete] = useState(false)

  const segment = segments?.find((candidate) => candidate.id === campaign.segmentId)
  const template = templates?.find((candidate) => candidate.id === campaign.templateId)
  const audience = useAudience(segment ?? null)
  const locked = campaign.status !== 'draft'

  const checks = useMemo(
    () =>
      checkCampaignReadiness({
        campaign,
        segment: segment ?? null,
        template: template ?? null,
        audienceCount: audience.computing ? null : audience.count,
        sendingConfigured: sending.configured,
        hasSyncServer: sending.status !== 'signed-out',
        templateById: (templateId) => templates?.find((candidate) => candidate.id === templateId) ?? null,
        now,
      }),
    [campaign, segment, template, templates, audience.computing, audience.count, sending.configured, sending.status, now],
  )
  const ready = isCampaignReady(checks)

  const save = async (fields: CampaignDraftFields) => {
    const result = await saveCampaignDraft(db, campaign.id, fields)
    if (!result.ok) dispatch(toastShown({ message: result.error, tone: 'error' }))
  }

  const schedule = async () => {
    const sendNow = campaign.scheduledAt === 0
    const result = await applyCampaignAction(db, campaign.id, 'schedule', { scheduledAt: sendNow ? Date.now() : campaign.scheduledAt })
    if (!result.ok) {
      dispatch(toastShown({ message: result.error, tone: 'error' }))
      return
    }
    const done = sendNow ? 'Campaign is sending now.' : 'Campaign scheduled.'
    dispatch(toastShown({ message: online ? done : `${done} ${OFFLINE_NOTE}` }))
  }

  const remove = async () => {
    setConfirmDelete(false)
    const removed = await deleteSyncedDocs<Campaign>(db.campaigns, [campaign.id])
    navigate({ name: 'campaigns' })
    showUndoToast(dispatch, `Deleted “${campaign.name}”.`, () => restoreSyncedDocs(db.campaigns, removed))
  }

  const stepDone: Record<CampaignStep, boolean> = {
    // Past draft every step was done when it was scheduled.
    audience: locked || Boolean(segment),
    content: locked || Boolean(template),
    schedule: locked || campaign.scheduledAt === 0 || campaign.scheduledAt > now,
    review: locked,
  }
  const stepSummary: Record<CampaignStep, string> = {
    audience: segment ? segment.name : 'Choose who gets it',
    content: template ? template.name : 'Choose a template',
    schedule: campaign.scheduledAt === 0 ? 'Send now' : formatInTimeZone(campaign.scheduledAt, campaign.timeZone || deviceTimeZone()),
    review: locked ? 'Done' : ready ? 'Ready to send' : `${checks.filter((check) => !check.ok).length} to fix`,
  }
  const stepIndex = CAMPAIGN_STEPS.findIndex((candidate) => candidate.id === step)
  const canDelete = campaign.status === 'draft' || isFinishedCampaign(campaign.status)

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <header className="flex items-center justify-between gap-4 border-b border-slate-200 px-5 pt-4 pb-3">
        <div className="min-w-0 flex-1">
          <nav aria-label="Breadcrumb" className="text-xs text-slate-500">
            <a href={routePath({ name: 'campaigns' })} className="hover:text-slate-900">
              Campaigns
            </a>
          </nav>
          <div className="mt-0.5 flex min-w-0 items-center gap-2.5">
            <CampaignNameInput name={campaign.name} onSave={(name) => void save({ name })} />
            <StatusPill status={campaign.status} />
          </div>
        </div>
        <div className="flex shrink-0 items-center gap-2">
          {canDelete ? (
            <Button variant="danger-ghost" onClick={() => setConfirmDelete(true)}>
              Delete
            </Button>
          ) : null}
        </div>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto bg-slate-50/60">
        <CampaignStatusBanner campaign={campaign} />
        <Stepper step={step} onStep={setStep} done={stepDone} summary={stepSummary} />
        <div className="px-5 pb-6">
          {locked && step !== 'review' ? (
            <p className="mb-3 rounded-md bg-slate-100 px-3 py-2 text-xs text-slate-600">
              {campaign.status === 'scheduled' ? 'Read-only while scheduled: move it back to draft to change it.' : 'Read-only: this campaign has left the draft stage.'}
            </p>
          ) : null}
          <div role="tabpanel" id={`campaign-step-${step}`} aria-labelledby={`campaign-step-tab-${step}`}>
            {step === 'audience' ? (
              <AudienceStep segments={segments ?? []} selectedId={campaign.segmentId} audience={audience} locked={locked} onSelect={(segmentId) => void save({ segmentId })} />
            ) : step === 'content' ? (
              <div className="flex flex-col gap-5">
                <ContentStep
                  templates={templates ?? []}
                  selectedId={campaign.templateId}
                  previewContacts={audience.sample}
                  campaign={{ id: campaign.id, name: campaign.name }}
                  locked={locked}
                  onSelect={(templateId) => void save({ templateId })}
                />
                {templates !== undefined && templates.length > 0 ? (
                  <AbTestSection campaign={campaign} templates={templates} audienceCount={audience.computing ? null : audience.count} locked={locked} />
                ) : null}
              </div>
            ) : step === 'schedule' ? (
              <ScheduleStep campaign={campaign} locked={locked} now={now} onChange={(schedule) => void save(schedule)} />
            ) : (
              <ReviewStep
                campaign={campaign}
                segment={segment}
                template={template}
                audienceCount={audience.count}
                audienceSuppressed={audience.suppressed}
                checks={checks}
                pending={audience.computing || sending.status === 'loading'}
                ready={ready}
                online={online}
                onSchedule={schedule}
                onGoToStep={setStep}
              />
            )}
          </div>
          {step !== 'review' ? (
            <div className="mt-6 flex justify-between">
              <Button onClick={() => setStep(CAMPAIGN_STEPS[stepIndex - 1]?.id ?? 'audience')} disabled={stepIndex === 0}>
                Back
              </Button>
              <Button variant="primary" onClick={() => setStep(CAMPAIGN_STEPS[stepIndex + 1]?.id ?? 'review')}>
                Continue to {CAMPAIGN_STEPS[stepIndex + 1]?.label ?? 'Review'}
              </Button>
            </div>
          ) : null}
        </div>
      </div>
      <ConfirmDialog
        open={confirmDelete}
        title="Delete this campaign?"
        message={`“${campaign.name}” is removed on every device. Its results go with it.`}
        confirmLabel="Delete campaign"
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => void remove()}
      />
    </div>
  )
}

interface StepperProps {
  step: CampaignStep
  onStep: (step: CampaignStep) => void
  done: Record<CampaignStep, boolean>
  summary: Record<CampaignStep, string>
}

/** The four steps as tabs: click or arrow keys to move, any step reachable at any time. */
function Stepper({ step, onStep, done, summary }: StepperProps) {
  const refs = useRef(new Map<CampaignStep, HTMLButtonElement>())
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = CAMPAIGN_STEPS.findIndex((candidate) => candidate.id === step)
    let next = -1
    if (event.key === 'ArrowRight') next = Math.min(CAMPAIGN_STEPS.length - 1, index + 1)
    else if (event.key === 'ArrowLeft') next = Math.max(0, index - 1)
    else if (event.key === 'Home') next = 0
    else if (event.key === 'End') next = CAMPAIGN_STEPS.length - 1
    const target = CAMPAIGN_STEPS[next]
    if (!target) return
    event.preventDefault()
    onStep(target.id)
    refs.current.get(target.id)?.focus()
  }
  return (
    <div role="tablist" aria-label="Campaign steps" onKeyDown={onKeyDown} className="flex gap-2 px-5 py-4">
      {CAMPAIGN_STEPS.map((candidate, index) => {
        const active = candidate.id === step
        return (
          <button
            key={candidate.id}
            ref={(element) => {
              if (element) refs.current.set(candidate.id, element)
              else refs.current.delete(candidate.id)
            }}
            id={`campaign-step-tab-${candidate.id}`}
            type="button"
            role="tab"
            aria-selected={active}
            aria-controls={`campaign-step-${candidate.id}`}
            tabIndex={active ? 0 : -1}
            onClick={() => onStep(candidate.id)}
            className={`flex min-w-0 flex-1 items-center gap-2.5 rounded-lg border px-3 py-2 text-left transition-colors ${active ? 'border-accent-500 bg-white shadow-sm ring-2 ring-accent-100' : 'border-slate-200 bg-white hover:border-slate-300'}`}
          >
            <span
              aria-hidden
              className={`grid h-6 w-6 shrink-0 place-items-center rounded-full text-xs font-semibold ${done[candidate.id] ? 'bg-emerald-100 text-emerald-700' : active ? 'bg-accent-600 text-white' : 'bg-slate-100 text-slate-600'}`}
            >
              {done[candidate.id] ? '✓' : index + 1}
            </span>
            <span className="min-w-0">
              <span className={`block text-sm font-medium ${active ? 'text-slate-900' : 'text-slate-700'}`}>{candidate.label}</span>
              <span className="block truncate text-xs text-slate-500">{summary[candidate.id]}</span>
            </span>
          </button>
        )
      })}
    </div>
  )
}

function CampaignNameInput({ name, onSave }: { name: string; onSave: (name: string) => void }) {
  const [draft, setDraft] = useState(name)
  const [editing, setEditing] = useState(false)
  // Escape blurs without saving: the blur handler must know the edit was abandoned.
  const abandoned = useRef(false)
  const value = editing ? draft : name
  const commit = () => {
    setEditing(false)
    if (abandoned.current) {
      abandoned.current = false
      return
    }
    const trimmed = draft.trim()
    if (trimmed && trimmed !== name) onSave(trimmed.slice(0, CAMPAIGN_LIMITS.name))
  }
  return (
    <input
      aria-label="Campaign name"
      value={value}
      maxLength={CAMPAIGN_LIMITS.name}
      onFocus={() => {
        setDraft(name)
        setEditing(true)
      }}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') event.currentTarget.blur()
        else if (event.key === 'Escape') {
          abandoned.current = true
          event.currentTarget.blur()
        }
      }}
      className="-ml-1.5 h-8 field-sizing-content max-w-full min-w-[8ch] truncate rounded-md border border-transparent bg-transparent px-1.5 text-lg font-semibold tracking-tight text-slate-900 hover:border-slate-200 focus:border-accent-500 focus:bg-white focus:ring-2 focus:ring-accent-100 focus:outline-none"
    />
  )
}
