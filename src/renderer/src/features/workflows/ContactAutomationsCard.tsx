import { useCallback, useEffect, useMemo, useState } from 'react'
import type { Contact, Workflow } from '@core/schema'
import { routePath } from '../../app/router'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { Button } from '../../ui/Button'
import { inputClass } from '../../ui/Field'
import { contactDisplayName } from '../contacts/contactDisplay'
import { useWorkflows } from './useWorkflows'
import { useWorkflowApi, workflowFailureMessage, type WorkflowEnrolment } from './workflowApi'
import { exitReasonLabel } from './workflowRuns'
import { formatTime } from './ContactPath'

// The contact page's "Automations" card: the workflows and drips this contact is in or went
// through (asked of the server, one workflow at a time: a workspace has tens of them, not
// thousands) and "Add to…" a running one by hand.

/** Workflows asked about at most (the most recently changed running ones). */
const MAX_ASKED = 30

type Membership = { workflow: Workflow; enrolment: WorkflowEnrolment }
type Load = { status: 'idle' | 'loading' } | { status: 'ready'; memberships: Membership[] } | { status: 'error'; message: string }

export function ContactAutomationsCard({ contact }: { contact: Contact }) {
  const workflows = useWorkflows()
  const { api, signedIn } = useWorkflowApi()
  const dispatch = useAppDispatch()
  const [load, setLoad] = useState<Load>({ status: 'idle' })
  const [attempt, setAttempt] = useState(0)
  const [target, setTarget] = useState('')
  const [adding, setAdding] = useState(false)

  // Ever published: contacts may be inside (or have been) even when it is archived now.
  const published = useMemo(() => (workflows ?? []).filter((workflow) => workflow.published !== undefined).slice(0, MAX_ASKED), [workflows])
  // The picker lists by name: the workflows' own order (last edited first) shifts under the user.
  const enrollable = useMemo(
    () => published.filter((workflow) => workflow.status === 'active' || workflow.status === 'paused').sort((a, b) => a.name.localeCompare(b.name)),
    [published],
  )
  const publishedKey = published.map((workflow) => workflow.id).join(',')

  useEffect(() => {
    if (!signedIn || workflows === undefined) return
    const controller = new AbortController()
    setLoad({ status: 'loading' })
    void Promise.all(published.map(async (workflow) => ({ workflow, answer: await api.contactPath(workflow.id, contact.id, controller.signal) }))).then((answers) => {
      if (controller.signal.aborted) return
      const failed = answers.find(({ answer }) => !answer.ok && !(answer.error.kind === 'http' && answer.error.status === 404))
      if (failed && !failed.answer.ok) {
        setLoad({ status: 'error', message: workflowFailureMessage(failed.answer.error, "see this contact's automations") })
        return
      }
      const memberships: Membership[] = []
      for (const { workflow, answer } of answers) {
        if (!answer.ok) continue
        const latest = [...answer.value.enrolments].sort((a, b) => b.enrolledAt - a.enrolledAt)[0]
        if (latest) memberships.push({ workflow, enrolment: latest })
      }
      memberships.sort((a, b) => b.enrolment.enrolledAt - a.enrolment.enrolledAt)
      setLoad({ status: 'ready', memberships })
    })
    return () => controller.abort()
    // publishedKey stands for `published`: a new array each render, the same workflows. A change
    // to the contact (a workflow step tagging it, synced from the server) asks again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, signedIn, contact.id, contact.updatedAt, publishedKey, workflows === undefined, attempt])

  const add = useCallback(async () => {
    const workflow = enrollable.find((candidate) => candidate.id === target)
    if (!workflow) return
    setAdding(true)
    const answer = await api.enrol(workflow.id, [contact.id])
    setAdding(false)
    if (!answer.ok) {
      dispatch(toastShown({ message: workflowFailureMessage(answer.error, 'add contacts to a workflow'), tone: 'error' }))
      return
    }
    const name = contactDisplayName(contact)
    dispatch(
      toastShown({
        message: answer.value.enrolled > 0 ? `${name} was added to ${workflow.name}.` : `${name} is already in ${workflow.name} (or was, and it enrols each contact once).`,
      }),
    )
    setTarget('')
    setAttempt((value) => value + 1)
  }, [api, contact, dispatch, enrollable, target])

  return (
    <section aria-labelledby="automations-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="automations-heading" className="text-sm font-semibold text-slate-900">
        Automations
      </h2>
      {!signedIn ? (
        <p className="mt-2 text-xs text-slate-600">Automations run on the sync server: sign in under Settings → Sync to use them.</p>
      ) : (
        <>
          <div className="mt-2 text-sm">
            {load.status === 'loading' || load.status === 'idle' ? <p className="text-xs text-slate-500">Asking the sync server…</p> : null}
            {load.status === 'error' ? (
              <div className="flex items-center gap-2 text-xs text-slate-600">
                <p role="alert">{load.message}</p>
                <Button size="sm" onClick={() => setAttempt((value) => value + 1)}>
                  Try again
                </Button>
              </div>
            ) : null}
            {load.status === 'ready' && load.memberships.length === 0 ? <p className="text-xs text-slate-600">Not in any workflow or sequence.</p> : null}
            {load.status === 'ready' && load.memberships.length > 0 ? (
              <ul aria-label="Workflows of this contact" className="flex flex-col gap-1.5">
                {load.memberships.map(({ workflow, enrolment }) => (
                  <li key={workflow.id} className="flex items-baseline justify-between gap-2 text-xs">
                    <a href={routePath({ name: 'workflow', id: workflow.id })} className="min-w-0 truncate font-medium text-accent-700 hover:underline">
                      {workflow.name}
                    </a>
                    <span className="shrink-0 text-slate-500">{membershipLabel(enrolment)}</span>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
          <div className="mt-3 flex items-center gap-2 border-t border-slate-100 pt-3">
            <select
              aria-label="Add to a workflow or sequence"
              className={`${inputClass} pr-7`}
              value={target}
              disabled={enrollable.length === 0}
              onChange={(event) => setTarget(event.target.value)}
            >
              <option value="">{enrollable.length === 0 ? 'No active workflow' : 'Add to…'}</option>
              {enrollable.map((workflow) => (
                <option key={workflow.id} value={workflow.id}>
                  {workflow.name}
                  {workflow.kind === 'drip' ? ' (sequence)' : ''}
                </option>
              ))}
            </select>
            <Button size="sm" disabled={target === '' || adding} onClick={() => void add()}>
              {adding ? 'Adding…' : 'Add'}
            </Button>
          </div>
        </>
      )}
    </section>
  )
}

function membershipLabel(enrolment: WorkflowEnrolment): string {
  if (enrolment.status === 'active') return enrolment.waitUntil ? `waiting until ${formatTime(enrolment.waitUntil)}` : 'in progress'
  if (enrolment.status === 'completed') return 'completed'
  return exitReasonLabel(enrolment.exitReason ?? '')
}
