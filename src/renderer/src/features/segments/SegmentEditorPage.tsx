import { useCallback, useMemo, useState } from 'react'
import type { Segment, SegmentRules } from '@core/schema'
import { SEGMENT_LIMITS } from '@core/schema'
import { validateSegmentRules } from '@core/segments/evaluateSegment'
import { segmentFieldDescriptors } from '@core/segments/segmentFields'
import { navigate, routePath } from '../../app/router'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { showUndoToast } from '../../app/undoRegistry'
import { useAudience } from '../../data/audience'
import { useData } from '../../data/dataContext'
import { useContactIndexVersion, useCustomFieldDefinitions, useRxDocument } from '../../data/hooks'
import { deleteSyncedDocs, patchSyncedDoc, restoreSyncedDocs } from '../../data/syncedWrites'
import { Button } from '../../ui/Button'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { EmptyState } from '../../ui/EmptyState'
import { SegmentExportButton } from '../export/SegmentExportButton'
import { AudienceCount, AudienceSample } from './AudiencePreview'
import { RuleBuilder, type RuleChoices } from './RuleBuilder'
import { StaticListMembers } from './StaticListMembers'
import { EditorHeader } from './EditorHeader'
import { useAutosavedDraft } from './useAutosavedDraft'
import { useCampaignChoices, useSegments } from './useSegments'

export function SegmentEditorPage({ id }: { id: string }) {
  const { db } = useData()
  const segment = useRxDocument<Segment>(() => db.segments.findOne(id), [db, id])
  if (segment === undefined) return <p className="px-6 py-4 text-sm text-slate-500">Loading…</p>
  if (segment === null) {
    return (
      <EmptyState title="This segment was deleted or does not exist" action={<Button onClick={() => navigate({ name: 'segments' })}>Back to segments</Button>}>
        It may have been deleted on this device or another one.
      </EmptyState>
    )
  }
  return <SegmentEditor key={segment.id} segment={segment} />
}

interface SegmentDraft {
  name: string
  rules: SegmentRules
}

function SegmentEditor({ segment }: { segment: Segment }) {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const stored = useMemo<SegmentDraft>(() => ({ name: segment.name, rules: segment.rules }), [segment.name, segment.rules])
  const save = useCallback(
    async (draft: SegmentDraft) => {
      // A blank name is not stored (the schema needs one); the field says so until it is filled.
      const patch: Partial<SegmentDraft> = { rules: draft.rules }
      if (draft.name.trim()) patch.name = draft.name
      await patchSyncedDoc<Segment>(db.segments, segment.id, patch)
    },
    [db, segment.id],
  )
  const { draft, update, status } = useAutosavedDraft(stored, save)
  const [confirmingDelete, setConfirmingDelete] = useState(false)
  const isStatic = segment.kind === 'static'
  const displayName = draft.name.trim() || segment.name

  const remove = async () => {
    setConfirmingDelete(false)
    try {
      const before = await deleteSyncedDocs<Segment>(db.segments, [segment.id])
      navigate({ name: 'segments' })
      showUndoToast(dispatch, `Deleted ${displayName}`, () => restoreSyncedDocs(db.segments, before))
    } catch (error) {
      dispatch(toastShown({ message: `Could not delete ${displayName}: ${String(error)}`, tone: 'error' }))
    }
  }

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <EditorHeader
        parentLabel="Segments"
        parentHref={routePath({ name: 'segments' })}
        title={displayName}
        status={status}
        onDelete={() => setConfirmingDelete(true)}
        deleteLabel={isStatic ? 'Delete list' : 'Delete segment'}
        actions={<SegmentExportButton segment={{ id: segment.id, kind: segment.kind, rules: draft.rules, name: displayName }} />}
      />
      <div className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto flex max-w-6xl flex-col gap-5 px-6 py-6">
          <NameField
            value={draft.name}
            kind={segment.kind}
            onChange={(name) => update((current) => ({ ...current, name }))}
          />
          {isStatic ? (
            <StaticListMembers list={{ id: segment.id, name: displayName }} />
          ) : (
            <DynamicSegmentBody id={segment.id} rules={draft.rules} onRulesChange={(change) => update((current) => ({ ...current, rules: change(current.rules) }))} />
          )}
        </div>
      </div>
      <ConfirmDialog
        open={confirmingDelete}
        title={`Delete ${displayName}?`}
        message={
          isStatic
            ? 'The list disappears; its contacts stay. Campaigns using it will need another audience. You can undo right after.'
            : 'Contacts are not touched. Campaigns using it will need another audience. You can undo right after.'
        }
        confirmLabel={isStatic ? 'Delete list' : 'Delete segment'}
        onConfirm={() => void remove()}
        onCancel={() => setConfirmingDelete(false)}
      />
    </div>
  )
}

