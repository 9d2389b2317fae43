import { useDeferredValue, useEffect, useMemo, useState } from 'react'
import type { Segment } from '@core/schema'
import { emptySegmentRules, segmentMatcher } from '@core/segments/evaluateSegment'
import { segmentFieldDescriptors } from '@core/segments/segmentFields'
import { navigate, routePath } from '../../app/router'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { showUndoToast } from '../../app/undoRegistry'
import { contactsByName, countAudience, useSegmentContext, type AudienceCount } from '../../data/audience'
import { useData } from '../../data/dataContext'
import { useContactIndexVersion, useCustomFieldDefinitions } from '../../data/hooks'
import { deleteSyncedDocs, insertSyncedDoc, restoreSyncedDocs } from '../../data/syncedWrites'
import { Button } from '../../ui/Button'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { EmptyState } from '../../ui/EmptyState'
import { ListPageHeader } from '../../ui/ListPageHeader'
import { formatCount, formatRelativeTime } from '../contacts/contactDisplay'
import { PlusIcon } from '../../ui/icons'
import { starterRules } from './ruleEdits'
import { KindBadge } from './SegmentEditorPage'
import { useNow } from '../../app/useNow'
import { useSegments } from './useSegments'

const COLUMNS = 'grid grid-cols-[minmax(0,2.5fr)_7rem_minmax(0,1.2fr)_7rem_5.5rem] items-center gap-4'

export function SegmentsPage() {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const segments = useSegments()
  const customFields = useCustomFieldDefinitions()
  const [search, setSearch] = useState('')
  const deferredSearch = useDeferredValue(search)
  const [deleting, setDeleting] = useState<Segment | null>(null)
  const counts = useSegmentCounts(segments)
  const now = useNow()
  const filtered = useMemo(() => {
    const needle = deferredSearch.trim().toLowerCase()
    return (segments ?? []).filter((segment) => needle === '' || segment.name.toLowerCase().includes(needle))
  }, [segments, deferredSearch])

  const create = async (kind: Segment['kind']) => {
    try {
      const segment = await insertSyncedDoc<Segment>(db.segments, {
        name: kind === 'static' ? 'Untitled list' : 'Untitled segment',
        kind,
        rules: kind === 'static' ? emptySegmentRules() : starterRules(segmentFieldDescriptors(customFields)),
      })
      navigate({ name: 'segment', id: segment.id })
    } catch (error) {
      dispatch(toastShown({ message: `Could not create it: ${String(error)}`, tone: 'error' }))
    }
  }

  const remove = async (segment: Segment) => {
    setDeleting(null)
    try {
      const before = await deleteSyncedDocs<Segment>(db.segments, [segment.id])
      showUndoToast(dispatch, `Deleted ${segment.name}`, () => restoreSyncedDocs(db.segments, before))
    } catch (error) {
      dispatch(toastShown({ message: `Could not delete ${segment.name}: ${String(error)}`, tone: 'error' }))
    }
  }

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ListPageHeader
        title="Segments"
        count={segments?.length}
        search={{ label: 'Search segments', placeholder: 'Search segments and lists…', value: search, onChange: setSearch }}
      >
        <Button onClick={() => void create('static')}>New static list</Button>
        <Button variant="primary" onClick={() => void create('dynamic')}>
          <PlusIcon />
          New segment
        </Button>
      </ListPageHeader>
      {segments === undefined ? (
        <p className="px-6 py-4 text-sm text-slate-500">Loading segments…</p>
      ) : segments.length === 0 ? (
        <EmptyState
          title="No segments yet"
          action={
            <>
              <Button variant="primary" onClick={() => void create('dynamic')}>
                New segment
              </Button>
              <Button onClick={() => void create('static')}>New static list</Button>
            </>
          }
        >
          A segment picks contacts by rules (“customers in Norway who opened last week”) and stays up to date. A static list holds the contacts you put in it.
        </EmptyState>
      ) : filtered.length === 0 ? (
        <EmptyState title={`No segments match “${deferredSearch.trim()}”`} action={<Button onClick={() => setSearch('')}>Clear search</Button>} />
      ) : (
        <div className="min-h-0 flex-1 overflow-y-auto">
          <div
            aria-hidden
            className={`${COLUMNS} sticky top-0 z-10 border-b border-slate-200 bg-slate-50 px-6 py-2 text-[11px] font-semibold tracking-wide text-slate-500 uppercase`}
          >
            <span>Name</span>
            <span>Kind</span>
            <span className="text-right">Contacts</span>
            <span>Updated</span>
            <span />
          </div>
          <ul aria-label="Segments">
            {filtered.map((segment) => (
              <SegmentRow key={segment.id} segment={segment} count={counts.get(segment.id)} now={now} onDelete={() => setDeleting(segment)} />
            ))}
          </ul>
        </div>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? ''}?`}
        message="Contacts are not touched. Campaigns using it will need another audience. You can undo right after."
        confirmLabel="Delete"
        onConfirm={() => deleting && void remove(deleting)}
        onCancel={() => setDeleting(null)}
      />
    </div>
  )
}

function SegmentRow({ segment, count, now, onDelete }: { segment: Segment; count: AudienceCount | undefined; now: number; onDelete: () => void }) {
  const href = routePath({ name: 'segment', id: segment.id })
  return (
    <li className={`${COLUMNS} group border-b border-slate-100 px-6 py-2.5 text-sm hover:bg-slate-50`}>
      <a href={href} className="min-w-0 truncate font-medium text-slate-900 hover:underline focus-visible:underline focus-visible:outline-none">
        {segment.name}
      </a>
      <span>
        <KindBadge kind={segment.kind} />
      </span>
      <span className="text-right text-slate-700 tabular-nums">
        {count === undefined ? (
          <span className="text-slate-400">…</span>
        ) : (
          <>
            {formatCount(count.count)}
            <span className="sr-only"> {count.count === 1 ? 'contact' : 'contacts'}</span>
            {count.suppressed > 0 ? (
              <span className="ml-1.5 text-xs text-slate-400" title="Unsubscribed or bounced, not mailed">
                +{formatCount(count.suppressed)} excluded
              </span>
            ) : null}
          </>
        )}
      </span>
      <span className="text-slate-500">{formatRelativeTime(segment.updatedAt, now)}</span>
      <span className="text-right">
        <Button size="sm" variant="danger-ghost" aria-label={`Delete ${segment.name}`} onClick={onDelete} className="opacity-0 group-hover:opacity-100 focus-visible:opacity-100">
          Delete
        </Button>
      </span>
    </li>
  )
}

/**
 * Live counts for the list, one segment per task so a long list over 100,000 contacts never
 * blocks typing; earlier figures stay on screen until their recount lands.
 */
function useSegmentCounts(segments: readonly Segment[] | undefined): ReadonlyMap<string, AudienceCount> {
  const { contacts: index } = useData()
  const version = useContactIndexVersion(index)
  const { context, loading } = useSegmentContext()
  const [counts, setCounts] = useState<ReadonlyMap<string, AudienceCount>>(new Map())
  useEffect(() => {
    if (!segments || loading) return
    void version
    const queue = [...segments]
    let timer: ReturnType<typeof setTimeout> | undefined
    const step = () => {
      const segment = queue.shift()
      if (!segment) return
      const count = countAudience(contactsByName(index), segmentMatcher(segment, context))
      setCounts((previous) => new Map(previous).set(segment.id, count))
      timer = setTimeout(step, 0)
    }
    timer = setTimeout(step, 0)
    return () => clearTimeout(timer)
  }, [segments, index, version, context, loading])
  return counts
}
