import { useEffect, useMemo, useState } from 'react'
import type { Workflow } from '@core/schema'
import { useData } from '../../data/dataContext'
import { Button } from '../../ui/Button'
import { RecordPicker, type PickerOption } from '../../ui/RecordPicker'
import { contactDisplayName, formatCount } from '../contacts/contactDisplay'
import { ContactPath, formatTime } from './ContactPath'
import { useContactSearch } from './contactSearch'
import { useBuilderChoices, namesFor } from './useBuilderChoices'
import { useWorkflowApi, workflowFailureMessage, type WorkflowEnrolment } from './workflowApi'
import { stepDetail, stepTitle, type NameLookup } from './workflowDisplay'
import { runsStepRows, type RunsStepRow } from './workflowRuns'
import { AddContactsDialog } from './WorkflowRunsPanelAddDialog'

// Where contacts are in a workflow. The counts come from the `stats` the sync server writes into
// the workflow document, so they show offline too (as of their time); who exactly is at a step,
// a contact's path, adding and removing contacts ask the server.

const WHO_IS_HERE_LIMIT = 100

export function WorkflowRunsPanel({ workflow }: { workflow: Workflow }) {
  const choices = useBuilderChoices()
  const graph = workflow.published?.graph ?? workflow.graph
  const names = useMemo(() => namesFor(choices, graph), [choices, graph])
  const rows = useMemo(() => runsStepRows(graph, workflow.stats), [graph, workflow.stats])
  const [stepId, setStepId] = useState<string | null>(null)
  const [contact, setContact] = useState<PickerOption | null>(null)
  const [adding, setAdding] = useState(false)
  const search = useContactSearch()
  const stats = workflow.stats
  const canEnrol = workflow.published !== undefined && (workflow.status === 'active' || workflow.status === 'paused')

  return (
    <section aria-label="Runs" className="flex max-w-5xl flex-col gap-4 p-4 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-sm font-semibold text-slate-900">Runs</h2>
        {stats ? <span className="text-xs text-slate-500">as of {formatTime(stats.updatedAt)}</span> : null}
        <Button size="sm" className="ml-auto" disabled={!canEnrol} title={canEnrol ? undefined : 'Activate it first'} onClick={() => setAdding(true)}>
          Add contacts…
        </Button>
      </div>
      {!canEnrol ? <p className="-mt-2 text-xs text-slate-500">Contacts can be added once it is activated.</p> : null}

      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        <Figure label="Enrolled" value={stats?.enrolled} />
        <Figure label="Active" value={stats?.active} />
        <Figure label="Completed" value={stats?.completed} />
        <Figure label="Exited" value={stats?.exited} />
      </dl>
      {!stats ? (
        <p className="text-slate-600">
          {workflow.published ? 'No contact has entered yet. The sync server counts contacts once it runs this workflow.' : 'Nobody runs through it until it is activated.'}
        </p>
      ) : null}
      {stats && stats.runningVersions.length > 0 ? (
        <p className="text-xs text-slate-600">Contacts still finishing on version {stats.runningVersions.join(', ')}.</p>
      ) : null}

      {rows.length > 0 ? (
        <table className="w-full table-fixed border-collapse text-left">
          <caption className="sr-only">Contacts per step</caption>
          <thead>
            <tr className="border-b border-slate-200 text-xs text-slate-500">
              <th scope="col" className="py-1.5 font-medium">
                Step
              </th>
              <th scope="col" className="w-20 py-1.5 text-right font-medium">
                Here now
              </th>
              <th scope="col" className="w-20 py-1.5 text-right font-medium">
                Passed
              </th>
              <th scope="col" className="w-28 py-1.5">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <StepRow key={row.stepId} row={row} names={names} selected={row.stepId === stepId} onShow={() => setStepId(row.stepId === stepId ? null : row.stepId)} />
            ))}
          </tbody>
        </table>
      ) : null}

      {stepId !== null ? (
        <WhoIsHere
          workflow={workflow}
          stepId={stepId}
          title={stepTitleOf(rows, stepId, names)}
          onOpen={(option) => setContact(option)}
          onClose={() => setStepId(null)}
        />
      ) : null}

      <div className="flex flex-col gap-3">
        <RecordPicker label="A contact's path" placeholder="Find a contact by name or email…" selected={contact} search={search} onSelect={setContact} />
        {contact ? <ContactPath key={contact.id} workflow={workflow} contactId={contact.id} contactName={contact.label} names={names} /> : null}
      </div>

      <AddContactsDialog workflow={workflow} open={adding} onClose={() => setAdding(false)} />
    </section>
  )
}

function Figure({ label, value }: { label: string; value: number | undefined }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-slate-50 px-3 py-2">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-lg font-semibold text-slate-900 tabular-nums">{value === undefined ? '–' : formatCount(value)}</dd>
    </div>
  )
}

