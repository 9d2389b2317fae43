import { useEffect, useState, type FormEvent } from 'react'
import { amountText, moveDeal, validateDealInput, type DealFormValues } from '@core/deals/pipeline'
import type { Deal, PipelineSetting } from '@core/schema'
import { LIFECYCLE_STAGE_LABELS } from '@core/schema'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { useCurrentMemberId, useMembers } from '../../data/crmHooks'
import { useData } from '../../data/dataContext'
import { patchSyncedDoc } from '../../data/syncedWrites'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { SelectField, TextField } from '../../ui/Field'
import { COMMON_CURRENCIES } from './dealFormat'
import { bottomPosition, createDeal } from './dealWrites'
import { RecordPicker } from '../../ui/RecordPicker'
import { useDealPickers } from './useDealPickers'

export type DealDialogState =
  | { mode: 'create'; prefill?: { contactId?: string; companyId?: string; pipelineId?: string; stageId?: string } }
  | { mode: 'edit'; deal: Deal }
  | null

interface DealFormDialogProps {
  state: DealDialogState
  onClose: () => void
  pipelines: readonly PipelineSetting[]
  /** Called with the saved deal's id (the page may open it). */
  onSaved?: (id: string) => void
}

interface Draft extends Required<DealFormValues> {
  pipelineId: string
  stageId: string
}

function initialDraft(state: NonNullable<DealDialogState>, pipelines: readonly PipelineSetting[], memberId: string | null): Draft {
  if (state.mode === 'edit') {
    const { deal } = state
    return {
      name: deal.name,
      amount: deal.amount === 0 ? '' : amountText(deal.amount, deal.currency),
      currency: deal.currency,
      closeDate: deal.closeDate,
      ownerId: deal.ownerId,
      contactId: deal.contactId,
      companyId: deal.companyId,
      pipelineId: deal.pipelineId,
      stageId: deal.stageId,
    }
  }
  const pipeline = pipelines.find((candidate) => candidate.id === state.prefill?.pipelineId) ?? pipelines[0]
  return {
    name: '',
    amount: '',
    currency: 'USD',
    closeDate: '',
    ownerId: memberId ?? '',
    contactId: state.prefill?.contactId ?? '',
    companyId: state.prefill?.companyId ?? '',
    pipelineId: pipeline?.id ?? '',
    stageId: state.prefill?.stageId ?? pipeline?.stages[0]?.id ?? '',
  }
}

