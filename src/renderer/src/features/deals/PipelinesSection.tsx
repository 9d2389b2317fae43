import { useEffect, useMemo, useState } from 'react'
import { newId } from '@core/ids'
import { DEFAULT_PIPELINE_STAGES, moveDeal, validatePipelineDraft, type PipelineDraft } from '@core/deals/pipeline'
import type { Deal, PipelineSetting, Setting } from '@core/schema'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { showUndoToast } from '../../app/undoRegistry'
import { useDeals, usePipelines } from '../../data/crmHooks'
import { useData } from '../../data/dataContext'
import { deleteSyncedDocs, insertSyncedDoc, patchSyncedDoc, patchSyncedDocs, restoreSyncedDocs } from '../../data/syncedWrites'
import { Button } from '../../ui/Button'
import { ConfirmDialog } from '../../ui/ConfirmDialog'
import { Dialog } from '../../ui/Dialog'
import { inputClass, SelectField } from '../../ui/Field'
import { ensureDefaultPipeline } from './dealWrites'

const MAX_POSITION = 10_000

/** Settings → Pipelines: stages with their win probability, in board order; more pipelines. */
export function PipelinesSection() {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const pipelines = usePipelines()
  const deals = useDeals()
  const [deleting, setDeleting] = useState<PipelineSetting | null>(null)

  useEffect(() => {
    if (pipelines?.length === 0) void ensureDefaultPipeline(db).catch(() => undefined)
  }, [pipelines, db])

  const addPipeline = async () => {
    const last = pipelines?.at(-1)
    try {
      await insertSyncedDoc<Setting>(db.settings, {
        kind: 'pipeline',
        label: 'New pipeline',
        position: Math.min(MAX_POSITION, last ? last.position + 1 : 0),
        // Stage ids only need to be unique within a pipeline: the default ones do.
        stages: DEFAULT_PIPELINE_STAGES.map((stage) => ({ ...stage })),
      })
    } catch (error) {
      dispatch(toastShown({ message: `Could not add a pipeline: ${String(error)}`, tone: 'error' }))
    }
  }

  const removePipeline = async (pipeline: PipelineSetting) => {
    setDeleting(null)
    try {
      const before = await deleteSyncedDocs<Setting>(db.settings, [pipeline.id])
      showUndoToast(dispatch, `Deleted ${pipeline.label}`, () => restoreSyncedDocs(db.settings, before))
    } catch (error) {
      dispatch(toastShown({ message: `Could not delete ${pipeline.label}: ${String(error)}`, tone: 'error' }))
    }
  }

  return (
    <section aria-labelledby="pipelines-heading" className="flex flex-col gap-4">
      <div className="flex items-end justify-between gap-4">
        <div>
          <h2 id="pipelines-heading" className="text-base font-semibold text-slate-900">
            Deal pipelines
          </h2>
          <p className="mt-1 text-sm text-slate-600">Stages in board order, each with the chance that a deal in it is won; the forecast weighs open deals by it.</p>
        </div>
        <Button onClick={() => void addPipeline()}>Add pipeline</Button>
      </div>
      {pipelines === undefined || deals === undefined ? (
        <p className="text-sm text-slate-500">Loading…</p>
      ) : (
        pipelines.map((pipeline) => (
          <PipelineEditor
            key={pipeline.id}
            pipeline={pipeline}
            deals={deals.filter((deal) => deal.pipelineId === pipeline.id)}
            onDelete={pipelines.length > 1 ? () => setDeleting(pipeline) : undefined}
          />
        ))
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.label ?? 'pipeline'}?`}
        message="It has no deals. You can undo right after."
        confirmLabel="Delete pipeline"
        onConfirm={() => deleting && void removePipeline(deleting)}
        onCancel={() => setDeleting(null)}
      />
    </section>
  )
}

type DraftStage = { id: string; name: string; probability: string }

function draftOf(pipeline: PipelineSetting): { label: string; stages: DraftStage[] } {
  return { label: pipeline.label, stages: pipeline.stages.map((stage) => ({ ...stage, probability: String(stage.probability) })) }
}

function PipelineEditor({ pipeline, deals, onDelete }: { pipeline: PipelineSetting; deals: readonly Deal[]; onDelete: (() => void) | undefined }) {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const [draft, setDraft] = useState(() => draftOf(pipeline))
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [relocating, setRelocating] = useState<{ stages: PipelineDraft['stages']; label: string; count: number } | null>(null)
  const [target, setTarget] = useState('')

  // Another device's edit shows up unless this one is being edited.
  const saved = useMemo(() => JSON.stringify(draftOf(pipeline)), [pipeline])
  const [base, setBase] = useState(saved)
  const dirty = JSON.stringify(draft) !== base
  useEffect(() => {
    if (!dirty) {
      setDraft(JSON.parse(saved) as ReturnType<typeof draftOf>)
      setBase(saved)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [saved])

  const counts = useMemo(() => {
    const result = new Map<string, number>()
    for (const deal of deals) result.set(deal.stageId, (result.get(deal.stageId) ?? 0) + 1)
    return result
  }, [deals])

  const setStage = (index: number, patch: Partial<DraftStage>) =>
    setDraft((current) => ({ ...current, stages: current.stages.map((stage, at) => (at === index ? { ...stage, ...patch } : stage)) }))
  const moveStage = (index: number, step: -1 | 1) =>
    setDraft((current) => {
      const stages = [...current.stages]
      const moved = stages[index]
      const other = stages[index + step]
      if (!moved || !other) return current
      stages[index] = other
      stages[index + step] = moved
      return { ...current, stages }
    })
  const removeStage = (index: number) => setDraft((current) => ({ ...current, stages: current.stages.filter((_, at) => at !== index) }))
  const addStage = () => setDraft((current) => ({ ...current, stages: [...current.stages, { id: newId(), name: '', probability: '50' }] }))

  const write = async (value: { label: string; stages: PipelineSetting['stages'] }, moveTo?: string) => {
    try {
      if (moveTo) {
        const kept = new Set(value.stages.map((stage) => stage.id))
        const orphans = deals.filter((deal) => !kept.has(deal.stageId)).map((deal) => deal.id)
        await patchSyncedDocs<Deal>(db.deals, orphans, (deal) => (kept.has(deal.stageId) ? null : moveDeal(deal, moveTo, deal.position, Date.now())))
      }
      await patchSyncedDoc<Setting>(db.settings, pipeline.id, value)
      setBase(JSON.stringify({ label: value.label, stages: value.stages.map((stage) => ({ ...stage, probability: String(stage.probability) })) }))
      dispatch(toastShown({ message: `Saved ${value.label}` }))
    } catch (error) {
      dispatch(toastShown({ message: `Could not save ${value.label}: ${String(error)}`, tone: 'error' }))
    }
  }

  const save = () => {
    const result = validatePipelineDraft(draft)
    if (!result.ok) {
      setErrors(result.error)
      return
    }
    setErrors({})
    const kept = new Set(result.value.stages.map((stage) => stage.id))
    const orphaned = deals.filter((deal) => !kept.has(deal.stageId)).length
    if (orphaned > 0) {
      setTarget(result.value.stages[0]?.id ?? '')
      setRelocating({ stages: result.value.stages, label: result.value.label, count: orphaned })
      return
    }
    void write(result.value)
  }

  return (
    <div className="rounded-lg border border-slate-200" aria-label={`Pipeline ${pipeline.label}`} role="group">
      <div className="flex items-center gap-3 border-b border-slate-100 px-4 py-2.5">
        <input
          aria-label="Pipeline name"
          value={draft.label}
          onChange={(event) => setDraft((current) => ({ ...current, label: event.target.value }))}
          aria-invalid={Boolean(errors.label)}
          className={`${inputClass} max-w-xs font-medium`}
          maxLength={80}
        />
        {errors.label ? <span className="text-xs text-red-600">{errors.label}</span> : null}
        <span className="ml-auto text-xs text-slate-500 tabular-nums">
          {deals.length.toLocaleString()} {deals.length === 1 ? 'deal' : 'deals'}
        </span>
        {onDelete ? (
          <Button size="sm" variant="danger-ghost" disabled={deals.length > 0} title={deals.length > 0 ? 'Move or delete its deals first' : undefined} onClick={onDelete}>
            Delete pipeline
          </Button>
        ) : null}
      </div>
      <ol className="divide-y divide-slate-100">
        <li aria-hidden className="grid grid-cols-[minmax(0,1fr)_6rem_5rem_6.5rem] gap-3 px-4 py-1.5 text-[11px] font-semibold tracking-wide text-slate-500 uppercase">
          <span>Stage</span>
          <span>Win %</span>
          <span className="text-right">Deals</span>
          <span />
        </li>
        {draft.stages.map((stage, index) => {
          const nameError = errors[`stages.${index}.name`]
          const probabilityError = errors[`stages.${index}.probability`]
          return (
            <li key={stage.id} className="grid grid-cols-[minmax(0,1fr)_6rem_5rem_6.5rem] items-start gap-3 px-4 py-2">
              <div>
                <input aria-label={`Stage ${index + 1} name`} value={stage.name} maxLength={60} onChange={(event) => setStage(index, { name: event.target.value })} aria-invalid={Boolean(nameError)} className={inputClass} />
                {nameError ? <p className="mt-1 text-xs text-red-600">{nameError}</p> : null}
              </div>
              <div>
                <input
                  aria-label={`Stage ${index + 1} win probability`}
                  inputMode="numeric"
                  value={stage.probability}
                  onChange={(event) => setStage(index, { probability: event.target.value })}
                  aria-invalid={Boolean(probabilityError)}
                  className={`${inputClass} text-right tabular-nums`}
                />
                {probabilityError ? <p className="mt-1 text-xs text-red-600">{probabilityError}</p> : null}
              </div>
              <span className="pt-1.5 text-right text-sm text-slate-600 tabular-nums">{(counts.get(stage.id) ?? 0).toLocaleString()}</span>
              <span className="flex justify-end gap-0.5">
                <Button size="sm" variant="ghost" aria-label={`Move ${stage.name || 'stage'} up`} disabled={index === 0} onClick={() => moveStage(index, -1)}>
                  ↑
                </Button>
                <Button size="sm" variant="ghost" aria-label={`Move ${stage.name || 'stage'} down`} disabled={index === draft.stages.length - 1} onClick={() => moveStage(index, 1)}>
                  ↓
                </Button>
                <Button size="sm" variant="danger-ghost" aria-label={`Remove ${stage.name || 'stage'}`} disabled={draft.stages.length === 1} onClick={() => removeStage(index)}>
                  ✕
                </Button>
              </span>
            </li>
          )
        })}
      </ol>
      {errors.stages ? <p className="px-4 text-xs text-red-600">{errors.stages}</p> : null}
      <div className="flex items-center gap-2 border-t border-slate-100 px-4 py-2.5">
        <Button size="sm" onClick={addStage} disabled={draft.stages.length >= 30}>
          Add stage
        </Button>
        {dirty ? <span className="text-xs text-amber-700">Unsaved changes</span> : null}
        <div className="ml-auto flex gap-2">
          <Button
            size="sm"
            variant="ghost"
            disabled={!dirty}
            onClick={() => {
              setDraft(JSON.parse(base) as ReturnType<typeof draftOf>)
              setErrors({})
            }}
          >
            Discard
          </Button>
          <Button size="sm" variant="primary" disabled={!dirty} onClick={save}>
            Save stages
          </Button>
        </div>
      </div>
      <Dialog
        open={relocating !== null}
        onOpenChange={(open) => (open ? undefined : setRelocating(null))}
        title="Move deals out of removed stages"
        description={`${relocating?.count.toLocaleString() ?? 0} ${relocating?.count === 1 ? 'deal is' : 'deals are'} in a stage you removed. Where should ${relocating?.count === 1 ? 'it' : 'they'} go?`}
        width="sm"
        footer={
          <>
            <Button onClick={() => setRelocating(null)}>Cancel</Button>
            <Button
              variant="primary"
              onClick={() => {
                const pending = relocating
                setRelocating(null)
                if (pending) void write({ label: pending.label, stages: pending.stages as PipelineSetting['stages'] }, target)
              }}
            >
              Move and save
            </Button>
          </>
        }
      >
        <SelectField label="Move them to" value={target} onChange={(event) => setTarget(event.target.value)} options={(relocating?.stages ?? []).map((stage) => ({ value: stage.id, label: stage.name }))} />
      </Dialog>
    </div>
  )
}
