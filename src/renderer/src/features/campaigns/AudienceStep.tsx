import type { Segment } from '@core/schema'
import { routePath } from '../../app/router'
import type { Audience } from '../../data/audience'
import { EmptyState } from '../../ui/EmptyState'
import { formatNumber } from '../analytics/campaignMetrics'
import { pluralize } from '../contacts/contactDisplay'

export interface AudienceStepProps {
  segments: readonly Segment[]
  selectedId: string
  audience: Audience
  locked: boolean
  onSelect: (segmentId: string) => void
}

/** Step 1: who gets it — a segment or a static list, with its live count after suppression. */
export function AudienceStep({ segments, selectedId, audience, locked, onSelect }: AudienceStepProps) {
  const selected = segments.find((segment) => segment.id === selectedId)
  if (segments.length === 0) {
    return (
      <EmptyState
        title="No segments or lists yet"
        action={
          <a href={routePath({ name: 'segments' })} className="inline-flex h-8 items-center rounded-md bg-accent-600 px-3 text-sm font-medium text-white hover:bg-accent-700">
            Create a segment
          </a>
        }
      >
        A campaign goes to a segment (contacts matching rules) or a static list. Create one, then come back here.
      </EmptyState>
    )
  }
  return (
    <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_18rem]">
      <fieldset disabled={locked} className="min-w-0">
        <legend className="mb-2 text-sm font-medium text-slate-900">Send to</legend>
        <div className="flex flex-col overflow-hidden rounded-lg border border-slate-200 bg-white">
          {segments.map((segment) => {
            const checked = segment.id === selectedId
            return (
              <label
                key={segment.id}
                className={`flex cursor-pointer items-center gap-3 border-b border-slate-100 px-3 py-2.5 last:border-b-0 has-[:disabled]:cursor-default ${checked ? 'bg-accent-50/60' : 'hover:bg-slate-50'}`}
              >
                <input type="radio" name="campaign-audience" value={segment.id} checked={checked} onChange={() => onSelect(segment.id)} className="accent-accent-600" />
                <span className="min-w-0 flex-1 truncate text-sm font-medium text-slate-900">{segment.name}</span>
                <span className="shrink-0 rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600">{segment.kind === 'static' ? 'Static list' : 'Segment'}</span>
              </label>
            )
          })}
        </div>
        {selectedId && !selected ? <p className="mt-2 text-sm text-red-700">The chosen segment was deleted. Pick another one.</p> : null}
        <p className="mt-3 text-sm text-slate-600">
          Need another audience?{' '}
          <a href={routePath({ name: 'segments' })} className="font-medium text-accent-700 hover:underline">
            Create a segment or list
          </a>
        </p>
      </fieldset>
      <aside aria-label="Audience size" aria-live="polite" className="h-fit rounded-lg border border-slate-200 bg-white p-4">
        {selected ? (
          <>
            <p className="text-xs font-medium text-slate-500">{selected.name}</p>
            <p className="mt-1 text-2xl font-semibold tracking-tight text-slate-900 tabular-nums">
              {formatNumber(audience.count)}
              <span className="ml-1.5 text-sm font-normal text-slate-500">{audience.count === 1 ? 'contact' : 'contacts'}</span>
            </p>
            <p className="mt-1 text-xs text-slate-500">
              {audience.computing ? 'Counting…' : `${pluralize(audience.suppressed, 'unsubscribed or bounced contact')} excluded`}
            </p>
            <a href={routePath({ name: 'segment', id: selected.id })} className="mt-3 inline-block text-xs font-medium text-accent-700 hover:underline">
              Open {selected.kind === 'static' ? 'list' : 'segment'}
            </a>
          </>
        ) : (
          <p className="text-sm text-slate-500">Pick a segment or list to see how many contacts get this campaign.</p>
        )}
      </aside>
    </div>
  )
}
