import { useMemo, useState, type FormEvent, type ReactNode } from 'react'
import { segmentMatcher } from '@core/segments/evaluateSegment'
import { useAppDispatch, useAppSelector } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { contactsByName, useSegmentContext } from '../../data/audience'
import type { ContactQuery } from '../../data/contactIndex'
import { useData } from '../../data/dataContext'
import { useContactIndexVersion } from '../../data/hooks'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { inputClass } from '../../ui/Field'
import { ProgressBar } from '../../ui/ProgressBar'
import { formatCount, pluralize } from '../contacts/contactDisplay'
import { changeListMembership } from './staticListWrites'
import { useSegments } from './useSegments'

type Source = 'segment' | 'filter' | 'selection'

/** Adds every contact of a dynamic segment, of the Contacts screen's filter, or of its selection. */
export function AddListMembersDialog({ list, onClose }: { list: { id: string; name: string }; onClose: () => void }) {
  const dispatch = useAppDispatch()
  const { db, contacts: index } = useData()
  const version = useContactIndexVersion(index)
  const query = useAppSelector((state) => state.contacts.query)
  const selectedIds = useAppSelector((state) => state.contacts.selectedIds)
  const segments = useSegments()
  const dynamicSegments = useMemo(() => (segments ?? []).filter((segment) => segment.kind === 'dynamic'), [segments])
  const { context } = useSegmentContext()
  const [source, setSource] = useState<Source>('segment')
  const [segmentId, setSegmentId] = useState('')
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const chosenSegment = dynamicSegments.find((segment) => segment.id === (segmentId || dynamicSegments[0]?.id))

  const ids = useMemo(() => {
    void version
    if (source === 'filter') return index.query(query)
    if (source === 'selection') return selectedIds.filter((id) => index.get(id) !== undefined)
    if (!chosenSegment) return []
    const matches = segmentMatcher(chosenSegment, context)
    const result: string[] = []
    for (const contact of contactsByName(index)) if (matches(contact)) result.push(contact.id)
    return result
  }, [version, source, index, query, selectedIds, chosenSegment, context])
  const alreadyIn = useMemo(() => ids.filter((id) => index.get(id)?.lists?.includes(list.id)).length, [ids, index, list.id])
  const toAdd = ids.length - alreadyIn

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (progress || toAdd === 0) return
    setError(null)
    try {
      const result = await changeListMembership(db.contacts, list.id, ids, 'add', (done, total) => setProgress({ done, total }))
      const skipped = result.skipped > 0 ? ` (${formatCount(result.skipped)} skipped: already in 200 lists)` : ''
      dispatch(toastShown({ message: `Added ${pluralize(result.changed, 'contact')} to ${list.name}${skipped}` }))
      onClose()
    } catch (caught) {
      setProgress(null)
      setError(`Could not add contacts: ${String(caught)}`)
    }
  }

  return (
    <Dialog
      open
      onOpenChange={(open) => (open || progress ? undefined : onClose())}
      title={`Add contacts to ${list.name}`}
      description="Members are copied now; later changes to the segment or filter do not change the list."
      footer={
        <>
          <Button onClick={onClose} disabled={progress !== null}>
            Cancel
          </Button>
          <Button type="submit" form="add-list-members" variant="primary" disabled={toAdd === 0 || progress !== null}>
            {progress ? 'Adding…' : toAdd === 0 ? 'Nothing to add' : `Add ${pluralize(toAdd, 'contact')}`}
          </Button>
        </>
      }
    >
      <form id="add-list-members" onSubmit={(event) => void submit(event)} className="flex flex-col gap-4">
        <fieldset className="flex flex-col gap-2" disabled={progress !== null}>
          <legend className="mb-1 text-xs font-medium text-slate-600">Add</legend>
          <SourceOption value="segment" current={source} onChange={setSource} label="Contacts in a segment">
            {dynamicSegments.length === 0 ? (
              <p className="text-xs text-slate-500">No dynamic segments yet. Create one on the Segments screen.</p>
            ) : (
              <select
                aria-label="Segment"
                value={chosenSegment?.id ?? ''}
                onChange={(event) => {
                  setSegmentId(event.target.value)
                  setSource('segment')
                }}
                className={inputClass}
              >
                {dynamicSegments.map((segment) => (
                  <option key={segment.id} value={segment.id}>
                    {segment.name}
                  </option>
                ))}
              </select>
            )}
          </SourceOption>
          <SourceOption value="filter" current={source} onChange={setSource} label="Contacts the Contacts screen shows now">
            <p className="text-xs text-slate-500">{describeQuery(query)}</p>
          </SourceOption>
          <SourceOption value="selection" current={source} onChange={setSource} label="Contacts selected on the Contacts screen">
            <p className="text-xs text-slate-500">{selectedIds.length === 0 ? 'Nothing is selected.' : `${pluralize(selectedIds.length, 'contact')} selected.`}</p>
          </SourceOption>
        </fieldset>
        {/* While adding, the live figures would count the contacts being added: the bar says it all. */}
        {progress ? (
          <ProgressBar value={progress.done} max={progress.total} label="Adding" />
        ) : (
          <p className="text-sm text-slate-700" role="status">
            {pluralize(ids.length, 'contact')} match
            {alreadyIn > 0 ? ` · ${formatCount(alreadyIn)} already in the list` : ''}
          </p>
        )}
        {error ? (
          <p role="alert" className="text-sm text-red-600">
            {error}
          </p>
        ) : null}
      </form>
    </Dialog>
  )
}

function SourceOption({
  value,
  current,
  onChange,
  label,
  children,
}: {
  value: Source
  current: Source
  onChange: (source: Source) => void
  label: string
  children: ReactNode
}) {
  const checked = value === current
  return (
    <div className={`rounded-md border px-3 py-2 ${checked ? 'border-accent-300 bg-accent-50/50' : 'border-slate-200'}`}>
      <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
        <input type="radio" name="list-source" value={value} checked={checked} onChange={() => onChange(value)} className="accent-accent-600" />
        {label}
      </label>
      <div className="mt-1.5 pl-6">{children}</div>
    </div>
  )
}

function describeQuery(query: ContactQuery): string {
  const parts: string[] = []
  if (query.text.trim()) parts.push(`search “${query.text.trim()}”`)
  if (query.tags.length > 0) parts.push(`tags ${query.tags.join(', ')}`)
  if (query.stages.length > 0) parts.push(`${pluralize(query.stages.length, 'stage')}`)
  if (query.companyIds.length > 0) parts.push(`${pluralize(query.companyIds.length, 'company', 'companies')}`)
  return parts.length === 0 ? 'No filter: every contact.' : `Filtered by ${parts.join(', ')}.`
}
