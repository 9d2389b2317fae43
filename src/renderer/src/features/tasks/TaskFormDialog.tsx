import { useMemo, useState, type FormEvent, type KeyboardEvent } from 'react'
import { ACTIVITY_LIMITS, type Activity } from '@core/schema'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { EMPTY_CONTACT_QUERY } from '../../data/contactIndex'
import { useCurrentMemberId, useDeals, useMembers } from '../../data/crmHooks'
import { useData } from '../../data/dataContext'
import { useCompanies } from '../../data/hooks'
import { insertSyncedDoc, patchSyncedDoc } from '../../data/syncedWrites'
import { Button } from '../../ui/Button'
import { Dialog } from '../../ui/Dialog'
import { FieldShell, SelectField, TextField, inputClass } from '../../ui/Field'
import { Kbd, modKey } from '../../ui/Kbd'
import { EMPTY_ACTIVITY_DRAFT, activityFromDraft, dueInputs, type ActivityDraft, type ActivityDraftErrors } from '../contacts/ActivityDraft'
import { assigneeOptions } from './assignees'
import { RecordPicker, type PickerOption } from '../../ui/RecordPicker'

export interface TaskLinkTarget {
  contactId?: string
  companyId?: string
  dealId?: string
}

export interface TaskFormDialogProps {
  open: boolean
  onOpenChange: (open: boolean) => void
  /** Edit this task; absent: create a new one. */
  task?: Activity | null
  /** A new task's links (the record it is added from). */
  initialLink?: TaskLinkTarget
  /** After a save, with the task's id. */
  onSaved?: (taskId: string) => void
}

const MAX_MATCHES = 8

/** New task / Edit task: subject, notes, due day and time, assignee and the records it is about. */
export function TaskFormDialog(props: TaskFormDialogProps) {
  const title = props.task ? 'Edit task' : 'New task'
  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange} title={title} width="md">
      {/* Mounted only while open, so each opening starts from the task or the prefilled link. */}
      {props.open ? <TaskForm {...props} /> : null}
    </Dialog>
  )
}

