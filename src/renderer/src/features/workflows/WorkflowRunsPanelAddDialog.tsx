import { useMemo, useState } from 'react'
import type { Workflow } from '@core/schema'
import { segmentMatcher } from '@core/segments/evaluateSegment'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { contactsByName, useSegmentContext } from '../../data/audience'
import { useData } from '../../data/dataContext'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { inputClass } from '../../ui/Field'
import { ProgressBar } from '../../ui/ProgressBar'
import { RecordPicker, type PickerOption } from '../../ui/RecordPicker'
import { SegmentedControl } from '../../ui/SegmentedControl'
import { pluralize } from '../contacts/contactDisplay'
import { useSegments } from '../segments/useSegments'
import { useContactSearch } from './contactSearch'
import { inBatches, useWorkflowApi, workflowFailureMessage } from './workflowApi'

// "Add contacts…" on the runs panel: a segment's (or list's) members, or contacts picked by
// name, enrolled by the server in batches. The server skips anyone already inside (or, when the
// workflow enrols once, anyone who was inside before), so the count added may be smaller.

type Source = 'segment' | 'contacts'

export function AddContactsDialog({ workflow, open, onClose }: { workflow: Workflow; open: boolean; onClose: () => void }) {
  const { contacts } = useData()
  const { api } = useWorkflowApi()
  const dispatch = useAppDispatch()
  const segments = useSegments()
  const { context, loading } = useSegmentContext()
  const [source, setSource] = useState<Source>('segment')
  const [segmentId, setSegmentId] = useState('')
  const [picked, setPicked] = useState<PickerOption[]>([])
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const pickedIds = useMemo(() => new Set(picked.map((option) => option.id)), [picked])
  const search = useContactSearch(pickedIds)

  const segment = segments?.find((candidate) => candidate.id === segmentId) ?? null
  const segmentMembers = useMemo(() => {
    if (!segment || loading) return null
    const matches = segmentMatcher(segment, context)
    const ids: string[] = []
    for (const contact of contactsByName(contacts)) if (matches(contact)) ids.push(contact.id)
    return ids
  }, [segment, context, loading, contacts])

  const chosen = source === 'segment' ? (segmentMembers ?? []) : picked.map((option) => option.id)

  const close = () => {
    if (progress) return
    setPicked([])
    setSegmentId('')
    setError(null)
    onClose()
  }

  const submit = async () => {
    setError(null)
    setProgress({ done: 0, total: chosen.length })
    const result = await inBatches(
      async (ids) => {
        const answer = await api.enrol(workflow.id, ids)
        return answer.ok ? { ok: true, value: answer.value.enrolled } : answer
      },
      chosen,
      (done) => setProgress({ done, total: chosen.length }),
    )
    setProgress(null)
    if (result.failure) {
      const base = workflowFailureMessage(result.failure, 'add contacts to a workflow')
      setError(result.done > 0 ? `${base} ${result.changed} were added before it stopped.` : base)
      return
    }
    const skipped = chosen.length - result.changed
    dispatch(
      toastShown({
        message: `Added ${pluralize(result.changed, 'contact')} to ${workflow.name}${skipped > 0 ? ` (${skipped} already in it or in it before)` : ''}.`,
      }),
    )
    setPicked([])
    setSegmentId('')
    onClose()
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => (next ? undefined : close())}
      title={`Add contacts to ${workflow.name}`}
      description="They start at the first step of the published version, as if the trigger had fired."
      footer={
        <>
          <Button onClick={close} disabled={progress !== null}>
            Cancel
          </Button>
          <Button variant="primary" disabled={chosen.length === 0 || progress !== null} onClick={() => void submit()}>
            {chosen.length > 0 ? `Add ${pluralize(chosen.length, 'contact')}` : 'Add contacts'}
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-4">
        <SegmentedControl<Source>
          label="Who to add"
          options={[
            { id: 'segment', label: 'A segment or list' },
            { id: 'contacts', label: 'Contacts by name' },
          ]}
          value={source}
          onChange={setSource}
        />
        {source === 'segment' ? (
          <div className="flex flex-col gap-1">
            <select aria-label="Segment or list" className={`${inputClass} pr-7`} value={segmentId} onChange={(event) => setSegmentId(event.target.value)}>
              <option value="">Choose a segment or list…</option>
              {(segments ?? []).map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name}
                  {candidate.kind === 'static' ? ' (list)' : ''}
                </option>
              ))}
            </select>
            {segment ? (
              <p className="text-xs text-slate-500">{segmentMembers === null ? 'Counting…' : `${pluralize(segmentMembers.length, 'contact')} match now.`}</p>
            ) : null}
          </div>
        ) : (
          <div className="flex flex-col gap-2">
            <RecordPicker label="Contact" placeholder="Type a name or email…" selected={null} search={search} onSelect={(option) => option && setPicked((list) => [...list, option])} />
            {picked.length > 0 ? (
              <ul aria-label="Contacts to add" className="flex flex-wrap gap-1.5">
                {picked.map((option) => (
                  <li key={option.id} className="flex items-center gap-1 rounded-full bg-slate-100 py-0.5 pr-1 pl-2.5 text-xs text-slate-800">
                    {option.label}
                    <button
                      type="button"
                      aria-label={`Do not add ${option.label}`}
                      className="rounded-full px-1 text-slate-500 hover:bg-slate-200 hover:text-slate-800"
                      onClick={() => setPicked((list) => list.filter((candidate) => candidate.id !== option.id))}
                    >
                      ×
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        )}
        {progress ? <ProgressBar value={progress.done} max={progress.total} label="Adding" /> : null}
        {error ? (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </div>
    </Dialog>
  )
}