/** New deal and Edit deal: every field with its own message; Enter saves. */
export function DealFormDialog({ state, onClose, pipelines, onSaved }: DealFormDialogProps) {
  const { db, contacts } = useData()
  const dispatch = useAppDispatch()
  const memberId = useCurrentMemberId()
  const members = useMembers()
  const pickers = useDealPickers()
  const [draft, setDraft] = useState<Draft | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saving, setSaving] = useState(false)

  useEffect(() => {
    setDraft(state ? initialDraft(state, pipelines, memberId) : null)
    setErrors({})
    // Only when the dialog opens: pipelines or members arriving later must not wipe what was typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state])

  if (!state || !draft) return null
  const pipeline = pipelines.find((candidate) => candidate.id === draft.pipelineId) ?? pipelines[0]
  const set = (patch: Partial<Draft>) => setDraft((current) => (current ? { ...current, ...patch } : current))

  const submit = async (event?: FormEvent) => {
    event?.preventDefault()
    const result = validateDealInput(draft)
    const stageKnown = pipeline?.stages.some((stage) => stage.id === draft.stageId) ?? false
    if (!result.ok || !pipeline || !stageKnown) {
      setErrors({ ...(result.ok ? {} : result.error), ...(stageKnown ? {} : { stageId: 'Choose a stage' }) })
      return
    }
    setSaving(true)
    try {
      if (state.mode === 'edit') {
        const { deal } = state
        const move = deal.stageId === draft.stageId && deal.pipelineId === pipeline.id ? {} : moveDeal(deal, draft.stageId, deal.position, Date.now())
        await patchSyncedDoc<Deal>(db.deals, deal.id, { ...result.value, ...move, pipelineId: pipeline.id })
        dispatch(toastShown({ message: `Saved ${result.value.name}` }))
        onSaved?.(deal.id)
      } else {
        const position = await bottomPosition(db, pipeline.id, draft.stageId)
        const { deal, contactStage } = await createDeal(db, result.value, { pipelineId: pipeline.id, stageId: draft.stageId, position })
        const moved = contactStage ? ` · contact is now ${LIFECYCLE_STAGE_LABELS[contactStage]}` : ''
        dispatch(toastShown({ message: `Created ${deal.name}${moved}` }))
        onSaved?.(deal.id)
      }
      onClose()
    } catch (error) {
      dispatch(toastShown({ message: `Could not save the deal: ${String(error)}`, tone: 'error' }))
    } finally {
      setSaving(false)
    }
  }

  const memberOptions = [{ value: '', label: 'Nobody' }, ...(members ?? []).map((member) => ({ value: member.id, label: member.name || member.email }))]
  if (draft.ownerId && !memberOptions.some((option) => option.value === draft.ownerId)) memberOptions.push({ value: draft.ownerId, label: 'Former member' })
  const currencies: string[] = [...COMMON_CURRENCIES]
  if (!currencies.includes(draft.currency)) currencies.unshift(draft.currency)

  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={state.mode === 'edit' ? 'Edit deal' : 'New deal'}
      width="md"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form="deal-form" disabled={saving}>
            {state.mode === 'edit' ? 'Save deal' : 'Create deal'}
          </Button>
        </>
      }
    >
      <form id="deal-form" onSubmit={(event) => void submit(event)} className="grid grid-cols-2 gap-x-4 gap-y-3" noValidate>
        <div className="col-span-2">
          <TextField label="Name" value={draft.name} onChange={(event) => set({ name: event.target.value })} error={errors.name} autoFocus placeholder="Acme – annual plan" />
        </div>
        <TextField label="Amount" inputMode="decimal" value={draft.amount} onChange={(event) => set({ amount: event.target.value })} error={errors.amount} placeholder="12,500" />
        <SelectField
          label="Currency"
          value={draft.currency}
          onChange={(event) => set({ currency: event.target.value })}
          error={errors.currency}
          options={currencies.map((code) => ({ value: code, label: code }))}
        />
        <SelectField
          label="Pipeline"
          value={pipeline?.id ?? ''}
          onChange={(event) => {
            const next = pipelines.find((candidate) => candidate.id === event.target.value)
            set({ pipelineId: event.target.value, stageId: next?.stages[0]?.id ?? '' })
          }}
          options={pipelines.map((candidate) => ({ value: candidate.id, label: candidate.label }))}
        />
        <SelectField
          label="Stage"
          value={draft.stageId}
          onChange={(event) => set({ stageId: event.target.value })}
          error={errors.stageId}
          options={(pipeline?.stages ?? []).map((stage) => ({ value: stage.id, label: `${stage.name} (${stage.probability} %)` }))}
        />
        <TextField label="Expected close date" type="date" value={draft.closeDate} onChange={(event) => set({ closeDate: event.target.value })} error={errors.closeDate} />
        <SelectField label="Owner" value={draft.ownerId} onChange={(event) => set({ ownerId: event.target.value })} options={memberOptions} />
        <RecordPicker
          label="Contact"
          selected={draft.contactId ? { id: draft.contactId, label: pickers.contactLabel(draft.contactId) } : null}
          placeholder="Search contacts…"
          search={pickers.searchContacts}
          onSelect={(option) => {
            const contactId = option?.id ?? ''
            // A contact brings their company along unless one is already chosen.
            const companyId = draft.companyId || (contactId ? (contacts.get(contactId)?.companyId ?? '') : '')
            set({ contactId, companyId })
          }}
          error={errors.contactId}
        />
        <RecordPicker
          label="Company"
          selected={draft.companyId ? { id: draft.companyId, label: pickers.companyLabel(draft.companyId) } : null}
          placeholder="Search companies…"
          search={pickers.searchCompanies}
          onSelect={(option) => set({ companyId: option?.id ?? '' })}
          error={errors.companyId}
        />
      </form>
    </Dialog>
  )
}