function TaskForm({ onOpenChange, task, initialLink, onSaved }: TaskFormDialogProps) {
  const { db, contacts } = useData()
  const dispatch = useAppDispatch()
  const me = useCurrentMemberId()
  const members = useMembers()
  const companies = useCompanies()
  const deals = useDeals()
  const [draft, setDraft] = useState<ActivityDraft>(() => ({
    kind: 'task',
    ...EMPTY_ACTIVITY_DRAFT,
    ...(task ? { subject: task.subject, body: task.body, assigneeId: task.assigneeId ?? '', ...dueInputs(task.dueAt) } : { assigneeId: me ?? '' }),
  }))
  const [link, setLink] = useState<Required<TaskLinkTarget>>(() => ({
    contactId: task?.contactId ?? initialLink?.contactId ?? '',
    companyId: task?.companyId ?? initialLink?.companyId ?? '',
    dealId: task?.dealId ?? initialLink?.dealId ?? '',
  }))
  const [errors, setErrors] = useState<ActivityDraftErrors>({})
  const [saving, setSaving] = useState(false)

  const update = (field: keyof Omit<ActivityDraft, 'kind'>, value: string) => {
    setDraft((current) => ({ ...current, [field]: value }))
    if (field !== 'assigneeId' && errors[field]) setErrors(({ [field]: _fixed, ...rest }) => rest)
  }

  const contactOption = (id: string): PickerOption | null => {
    const contact = id ? contacts.get(id) : undefined
    if (!contact) return id ? { id, label: 'Unknown contact' } : null
    return { id, label: `${contact.firstName} ${contact.lastName}`.trim() || contact.email, detail: contact.email }
  }
  const companyById = useMemo(() => new Map((companies ?? []).map((company) => [company.id, company])), [companies])
  const dealById = useMemo(() => new Map((deals ?? []).map((deal) => [deal.id, deal])), [deals])
  const companyOption = (id: string): PickerOption | null => {
    if (!id) return null
    const company = companyById.get(id)
    return { id, label: company?.name || contacts.companyName(id) || 'Unknown company', detail: company?.domain }
  }
  const dealOption = (id: string): PickerOption | null => {
    if (!id) return null
    return { id, label: dealById.get(id)?.name ?? 'Unknown deal' }
  }

  const searchContacts = (text: string): PickerOption[] =>
    text.trim() === ''
      ? []
      : contacts
          .query({ ...EMPTY_CONTACT_QUERY, text: text.trim().toLowerCase() })
          .slice(0, MAX_MATCHES)
          .flatMap((id) => contactOption(id) ?? [])
  const searchCompanies = (text: string): PickerOption[] => {
    const needle = text.trim().toLowerCase()
    const matches: PickerOption[] = []
    for (const company of companies ?? []) {
      if (matches.length >= MAX_MATCHES) break
      if (needle && !company.name.toLowerCase().includes(needle) && !company.domain.includes(needle)) continue
      matches.push({ id: company.id, label: company.name, detail: company.domain })
    }
    return matches
  }
  const searchDeals = (text: string): PickerOption[] => {
    const needle = text.trim().toLowerCase()
    const matches: PickerOption[] = []
    // Open deals first: a task is rarely about a closed one.
    const ordered = [...(deals ?? [])].sort((a, b) => Number(a.status !== 'open') - Number(b.status !== 'open') || a.name.localeCompare(b.name))
    for (const deal of ordered) {
      if (matches.length >= MAX_MATCHES) break
      if (needle && !deal.name.toLowerCase().includes(needle)) continue
      matches.push({ id: deal.id, label: deal.name, detail: deal.status === 'open' ? undefined : deal.status === 'won' ? 'Won' : 'Lost' })
    }
    return matches
  }

  const pickContact = (option: PickerOption | null) => {
    const contact = option ? contacts.get(option.id) : undefined
    // The contact's company comes along unless one was already chosen, so the task shows on both pages.
    setLink((current) => ({ ...current, contactId: option?.id ?? '', companyId: current.companyId || contact?.companyId || '' }))
  }

  const save = async (event?: FormEvent) => {
    event?.preventDefault()
    if (saving) return
    const result = activityFromDraft(draft, link, task?.occurredAt ?? Date.now())
    if (!result.ok) {
      setErrors(result.error)
      return
    }
    setSaving(true)
    try {
      let savedId: string
      if (task) {
        const { subject, body, dueAt, assigneeId } = result.value
        const removed: ('dueAt' | 'assigneeId' | 'dealId')[] = []
        if (dueAt === undefined) removed.push('dueAt')
        if (!assigneeId) removed.push('assigneeId')
        if (!link.dealId) removed.push('dealId')
        const patch: Partial<Activity> = { subject, body, contactId: link.contactId, companyId: link.companyId }
        if (dueAt !== undefined) patch.dueAt = dueAt
        if (assigneeId) patch.assigneeId = assigneeId
        if (link.dealId) patch.dealId = link.dealId
        if (!(await patchSyncedDoc<Activity>(db.activities, task.id, patch, removed))) throw new Error('it was deleted meanwhile')
        savedId = task.id
      } else {
        savedId = (await insertSyncedDoc<Activity>(db.activities, result.value)).id
      }
      onSaved?.(savedId)
      onOpenChange(false)
    } catch (error) {
      dispatch(toastShown({ message: `Could not save the task: ${String(error)}`, tone: 'error' }))
      setSaving(false)
    }
  }

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
      event.preventDefault()
      void save()
    }
  }

  const showAssignee = members !== undefined && members.length > 0
  return (
    <form onSubmit={save} onKeyDown={onKeyDown} noValidate className="flex flex-col gap-3" aria-label={task ? 'Edit task' : 'New task'}>
      <TextField
        label="Task"
        autoFocus
        placeholder="Send the proposal"
        value={draft.subject}
        onChange={(event) => update('subject', event.target.value)}
        error={errors.subject}
        maxLength={ACTIVITY_LIMITS.subject}
      />
      <div className={showAssignee ? 'grid grid-cols-[10rem_8.5rem_minmax(0,1fr)] gap-3' : 'grid grid-cols-[10rem_8.5rem] gap-3'}>
        <TextField label="Due date" type="date" value={draft.dueDate} onChange={(event) => update('dueDate', event.target.value)} error={errors.dueDate} />
        <TextField
          label="Time"
          type="time"
          value={draft.dueTime}
          onChange={(event) => update('dueTime', event.target.value)}
          error={errors.dueTime}
          hint={draft.dueDate && !draft.dueTime ? 'Any time' : undefined}
        />
        {showAssignee ? (
          <SelectField label="Assignee" value={draft.assigneeId} onChange={(event) => update('assigneeId', event.target.value)} options={assigneeOptions(members, me, draft.assigneeId)} />
        ) : null}
      </div>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <RecordPicker label="Contact" placeholder="Search contacts" selected={contactOption(link.contactId)} search={searchContacts} onSelect={pickContact} />
        <RecordPicker
          label="Company"
          placeholder="Search companies"
          selected={companyOption(link.companyId)}
          search={searchCompanies}
          onSelect={(option) => setLink((current) => ({ ...current, companyId: option?.id ?? '' }))}
        />
        <RecordPicker
          label="Deal"
          placeholder="Search deals"
          selected={dealOption(link.dealId)}
          search={searchDeals}
          onSelect={(option) => setLink((current) => ({ ...current, dealId: option?.id ?? '' }))}
        />
      </div>
      <FieldShell label="Notes" error={errors.body}>
        {(ids) => (
          <textarea
            {...ids}
            rows={3}
            value={draft.body}
            onChange={(event) => update('body', event.target.value)}
            placeholder="Optional"
            maxLength={ACTIVITY_LIMITS.body}
            className={`${inputClass} h-auto resize-y py-1.5 leading-relaxed`}
          />
        )}
      </FieldShell>
      <div className="flex items-center justify-between border-t border-slate-100 pt-3">
        <span className="text-xs text-slate-500">
          <Kbd>{modKey}</Kbd> <Kbd>Enter</Kbd> to save
        </span>
        <div className="flex gap-2">
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={saving}>
            {task ? 'Save task' : 'Add task'}
          </Button>
        </div>
      </div>
    </form>
  )
}
