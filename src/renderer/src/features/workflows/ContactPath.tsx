import { useCallback, useEffect, useState } from 'react'
import type { Workflow, WorkflowStepType } from '@core/schema'
import { WORKFLOW_STEP_TYPES } from '@core/schema'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { Button } from '../../ui/Button'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { exitReasonLabel } from './workflowRuns'
import { useWorkflowApi, workflowFailureMessage, type ContactPathAnswer, type WorkflowEnrolment } from './workflowApi'
import { STEP_TYPE_LABELS, stepTitle, type NameLookup } from './workflowDisplay'

// One contact's way through a workflow: each enrolment (version, where it is now, how it ended)
// and the steps it took, oldest first, with what happened at each. Read from the server (online).

type Load = { status: 'loading' } | { status: 'ready'; path: ContactPathAnswer } | { status: 'error'; message: string }

const OUTCOME_STYLES: Record<string, string> = {
  done: 'bg-emerald-50 text-emerald-800',
  skipped: 'bg-amber-50 text-amber-800',
  failed: 'bg-red-50 text-red-700',
  exited: 'bg-slate-100 text-slate-700',
}

export function formatTime(at: number): string {
  return new Date(at).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })
}

export function ContactPath({ workflow, contactId, contactName, names }: { workflow: Workflow; contactId: string; contactName: string; names: NameLookup }) {
  const { api } = useWorkflowApi()
  const dispatch = useAppDispatch()
  const [load, setLoad] = useState<Load>({ status: 'loading' })
  const [confirming, setConfirming] = useState(false)
  const [removing, setRemoving] = useState(false)

  const fetchPath = useCallback(
    async (signal?: AbortSignal) => {
      const answer = await api.contactPath(workflow.id, contactId, signal)
      if (signal?.aborted) return
      setLoad(answer.ok ? { status: 'ready', path: answer.value } : { status: 'error', message: workflowFailureMessage(answer.error, "see this contact's path") })
    },
    [api, workflow.id, contactId],
  )

  useEffect(() => {
    const controller = new AbortController()
    setLoad({ status: 'loading' })
    void fetchPath(controller.signal)
    return () => controller.abort()
  }, [fetchPath])

  const remove = async () => {
    setConfirming(false)
    setRemoving(true)
    const answer = await api.remove(workflow.id, [contactId])
    setRemoving(false)
    if (!answer.ok) {
      dispatch(toastShown({ message: workflowFailureMessage(answer.error, 'remove contacts from a workflow'), tone: 'error' }))
      return
    }
    dispatch(toastShown({ message: `${contactName} was removed from ${workflow.name}.` }))
    await fetchPath()
  }

  const titleOf = (stepId: string, stepType: string) => {
    const step = workflow.published?.graph.steps.find((candidate) => candidate.id === stepId) ?? workflow.graph.steps.find((candidate) => candidate.id === stepId)
    if (step) return stepTitle(step, names)
    return isStepType(stepType) ? STEP_TYPE_LABELS[stepType] : stepType
  }

  return (
    <section aria-label={`Path of ${contactName}`} className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex items-center gap-2">
        <h3 className="text-sm font-semibold text-slate-900">{contactName}</h3>
        {load.status === 'ready' && load.path.enrolments.some((enrolment) => enrolment.status === 'active') ? (
          <Button size="sm" variant="danger-ghost" className="ml-auto" disabled={removing} onClick={() => setConfirming(true)}>
            {removing ? 'Removing…' : 'Remove from workflow'}
          </Button>
        ) : null}
      </div>
      {load.status === 'loading' ? <p className="text-sm text-slate-500">Loading the path…</p> : null}
      {load.status === 'error' ? (
        <div className="flex items-center gap-2 text-sm text-slate-600">
          <p role="alert">{load.message}</p>
          <Button size="sm" onClick={() => void fetchPath()}>
            Try again
          </Button>
        </div>
      ) : null}
      {load.status === 'ready' && load.path.enrolments.length === 0 ? <p className="text-sm text-slate-600">This contact has not entered {workflow.name}.</p> : null}
      {load.status === 'ready'
        ? [...load.path.enrolments]
            .sort((a, b) => b.enrolledAt - a.enrolledAt)
            .map((enrolment) => (
              <EnrolmentPath
                key={enrolment.id}
                enrolment={enrolment}
                steps={load.path.steps.filter((record) => record.enrolmentId === enrolment.id).sort((a, b) => a.visit - b.visit)}
                titleOf={titleOf}
              />
            ))
        : null}
      <ConfirmDialog
        open={confirming}
        title={`Remove ${contactName} from ${workflow.name}?`}
        message="The contact stops where it is and takes no further steps. Steps already taken stay in its path."
        confirmLabel="Remove"
        onConfirm={() => void remove()}
        onCancel={() => setConfirming(false)}
      />
    </section>
  )
}

function EnrolmentPath({
  enrolment,
  steps,
  titleOf,
}: {
  enrolment: WorkflowEnrolment
  steps: ContactPathAnswer['steps']
  titleOf: (stepId: string, stepType: string) => string
}) {
  return (
    <div className="flex flex-col gap-2">
      <p className="text-xs text-slate-600">
        <span className="font-medium text-slate-800">Version {enrolment.version}</span> · entered {formatTime(enrolment.enrolledAt)} · <EnrolmentState enrolment={enrolment} titleOf={titleOf} />
      </p>
      {steps.length === 0 ? (
        <p className="text-sm text-slate-500">No step taken yet.</p>
      ) : (
        <ol className="flex flex-col border-l border-slate-200 pl-3" aria-label={`Steps of version ${enrolment.version}`}>
          {steps.map((record) => (
            <li key={record.visit} className="flex flex-wrap items-baseline gap-2 py-1 text-sm">
              <span className="w-40 shrink-0 text-xs whitespace-nowrap text-slate-500 tabular-nums">{formatTime(record.at)}</span>
              <span className="font-medium text-slate-800">{titleOf(record.stepId, record.stepType)}</span>
              <span className={`rounded px-1.5 py-0.5 text-xs ${OUTCOME_STYLES[record.outcome] ?? OUTCOME_STYLES.done}`}>{record.outcome}</span>
              {record.detail ? <span className="text-slate-600">{record.detail}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </div>
  )
}

function EnrolmentState({ enrolment, titleOf }: { enrolment: WorkflowEnrolment; titleOf: (stepId: string, stepType: string) => string }) {
  if (enrolment.status === 'completed') return <span>completed{enrolment.endedAt ? ` ${formatTime(enrolment.endedAt)}` : ''}</span>
  if (enrolment.status === 'exited') return <span>left: {exitReasonLabel(enrolment.exitReason ?? '')}</span>
  const waiting = enrolment.waitUntil ?? null
  return (
    <span>
      now at <span className="font-medium text-slate-800">{titleOf(enrolment.stepId, '')}</span>
      {waiting !== null ? `, waiting until ${formatTime(waiting)}` : ''}
    </span>
  )
}

function isStepType(type: string): type is WorkflowStepType {
  return (WORKFLOW_STEP_TYPES as readonly string[]).includes(type)
}