function stepTitleOf(rows: readonly RunsStepRow[], stepId: string, names: NameLookup): string {
  const step = rows.find((row) => row.stepId === stepId)?.step
  return step ? stepTitle(step, names) : 'A step of an earlier version'
}

function StepRow({ row, names, selected, onShow }: { row: RunsStepRow; names: NameLookup; selected: boolean; onShow: () => void }) {
  const title = row.step ? stepTitle(row.step, names) : 'A step of an earlier version'
  const detail = row.step ? stepDetail(row.step, names) : ''
  return (
    <tr className={`border-b border-slate-100 ${selected ? 'bg-accent-50' : ''}`}>
      <th scope="row" className="truncate py-1.5 font-normal text-slate-800" style={{ paddingLeft: `${row.depth * 1.25}rem` }}>
        {row.branchSide ? <span className="mr-1.5 rounded bg-slate-100 px-1 text-xs text-slate-600">{row.branchSide}</span> : null}
        {title}
        {detail ? <span className="text-slate-500"> · {detail}</span> : null}
      </th>
      <td className="py-1.5 text-right text-slate-900 tabular-nums">{formatCount(row.current)}</td>
      <td className="py-1.5 text-right text-slate-600 tabular-nums">{formatCount(row.passed)}</td>
      <td className="py-1.5 text-right">
        {row.current > 0 ? (
          <Button size="sm" variant="ghost" aria-pressed={selected} aria-label={`Who is at ${title}`} onClick={onShow}>
            Who is here
          </Button>
        ) : null}
      </td>
    </tr>
  )
}

type HereLoad = { status: 'loading' } | { status: 'ready'; enrolments: WorkflowEnrolment[] } | { status: 'error'; message: string }

function WhoIsHere({
  workflow,
  stepId,
  title,
  onOpen,
  onClose,
}: {
  workflow: Workflow
  stepId: string
  title: string
  onOpen: (option: PickerOption) => void
  onClose: () => void
}) {
  const { api } = useWorkflowApi()
  const { contacts } = useData()
  const [load, setLoad] = useState<HereLoad>({ status: 'loading' })
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    const controller = new AbortController()
    setLoad({ status: 'loading' })
    void api.contactsAtStep(workflow.id, stepId, WHO_IS_HERE_LIMIT, controller.signal).then((answer) => {
      if (controller.signal.aborted) return
      setLoad(answer.ok ? { status: 'ready', enrolments: answer.value.contacts } : { status: 'error', message: workflowFailureMessage(answer.error, 'see who is at a step') })
    })
    return () => controller.abort()
  }, [api, workflow.id, stepId, attempt])

  return (
    <section aria-label={`Who is at ${title}`} className="rounded-lg border border-slate-200 p-3">
      <div className="mb-2 flex items-center gap-2">
        <h3 className="text-sm font-semibold text-slate-900">At {title}</h3>
        <Button size="sm" variant="ghost" className="ml-auto" onClick={onClose}>
          Close
        </Button>
      </div>
      {load.status === 'loading' ? <p className="text-slate-500">Asking the sync server…</p> : null}
      {load.status === 'error' ? (
        <div className="flex items-center gap-2 text-slate-600">
          <p role="alert">{load.message}</p>
          <Button size="sm" onClick={() => setAttempt((value) => value + 1)}>
            Try again
          </Button>
        </div>
      ) : null}
      {load.status === 'ready' && load.enrolments.length === 0 ? <p className="text-slate-600">Nobody is at this step now.</p> : null}
      {load.status === 'ready' && load.enrolments.length > 0 ? (
        <ul className="flex flex-col">
          {load.enrolments.map((enrolment) => {
            const person = contacts.get(enrolment.contactId)
            const label = person ? contactDisplayName(person) : 'Contact not on this device'
            return (
              <li key={enrolment.id} className="flex items-center gap-2 border-b border-slate-100 py-1 last:border-0">
                <button
                  type="button"
                  className="truncate text-left text-accent-700 hover:underline"
                  onClick={() => onOpen({ id: enrolment.contactId, label, ...(person ? { detail: person.email } : {}) })}
                >
                  {label}
                </button>
                <span className="ml-auto text-xs text-slate-500">
                  v{enrolment.version}
                  {enrolment.waitUntil ? ` · until ${formatTime(enrolment.waitUntil)}` : ''}
                </span>
              </li>
            )
          })}
          {load.enrolments.length === WHO_IS_HERE_LIMIT ? <li className="pt-1 text-xs text-slate-500">The first {WHO_IS_HERE_LIMIT} are shown.</li> : null}
        </ul>
      ) : null}
    </section>
  )
}
