import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { ACTIVITY_LIMITS, type Activity, type ActivityKind, type Contact } from '@core/schema'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { useCurrentMemberId, useMembers } from '../../data/crmHooks'
import { useData } from '../../data/dataContext'
import { insertSyncedDoc } from '../../data/syncedWrites'
import { Button } from '../../ui/Button'
import { FieldShell, SelectField, TextField, inputClass } from '../../ui/Field'
import { Kbd, modKey } from '../../ui/Kbd'
import { EMPTY_ACTIVITY_DRAFT, activityFromDraft, type ActivityDraft, type ActivityDraftErrors } from './ActivityDraft'
import { ActivityIcon } from './ActivityIcon'
import { assigneeOptions } from '../tasks/assignees'

/** Comments have their own box (with @mentions); the composer logs the rest. */
const COMPOSER_KINDS = ['note', 'task', 'call', 'meeting'] as const satisfies readonly ActivityKind[]
type ComposerKind = (typeof COMPOSER_KINDS)[number]

const TAB_LABELS: Record<ComposerKind, string> = { note: 'Note', task: 'Task', call: 'Call', meeting: 'Meeting' }
const SUBMIT_LABELS: Record<ComposerKind, string> = { note: 'Add note', task: 'Add task', call: 'Log call', meeting: 'Log meeting' }