function NameField({ value, kind, onChange }: { value: string; kind: Segment['kind']; onChange: (name: string) => void }) {
  const blank = value.trim() === ''
  return (
    <div className="flex flex-col gap-1">
      <div className="flex items-center gap-3">
        <input
          aria-label={kind === 'static' ? 'List name' : 'Segment name'}
          value={value}
          maxLength={SEGMENT_LIMITS.name}
          onChange={(event) => onChange(event.target.value)}
          placeholder={kind === 'static' ? 'Name this list' : 'Name this segment'}
          aria-invalid={blank}
          className="-mx-2 min-w-0 flex-1 rounded-md border border-transparent px-2 py-1 text-xl font-semibold tracking-tight text-slate-900 placeholder:text-slate-400 hover:border-slate-200 focus:border-accent-500 focus:ring-2 focus:ring-accent-100 focus:outline-none"
        />
        <KindBadge kind={kind} />
      </div>
      {blank ? (
        <p role="alert" className="text-xs text-red-600">
          Give it a name; the last one is kept until you do.
        </p>
      ) : null}
    </div>
  )
}

export function KindBadge({ kind }: { kind: Segment['kind'] }) {
  return kind === 'static' ? (
    <span className="shrink-0 rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-amber-200 ring-inset">Static list</span>
  ) : (
    <span className="shrink-0 rounded-full bg-accent-50 px-2 py-0.5 text-xs font-medium text-accent-700 ring-1 ring-accent-200 ring-inset">Dynamic</span>
  )
}

function DynamicSegmentBody({
  id,
  rules,
  onRulesChange,
}: {
  id: string
  rules: SegmentRules
  onRulesChange: (change: (rules: SegmentRules) => SegmentRules) => void
}) {
  const choices = useRuleChoices(id)
  const issues = useMemo(() => {
    const byCondition = new Map<string, string>()
    for (const issue of validateSegmentRules(rules, choices.descriptors)) {
      if (!byCondition.has(issue.conditionId)) byCondition.set(issue.conditionId, issue.message)
    }
    return byCondition
  }, [rules, choices.descriptors])
  const audience = useAudience({ id, kind: 'dynamic', rules })
  return (
    <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <section aria-labelledby="rules-heading" className="flex min-w-0 flex-col gap-3">
        <h2 id="rules-heading" className="text-sm font-semibold text-slate-900">
          Conditions
        </h2>
        <RuleBuilder rules={rules} onChange={onRulesChange} issues={issues} {...choices} />
      </section>
      <aside className="flex flex-col gap-4 lg:sticky lg:top-0">
        <div className="rounded-lg border border-slate-200 bg-slate-50 px-4 py-3">
          <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">Audience now</p>
          <AudienceCount audience={audience} />
          {issues.size > 0 ? <p className="mt-1 text-xs text-amber-700">Unfinished conditions match nobody until they are filled in.</p> : null}
        </div>
        <AudienceSample audience={audience} />
      </aside>
    </div>
  )
}

/** Everything the field, list, campaign and tag pickers offer. */
function useRuleChoices(selfId: string): RuleChoices {
  const { contacts } = useData()
  const version = useContactIndexVersion(contacts)
  const customFields = useCustomFieldDefinitions()
  const segments = useSegments()
  const campaigns = useCampaignChoices()
  const descriptors = useMemo(() => segmentFieldDescriptors(customFields), [customFields])
  const lists = useMemo(
    () =>
      (segments ?? [])
        .filter((segment) => segment.kind === 'static' && segment.id !== selfId)
        .map((segment) => ({ value: segment.id, label: segment.name })),
    [segments, selfId],
  )
  const tags = useMemo(() => {
    void version
    return contacts.allTags()
  }, [contacts, version])
  return { descriptors, campaigns, lists, tags }
}