/** Adds notes, tasks, calls and meetings to a contact's timeline. */
export function ActivityComposer({ contact }: { contact: Pick<Contact, 'id' | 'companyId'> }) {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const id = useId()
  const me = useCurrentMemberId()
  const members = useMembers()
  // A new task is the writer's own unless they pick someone else.
  const emptyTask = (): ActivityDraft => ({ kind: 'task', ...EMPTY_ACTIVITY_DRAFT, assigneeId: me ?? '' })
  const [kind, setKind] = useState<ComposerKind>('note')
  // One draft per kind, so switching tabs to check something does not lose what was typed.
  const [drafts, setDrafts] = useState<Record<ComposerKind, ActivityDraft>>(() => ({
    note: { kind: 'note', ...EMPTY_ACTIVITY_DRAFT },
    task: emptyTask(),
    call: { kind: 'call', ...EMPTY_ACTIVITY_DRAFT },
    meeting: { kind: 'meeting', ...EMPTY_ACTIVITY_DRAFT },
  }))
  const [errors, setErrors] = useState<ActivityDraftErrors>({})
  const [saving, setSaving] = useState(false)
  const tabRefs = useRef<Partial<Record<ComposerKind, HTMLButtonElement | null>>>({})
  const draft = drafts[kind]

  const update = (field: keyof Omit<ActivityDraft, 'kind'>, value: string) => {
    setDrafts((current) => ({ ...current, [kind]: { ...current[kind], [field]: value } }))
    if (field !== 'assigneeId' && errors[field]) setErrors(({ [field]: _fixed, ...rest }) => rest)
  }

  const selectTab = (next: ComposerKind, focus = false) => {
    setKind(next)
    setErrors({})
    if (focus) tabRefs.current[next]?.focus()
  }

  const onTabKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    const index = COMPOSER_KINDS.indexOf(kind)
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0
    if (step === 0) return
    event.preventDefault()
    const next = COMPOSER_KINDS[(index + step + COMPOSER_KINDS.length) % COMPOSER_KINDS.length]
    if (next) selectTab(next, true)
  }

  const submit = async (event?: FormEvent) => {
    event?.preventDefault()
    if (saving) return
    const result = activityFromDraft(draft, { contactId: contact.id, companyId: contact.companyId }, Date.now())
    if (!result.ok) {
      setErrors(result.error)
      return
    }
    setSaving(true)
    try {
      await insertSyncedDoc<Activity>(db.activities, result.value)
      setDrafts((current) => ({ ...current, [kind]: kind === 'task' ? emptyTask() : { kind, ...EMPTY_ACTIVITY_DRAFT } }))
      setErrors({})
    } catch (error) {
      dispatch(toastShown({ message: `Could not add the ${kind}: ${String(error)}`, tone: 'error' }))
    } finally {
      setSaving(false)
    }
  }

  // Mod+Enter adds from anywhere in the composer, including the multi-line notes.
  const onFormKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
      event.preventDefault()
      void submit()
    }
  }

  const bodyLabel = kind === 'note' ? 'Note' : kind === 'task' ? 'Details' : 'Notes'
  return (
    <section aria-label="Add activity" className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <div role="tablist" aria-label="Activity type" className="flex gap-1 border-b border-slate-100 px-2 pt-2">
        {COMPOSER_KINDS.map((tab) => {
          const selected = tab === kind
          return (
            <button
              key={tab}
              ref={(element) => {
                tabRefs.current[tab] = element
              }}
              type="button"
              role="tab"
              id={`${id}-tab-${tab}`}
              aria-selected={selected}
              aria-controls={`${id}-panel`}
              tabIndex={selected ? 0 : -1}
              onClick={() => selectTab(tab)}
              onKeyDown={onTabKeyDown}
              className={`-mb-px inline-flex items-center gap-1.5 border-b-2 px-2.5 pt-1 pb-2 text-sm font-medium ${
                selected ? 'border-accent-600 text-slate-900' : 'border-transparent text-slate-500 hover:text-slate-800'
              }`}
            >
              <ActivityIcon kind={tab} className="h-3.5 w-3.5" />
              {TAB_LABELS[tab]}
            </button>
          )
        })}
      </div>
      <form
        id={`${id}-panel`}
        role="tabpanel"
        aria-labelledby={`${id}-tab-${kind}`}
        onSubmit={submit}
        onKeyDown={onFormKeyDown}
        noValidate
        className="flex flex-col gap-3 p-3"
      >
        {kind === 'task' ? (
          <>
            <TextField
              label="Task"
              placeholder="Send the proposal"
              value={draft.subject}
              onChange={(event) => update('subject', event.target.value)}
              error={errors.subject}
              maxLength={ACTIVITY_LIMITS.subject}
            />
            <div className={members && members.length > 0 ? 'grid grid-cols-[10rem_8.5rem_minmax(0,1fr)] gap-3' : 'grid grid-cols-[10rem_8.5rem] gap-3'}>
              <TextField label="Due date" type="date" value={draft.dueDate} onChange={(event) => update('dueDate', event.target.value)} error={errors.dueDate} />
              <TextField label="Time" type="time" value={draft.dueTime} onChange={(event) => update('dueTime', event.target.value)} error={errors.dueTime} hint={draft.dueDate && !draft.dueTime ? 'Any time' : undefined} />
              {members && members.length > 0 ? (
                <SelectField label="Assignee" value={draft.assigneeId} onChange={(event) => update('assigneeId', event.target.value)} options={assigneeOptions(members, me, draft.assigneeId)} />
              ) : null}
            </div>
          </>
        ) : kind !== 'note' ? (
          <div className="grid grid-cols-[minmax(0,1fr)_9rem] gap-3">
            <TextField
              label="Subject"
              placeholder={kind === 'call' ? 'Discovery call' : 'Quarterly review'}
              value={draft.subject}
              onChange={(event) => update('subject', event.target.value)}
              error={errors.subject}
              maxLength={ACTIVITY_LIMITS.subject}
            />
            <TextField
              label="Duration (minutes)"
              inputMode="numeric"
              placeholder="30"
              value={draft.durationMinutes}
              onChange={(event) => update('durationMinutes', event.target.value)}
              error={errors.durationMinutes}
            />
          </div>
        ) : null}
        <FieldShell label={bodyLabel} error={errors.body}>
          {(ids) => (
            <textarea
              {...ids}
              rows={kind === 'note' ? 3 : 2}
              value={draft.body}
              onChange={(event) => update('body', event.target.value)}
              placeholder={kind === 'note' ? 'What happened, what was agreed…' : 'Optional'}
              maxLength={ACTIVITY_LIMITS.body}
              className={`${inputClass} h-auto resize-y py-1.5 leading-relaxed`}
            />
          )}
        </FieldShell>
        <div className="flex items-center justify-between">
          <span className="text-xs text-slate-500">
            <Kbd>{modKey}</Kbd> <Kbd>Enter</Kbd> to add
          </span>
          <Button type="submit" variant="primary" size="sm" disabled={saving}>
            {SUBMIT_LABELS[kind]}
          </Button>
        </div>
      </form>
    </section>
  )
}
